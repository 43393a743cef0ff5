import AIOpsCore
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Remediation
import Simulator
import Synchronization
import Testing

@testable import Dashboard

/// A clock that stands still until told to move: deterministic times in answers and audit records.
final class FixedClock: AgentClock {
    private let current: Mutex<Date>
    init(_ date: Date) { current = Mutex(date) }
    func now() -> Date { current.withLock { $0 } }
    func sleep(until deadline: Date) async throws { advance(to: deadline) }
    func advance(by seconds: TimeInterval) { current.withLock { $0 = $0.addingTimeInterval(seconds) } }
    func advance(to date: Date) { current.withLock { $0 = max($0, date) } }
}

/// A dashboard over an in-memory store seeded with sample incidents, and helpers to call it.
struct DashboardFixture: Sendable {
    static let now = ISO8601.date(from: "2026-11-25T12:00:00Z") ?? Date(timeIntervalSince1970: 1_795_000_000)
    static let token = "test-token-0123456789"
    static let slackSecret = "8f742231b10e8888abcd99yyyzzz85a5"

    let store = InMemoryIncidentStore()
    let clock = FixedClock(now)
    let events = IncidentEvents()
    let fleet = SampleFleet(now: now)
    var token: String? = DashboardFixture.token
    /// Told of status changes made through the API (nil: none).
    var notifier: (any Notifier)?
    /// Answers approvals (nil: the API refuses to, as `aiops serve` does).
    var approvals: (any ApprovalDesk)?
    /// The Slack user ids whose presses count (nil: anyone Slack signs for).
    var slackApprovers: Set<String>?
    /// Updates Slack messages through their `response_url` (nil: none).
    var slackResponder: SlackResponder?
    /// The runbooks `/api/v1/runbooks` lists (nil: the default set).
    var runbooks: [Runbook]?

    /// Seeds `incidents` sample incidents.
    func seeded(_ incidents: Int = 30) async throws -> DashboardFixture {
        try await fleet.seed(into: store, incidents: incidents)
        return self
    }

    func dependencies() throws -> DashboardDependencies<
        InMemoryIncidentStore, SnapshotMetricSource<InMemoryIncidentStore>
    > {
        var dependencies = DashboardDependencies(
            store: store, metrics: SnapshotMetricSource(store: store), clock: clock, token: token, events: events,
            resources: try DashboardResources.locate())
        dependencies.notifier = notifier
        dependencies.approvals = approvals
        if let runbooks { dependencies.runbooks = runbooks }
        dependencies.slackResponder = slackResponder
        dependencies.slackApprovers = slackApprovers
        dependencies.slackSigningSecret = Self.slackSecret
        return dependencies
    }

    func application(pollInterval: Duration = .milliseconds(100)) throws -> some ApplicationProtocol {
        try buildApplication(
            dependencies(),
            configuration: DashboardConfiguration(host: "127.0.0.1", port: 0, pollInterval: pollInterval))
    }

    var authorized: HTTPFields { [.authorization: "Bearer \(Self.token)"] }
    var jsonHeaders: HTTPFields { [.authorization: "Bearer \(Self.token)", .contentType: "application/json"] }
}

extension TestResponse {
    /// The body as a JSON object (fails the test when it is not one).
    func json() throws -> [String: Any] {
        let data = Data(body.readableBytesView)
        let object = try JSONSerialization.jsonObject(with: data)
        return try #require(object as? [String: Any], "not a JSON object: \(String(decoding: data, as: UTF8.self))")
    }

    func decode<T: Decodable>(_: T.Type) throws -> T {
        try EventCodec.decoder().decode(T.self, from: Data(body.readableBytesView))
    }

    var text: String { String(buffer: body) }

    /// The body as a JSON object; empty when it is not one (for use inside `#expect`).
    var fields: [String: Any] { (try? json()) ?? [:] }

    /// The code of an error answer `{"error":{"code","message"}}`; nil unless the body is one.
    var errorCode: String? {
        guard let error = fields["error"] as? [String: Any], error["message"] is String else { return nil }
        return error["code"] as? String
    }
}
