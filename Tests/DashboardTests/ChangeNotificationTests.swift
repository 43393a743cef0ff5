import AIOpsCore
import Foundation
import HummingbirdTesting
import NIOCore
import Synchronization
import Testing

@testable import Dashboard

/// Acknowledging or resolving through the API tells the notifier once per change, so pages
/// (PagerDuty's acknowledge and resolve) follow what a person did.
@Suite("API status changes reach the notifier")
struct ChangeNotificationTests {
    final class Recorder: Notifier {
        let changes = Mutex<[String]>([])
        func notify(_ alert: CriticalAlert) async throws {}
        func incidentChanged(_ incident: Incident, at: Date) async throws {
            changes.withLock { $0.append("\(incident.id):\(incident.status.rawValue)") }
        }
    }

    @Test func acknowledgeAndResolveAreToldOnceEach() async throws {
        var configured = try await DashboardFixture().seeded(10)
        let recorder = Recorder()
        configured.notifier = recorder
        let fixture = configured
        let open = try #require(
            try await fixture.store.incidents(matching: IncidentFilter(status: .open), limit: 1, cursor: nil).items
                .first)
        try await fixture.application().test(.router) { client in
            let path = "/api/v1/incidents/\(open.id)"
            for action in ["/acknowledge", "/acknowledge", "/resolve"] {
                try await client.execute(uri: path + action, method: .post, headers: fixture.authorized) {
                    #expect($0.status == .ok)
                }
            }
            try await client.execute(
                uri: path + "/feedback", method: .post, headers: fixture.jsonHeaders,
                body: ByteBuffer(string: #"{"verdict":"true_positive"}"#)
            ) { _ in }
        }
        #expect(recorder.changes.withLock { $0 } == ["\(open.id):acknowledged", "\(open.id):resolved"])
    }
}
