public import Foundation

/// The agent's last cycle as the status page shows it: written by the agent after every cycle
/// under one checkpoint key, so a dashboard in another process (or the Lambda API) reads it too.
public struct AgentStatus: Sendable, Hashable, Codable {
    /// The checkpoint key the agent writes it under.
    public static let checkpointKey = "agent.status"

    /// When the cycle ended (the agent's clock) and how long it took, in seconds.
    public var at: Date
    public var seconds: Double
    /// `ok` or `failed`.
    public var outcome: String
    /// The id of the cycle (`cycle-` and the end of its window), as its log lines carry it.
    public var cycleID: String?
    public var instances: Int
    /// The series scored in the cycle: the series watched.
    public var seriesWatched: Int
    /// `GetMetricData`'s month at this cycle's pace, in dollars (nil where metrics are not CloudWatch's).
    public var monthlyCostEstimate: Double?
    public var version: String

    public init(
        at: Date, seconds: Double, outcome: String, cycleID: String?, instances: Int, seriesWatched: Int,
        monthlyCostEstimate: Double?, version: String = BuildInfo.version
    ) {
        self.at = at
        self.seconds = seconds
        self.outcome = outcome
        self.cycleID = cycleID
        self.instances = instances
        self.seriesWatched = seriesWatched
        self.monthlyCostEstimate = monthlyCostEstimate
        self.version = version
    }

    // The API's spelling (`/api/v1/status` serves it as stored).
    enum CodingKeys: String, CodingKey {
        case at, seconds, outcome, instances, version, seriesWatched, monthlyCostEstimate
        case cycleID = "cycleId"
    }

    /// The checkpoint's text.
    public func encoded() -> String {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = [.sortedKeys]
        return (try? encoder.encode(self)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
    }

    /// The status in a checkpoint's text; nil for none or an unreadable one.
    public static func decode(_ text: String?) -> AgentStatus? {
        guard let text else { return nil }
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return try? decoder.decode(AgentStatus.self, from: Data(text.utf8))
    }
}
