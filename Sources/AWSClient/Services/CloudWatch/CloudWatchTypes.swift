public import Foundation

/// A CloudWatch metric dimension (`InstanceId=i-…`).
public struct Dimension: Codable, Sendable, Hashable {
    public var name: String
    public var value: String
    public init(name: String, value: String) {
        self.name = name
        self.value = value
    }
    enum CodingKeys: String, CodingKey {
        case name = "Name"
        case value = "Value"
    }
}

/// A metric by namespace, name and dimensions.
public struct Metric: Codable, Sendable, Hashable {
    public var namespace: String
    public var metricName: String
    public var dimensions: [Dimension]
    public init(namespace: String, metricName: String, dimensions: [Dimension] = []) {
        self.namespace = namespace
        self.metricName = metricName
        self.dimensions = dimensions
    }
    enum CodingKeys: String, CodingKey {
        case namespace = "Namespace"
        case metricName = "MetricName"
        case dimensions = "Dimensions"
    }
}

/// A metric with a statistic over a period.
public struct MetricStat: Codable, Sendable, Hashable {
    public var metric: Metric
    public var period: Int
    /// `Average`, `Sum`, `Minimum`, `Maximum`, `SampleCount` (moto cannot do percentiles).
    public var stat: String
    public var unit: String?
    public init(metric: Metric, period: Int, stat: String, unit: String? = nil) {
        self.metric = metric
        self.period = period
        self.stat = stat
        self.unit = unit
    }
    enum CodingKeys: String, CodingKey {
        case metric = "Metric"
        case period = "Period"
        case stat = "Stat"
        case unit = "Unit"
    }
}

/// One query of `GetMetricData`: a metric statistic (or a math expression) under an id.
public struct MetricDataQuery: Codable, Sendable, Hashable {
    /// Unique within a call; starts with a lower-case letter, then letters, digits and `_`.
    public var id: String
    public var metricStat: MetricStat?
    public var expression: String?
    public var label: String?
    public var returnData: Bool?
    public init(
        id: String, metricStat: MetricStat? = nil, expression: String? = nil, label: String? = nil,
        returnData: Bool? = nil
    ) {
        self.id = id
        self.metricStat = metricStat
        self.expression = expression
        self.label = label
        self.returnData = returnData
    }
    enum CodingKeys: String, CodingKey {
        case id = "Id"
        case metricStat = "MetricStat"
        case expression = "Expression"
        case label = "Label"
        case returnData = "ReturnData"
    }
}

/// The datapoints of one query, oldest first once merged.
public struct MetricDataResult: Codable, Sendable, Hashable {
    public var id: String
    public var label: String?
    public var timestamps: [Date]
    public var values: [Double]
    /// `Complete`, `PartialData`, `InternalError` or `Forbidden`.
    public var statusCode: String?
    public init(
        id: String, label: String? = nil, timestamps: [Date] = [], values: [Double] = [], statusCode: String? = nil
    ) {
        self.id = id
        self.label = label
        self.timestamps = timestamps
        self.values = values
        self.statusCode = statusCode
    }
    enum CodingKeys: String, CodingKey {
        case id = "Id"
        case label = "Label"
        case timestamps = "Timestamps"
        case values = "Values"
        case statusCode = "StatusCode"
    }
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decode(String.self, forKey: .id)
        label = try container.decodeIfPresent(String.self, forKey: .label)
        timestamps = try container.decodeIfPresent([Date].self, forKey: .timestamps) ?? []
        values = try container.decodeIfPresent([Double].self, forKey: .values) ?? []
        statusCode = try container.decodeIfPresent(String.self, forKey: .statusCode)
    }
}

/// One value (or statistic set) for `PutMetricData`.
public struct MetricDatum: Codable, Sendable, Hashable {
    public var metricName: String
    public var dimensions: [Dimension]
    public var timestamp: Date?
    public var value: Double
    public var unit: String?
    public init(
        metricName: String, dimensions: [Dimension] = [], timestamp: Date? = nil, value: Double,
        unit: String? = nil
    ) {
        self.metricName = metricName
        self.dimensions = dimensions
        self.timestamp = timestamp
        self.value = value
        self.unit = unit
    }
    enum CodingKeys: String, CodingKey {
        case metricName = "MetricName"
        case dimensions = "Dimensions"
        case timestamp = "Timestamp"
        case value = "Value"
        case unit = "Unit"
    }
}
