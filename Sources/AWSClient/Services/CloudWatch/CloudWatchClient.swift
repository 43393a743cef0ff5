public import Foundation

/// CloudWatch over AWS JSON 1.0.
public struct CloudWatchClient: CloudWatchAPI {
    /// Queries per `GetMetricData` call (the API's limit).
    public static let maxQueriesPerCall = 500
    /// Datapoints per `PutMetricData` call (the API's limit).
    public static let maxDatumsPerCall = 1000
    /// Pages followed per batch before giving up on a token that never ends.
    static let maxPages = 1000

    private let executor: AWSRequestExecutor

    public init(executor: AWSRequestExecutor) { self.executor = executor }

    struct GetMetricDataInput: Encodable {
        var queries: [MetricDataQuery]
        var start: Date
        var end: Date
        var nextToken: String?
        var scanBy = "TimestampAscending"
        enum CodingKeys: String, CodingKey {
            case queries = "MetricDataQueries"
            case start = "StartTime"
            case end = "EndTime"
            case nextToken = "NextToken"
            case scanBy = "ScanBy"
        }
    }

    struct GetMetricDataOutput: Decodable {
        var results: [MetricDataResult]?
        var nextToken: String?
        enum CodingKeys: String, CodingKey {
            case results = "MetricDataResults"
            case nextToken = "NextToken"
        }
    }

    public func getMetricData(_ queries: [MetricDataQuery], start: Date, end: Date) async throws -> [MetricDataResult] {
        try Self.validate(queries)
        var merged: [String: MetricDataResult] = [:]
        for batchStart in stride(from: 0, to: queries.count, by: Self.maxQueriesPerCall) {
            let batch = Array(queries[batchStart..<min(batchStart + Self.maxQueriesPerCall, queries.count)])
            var input = GetMetricDataInput(queries: batch, start: start, end: end)
            var pages = 0
            repeat {
                let output = try await executor.json(.cloudWatch, "GetMetricData", input, as: GetMetricDataOutput.self)
                for page in output.results ?? [] { merged[page.id] = Self.merge(merged[page.id], page) }
                input.nextToken = output.nextToken.flatMap { $0.isEmpty || $0 == input.nextToken ? nil : $0 }
                pages += 1
            } while input.nextToken != nil && pages < Self.maxPages
        }
        // One result per query that returns data, in the order asked, even when AWS sent none.
        return queries.filter { $0.returnData ?? true }.map {
            merged[$0.id] ?? MetricDataResult(id: $0.id, label: $0.label)
        }
    }

    /// Appends a page to what an id has so far (AWS splits long series across pages).
    static func merge(_ existing: MetricDataResult?, _ page: MetricDataResult) -> MetricDataResult {
        guard var result = existing else { return page }
        result.timestamps += page.timestamps
        result.values += page.values
        result.statusCode = page.statusCode ?? result.statusCode
        result.label = result.label ?? page.label
        return result
    }

    /// Ids must be unique (results are matched by id) and well formed (AWS refuses others).
    static func validate(_ queries: [MetricDataQuery]) throws {
        var seen: Set<String> = []
        for query in queries {
            guard let first = query.id.unicodeScalars.first, ("a"..."z").contains(first),
                query.id.unicodeScalars.allSatisfy({ $0.isASCIIAlnum || $0 == "_" }),
                query.id.count <= 255
            else {
                throw AWSError(
                    .invalidParameter,
                    "GetMetricData query id '\(query.id)' must start with a lower-case letter and hold only letters, digits and _"
                )
            }
            guard seen.insert(query.id).inserted else {
                throw AWSError(.invalidParameter, "GetMetricData query id '\(query.id)' is used twice")
            }
            guard (query.metricStat == nil) != (query.expression == nil) else {
                throw AWSError(
                    .invalidParameter,
                    "GetMetricData query '\(query.id)' needs exactly one of metricStat and expression")
            }
        }
    }

    struct PutMetricDataInput: Encodable {
        var namespace: String
        var data: [MetricDatum]
        enum CodingKeys: String, CodingKey {
            case namespace = "Namespace"
            case data = "MetricData"
        }
    }

    public func putMetricData(namespace: String, _ data: [MetricDatum]) async throws {
        guard !namespace.isEmpty, !namespace.hasPrefix("AWS/") else {
            throw AWSError(.invalidParameter, "PutMetricData namespace '\(namespace)' is empty or reserved (AWS/)")
        }
        if let bad = data.first(where: { !$0.value.isFinite }) {
            throw AWSError(.invalidParameter, "PutMetricData value of \(bad.metricName) is not a finite number")
        }
        for batchStart in stride(from: 0, to: data.count, by: Self.maxDatumsPerCall) {
            let batch = Array(data[batchStart..<min(batchStart + Self.maxDatumsPerCall, data.count)])
            _ = try await executor.json(
                .cloudWatch, "PutMetricData", PutMetricDataInput(namespace: namespace, data: batch),
                as: EmptyOutput.self)
        }
    }
}

extension Unicode.Scalar {
    fileprivate var isASCIIAlnum: Bool {
        ("a"..."z").contains(self) || ("A"..."Z").contains(self) || ("0"..."9").contains(self)
    }
}
