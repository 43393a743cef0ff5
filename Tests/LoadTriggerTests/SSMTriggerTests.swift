import LoadTrigger
import Synchronization
import Testing

@Suite struct SSMTriggerTests {
    /// Records what it was asked to send: the seam's contract, without AWS.
    final class RecordingSender: RunCommandSender {
        let sent = Mutex<[(command: String, instanceID: String)]>([])
        let failure: (any Error & Sendable)?
        init(failure: (any Error & Sendable)? = nil) { self.failure = failure }

        func send(command: String, instanceID: String) async throws -> String {
            sent.withLock { $0.append((command, instanceID)) }
            if let failure { throw failure }
            return "3f2a8a9e-0000-4000-8000-000000000001"
        }
    }

    @Test func sendsTheStressScriptToTheInstance() async throws {
        let sender = RecordingSender()
        let script = try StressScript(minutes: 4)
        let receipt = try await SSMTrigger(sender: sender).start(instanceID: "i-0123456789abcdef0", script: script)
        #expect(
            receipt
                == RunCommandReceipt(
                    commandID: "3f2a8a9e-0000-4000-8000-000000000001", instanceID: "i-0123456789abcdef0", minutes: 4))
        let sent = sender.sent.withLock { $0 }
        #expect(sent.count == 1)
        #expect(sent.first?.command == script.text)
        #expect(sent.first?.instanceID == "i-0123456789abcdef0")
    }

    @Test(arguments: ["", "i-", "i-XYZ", "i-0123456789ABCDEF0", "0123456789abcdef0", "i-0123456789abcdef0 ", "i-123"])
    func refusesWhatIsNoInstanceIDBeforeSending(instanceID: String) async throws {
        let sender = RecordingSender()
        let error = await #expect(throws: TriggerError.self) {
            _ = try await SSMTrigger(sender: sender).start(instanceID: instanceID, script: try StressScript(minutes: 1))
        }
        #expect(error?.code == .invalidArgument)
        #expect(sender.sent.withLock { $0.isEmpty })
    }

    @Test(arguments: ["i-0123abcd", "i-0123456789abcdef0", "mi-0123456789abcdef0"])
    func acceptsInstanceAndManagedNodeIDs(instanceID: String) throws {
        try SSMTrigger<RecordingSender>.validate(instanceID: instanceID)
    }

    @Test func aFailedSendNamesTheInstanceAndKeepsTheCause() async throws {
        struct Refused: Error, CustomStringConvertible { var description: String { "InvalidInstanceId" } }
        let error = await #expect(throws: TriggerError.self) {
            _ = try await SSMTrigger(sender: RecordingSender(failure: Refused())).start(
                instanceID: "i-0123456789abcdef0", script: try StressScript(minutes: 1))
        }
        #expect(error?.code == .sendFailed)
        #expect(error?.message == "SSM SendCommand to i-0123456789abcdef0 failed: InvalidInstanceId")
        #expect(error?.underlying is Refused)
    }
}
