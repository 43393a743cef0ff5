import Foundation

/// The `--report` file of `aiops demo`, as the tests read it (docs/pipeline.md, "`aiops demo`").
struct DemoReportFile: Decodable {
    struct Member: Decodable {
        var id: String
        var name: String
        var tags: [String: String]
    }
    struct Fault: Decodable {
        var instance_id: String
        var kind: String
        var start: Date
        var end: Date?
    }
    struct Finding: Decodable {
        var template: String
        var count: Int
        var example: String
        var kind: String
    }
    struct Action: Decodable {
        var kind: String
        var status: String
        var at: Date
        var reason: String
    }
    struct Incident: Decodable {
        var id: String
        var instance_id: String
        var metric: String
        var opened_at: Date
        var severity: String
        var summary: String
        var findings: [Finding]
        var actions: [Action]
        var members: [String]
        var flaps: Int
        var origin: String?
    }
    struct Notification: Decodable {
        var at: Date
        var incident_id: String
        var severity: String
    }
    /// The fleet scenario's figures.
    struct Noise: Decodable {
        struct Fault: Decodable {
            var name: String
            var anomalies: Int
            var episodes: Int
            var incidents: Int
            var pages: Int
        }
        struct Maintenance: Decodable {
            var anomalies: Int
            var pages: Int
            var actions: Int
        }
        var faults: [Fault]
        var compression: Double
        var flapping_notifications_per_hour: Double
        var maintenance: Maintenance
    }
    var seed: UInt64
    var start: Date
    var instances: [Member]
    var faults: [Fault]
    var incidents: [Incident]
    var notifications: [Notification]
    var noise: Noise?

    static func read(_ url: URL) throws -> DemoReportFile {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return try decoder.decode(DemoReportFile.self, from: Data(contentsOf: url))
    }
}
