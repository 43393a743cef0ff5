public import Foundation

/// A CloudWatch metric name such as `CPUUtilization`.
public struct MetricName: Sendable, Hashable, Codable, RawRepresentable, ExpressibleByStringLiteral,
    CustomStringConvertible, Comparable
{
    public var rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public init(_ rawValue: String) { self.rawValue = rawValue }
    public init(stringLiteral value: String) { self.rawValue = value }
    public init(from decoder: any Decoder) throws { rawValue = try decoder.singleValueContainer().decode(String.self) }
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
    public var description: String { rawValue }
    public static func < (lhs: MetricName, rhs: MetricName) -> Bool { lhs.rawValue < rhs.rawValue }

    public static let cpuUtilization: MetricName = "CPUUtilization"
    public static let networkIn: MetricName = "NetworkIn"
    public static let networkOut: MetricName = "NetworkOut"
    public static let statusCheckFailed: MetricName = "StatusCheckFailed"
    public static let memoryUtilization: MetricName = "mem_used_percent"
    /// The CloudWatch agent's root filesystem use, in percent.
    public static let diskUsedPercent: MetricName = "disk_used_percent"
}

/// One datapoint of a metric.
public struct MetricPoint: Sendable, Codable, Hashable {
    public var timestamp: Date
    public var value: Double
    public init(timestamp: Date, value: Double) {
        self.timestamp = timestamp
        self.value = value
    }
}

/// The datapoints of one metric of one instance, oldest first.
public struct MetricSeries: Sendable, Codable, Hashable {
    public var instanceID: String
    public var metric: MetricName
    public var points: [MetricPoint]

    public init(instanceID: String, metric: MetricName, points: [MetricPoint]) {
        self.instanceID = instanceID
        self.metric = metric
        self.points = points
    }
}

/// A query for metric data over a time range at a period, for many instances at once.
public struct MetricQuery: Sendable, Hashable {
    public var instanceIDs: [String]
    public var metrics: [MetricName]
    public var start: Date
    public var end: Date
    /// Seconds between datapoints (60 or 300 for EC2).
    public var period: Int

    public init(instanceIDs: [String], metrics: [MetricName], start: Date, end: Date, period: Int) {
        self.instanceIDs = instanceIDs
        self.metrics = metrics
        self.start = start
        self.end = end
        self.period = period
    }
}
