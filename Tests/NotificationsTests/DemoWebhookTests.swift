import Crypto
import Foundation
import TestSupport
import Testing

/// The real `aiops demo` with `AIOPS_WEBHOOK_URL` set: its critical incidents reach a loopback
/// receiver, signed, once each.
@Suite struct DemoWebhookTests {
    @Test func theDemoSignsAndSendsEachCriticalIncidentOnce() throws {
        let folder = try TemporaryDirectory("demo-webhook")
        let secret = "demo-\(UUID().uuidString)"
        let receiver = try Receiver { request, body in
            guard let stamp = request.header("X-AIOps-Timestamp") else { return "no timestamp" }
            var signed = Data("\(stamp).".utf8)
            signed.append(request.body)
            let mac = HMAC<SHA256>.authenticationCode(for: signed, using: SymmetricKey(data: Data(secret.utf8)))
            let hex = mac.map { String(format: "%02x", $0) }.joined()
            guard request.header("X-AIOps-Signature") == "sha256=\(hex)" else { return "bad signature" }
            return body["version"] as? Int == 1 ? nil : "no version"
        }
        let result = try Subprocess.aiops(
            ["demo", "--duration", "2h", "--no-server", "--data-dir", folder.url.path],
            environment: ["AIOPS_WEBHOOK_URL": receiver.url, "AIOPS_WEBHOOK_SECRET": secret], timeout: 600)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(receiver.refusals == [])
        let opened = receiver.bodies.filter { $0["type"] as? String == "incident.opened" }
        #expect(!opened.isEmpty, "the scenario's runaway is critical")
        let ids = opened.compactMap { value($0, "incident.id") as? String }
        #expect(Set(ids).count == ids.count, "one page per incident")
        #expect(opened.allSatisfy { value($0, "incident.severity") as? String == "critical" })
        // The secret went in the environment, never to the terminal.
        #expect(!result.stdout.contains(secret) && !result.stderr.contains(secret))
        // The remediated incident resolves once verified: the webhook hears of it.
        #expect(receiver.bodies.contains { $0["type"] as? String == "incident.resolved" })
    }
}
