public import Foundation

/// An EventBridge scheduled event (`"detail-type": "Scheduled Event"`).
public struct ScheduledEvent: Codable, Sendable, Hashable {
    public var id: String
    public var detailType: String
    public var source: String
    public var account: String
    public var time: String
    public var region: String
    public var resources: [String]

    enum CodingKeys: String, CodingKey {
        case id, source, account, time, region, resources
        case detailType = "detail-type"
    }

    /// The schedule's time, parsed (`time` is ISO 8601).
    public var date: Date? {
        try? Date(time, strategy: .iso8601)
    }
}
