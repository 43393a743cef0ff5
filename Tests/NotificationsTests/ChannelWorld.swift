import AIOpsCore
import AWSClient
import Foundation
import Logging
import Notifications
import SQLiteStore
import Synchronization
import TestSupport

/// A store on a real SQLite file, a notifier over loopback receivers, and what the receivers got.
struct ChannelWorld {
    let directory: TemporaryDirectory
    let store: SQLiteIncidentStore
    let logs = CapturedLogs()

    init() throws {
        directory = try TemporaryDirectory("channels")
        store = try SQLiteIncidentStore(path: directory.file("aiops.sqlite").path)
    }

    var logger: Logger { Logger(label: "test.channels") { _ in logs.handler() } }

    /// No waiting between attempts: tests count attempts, not seconds.
    static let quickPolicy = DeliveryPolicy(
        retry: RetryPolicy(maxAttempts: 3, baseDelay: .milliseconds(1), maxDelay: .milliseconds(2), sleep: { _ in }),
        timeout: .seconds(30))

    func notifier(_ environment: [String: String], policy: DeliveryPolicy = quickPolicy) async throws -> ChannelNotifier
    {
        let notifier = try await ChannelNotifier.fromEnvironment(
            environment, store: store, clock: SystemClock(), policy: policy,
            dashboard: URL(string: "http://127.0.0.1:8080"), logger: logger,
            makeExecutor: { throw ChannelConfigurationError("no AWS in this test") })
        guard let notifier else { throw ChannelConfigurationError("no channel configured") }
        return notifier
    }

    /// A critical alert on a payments instance, its incident stored.
    func alert(_ id: String = "inc-\(UUID().uuidString.prefix(8))", tags: [String: String] = ["Team": "payments"])
        async throws -> CriticalAlert
    {
        var incident = StoreFixtures.incident(id)
        incident.version = 0
        try await store.save(incident)
        return CriticalAlert(
            alertID: "alert-\(id)", incident: incident,
            instance: Instance(id: incident.instanceID, name: incident.instanceName, tags: tags),
            raisedAt: StoreFixtures.time(2))
    }

    func audit(_ incidentID: String) async throws -> [AuditRecord] {
        try await store.audit(incidentID: incidentID, limit: 100).filter { $0.actor.hasPrefix("notify:") }
    }
}

/// A loopback receiver that checks each request with `check` (nil: accepted, 202; a text: refused,
/// 400 with it) and keeps the JSON bodies it got.
final class Receiver: Sendable {
    let server: LoopbackHTTPServer
    private let problems = CapturedLogs()

    init(status: Int = 202, check: @escaping @Sendable (LoopbackHTTPServer.Request, [String: Any]) -> String?) throws {
        let problems = self.problems
        server = try LoopbackHTTPServer { request, _ in
            guard let object = try? JSONSerialization.jsonObject(with: request.body) as? [String: Any] else {
                problems.append("not a JSON object")
                return .text(400, "not a JSON object")
            }
            if let problem = check(request, object) {
                problems.append(problem)
                return .text(400, problem)
            }
            return .json(status, #"{"status":"success"}"#)
        }
    }

    var url: String { server.url.absoluteString + "/hook/T000/B000/XXXXsecretpath" }
    var requests: [LoopbackHTTPServer.Request] { server.requests }
    var refusals: [String] { problems.lines }
    var bodies: [[String: Any]] {
        requests.compactMap { try? JSONSerialization.jsonObject(with: $0.body) as? [String: Any] }
    }

    deinit { server.stop() }
}

/// `object[path]` through nested objects and arrays (`attachments.0.contentType`).
func value(_ object: Any?, _ path: String) -> Any? {
    path.split(separator: ".").reduce(object) { current, key in
        if let index = Int(key), let array = current as? [Any] { return index < array.count ? array[index] : nil }
        return (current as? [String: Any])?[String(key)]
    }
}
