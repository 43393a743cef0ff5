import AIOpsCore
import AWSAdapters
import AWSClient
import AWSTestSupport
import Foundation
import Synchronization
import Testing

/// The runbooks' actions against moto's EC2 and SSM. moto 5 answers `SendCommand`,
/// `GetCommandInvocation` (always `Success`) and `ListCommands`, and stops an instance at once;
/// it has no Automation (`StartAutomationExecution` is not implemented), so the automation path
/// is driven by a scripted SSM below.
@Suite struct RunbookControllerMotoTests {
    let waiting = EC2InstanceController.Waiting(interval: .milliseconds(10), timeout: .seconds(5))

    /// The parameters of the commands moto keeps for `instanceID`.
    func sentCommands(_ moto: Moto, instanceID: String) async throws -> [[String]] {
        struct Input: Encodable { var InstanceId: String }
        struct Output: Decodable {
            struct Command: Decodable {
                var DocumentName: String
                var Parameters: [String: [String]]
                var InstanceIds: [String]?
                var Comment: String?
            }
            var Commands: [Command]
        }
        // moto answers ListCommands with every command it holds, whatever the InstanceId (other
        // suites send commands to the shared moto too): keep this instance's.
        let output = try await moto.executor.json(.ssm, "ListCommands", Input(InstanceId: instanceID), as: Output.self)
        let mine = output.Commands.filter {
            ($0.InstanceIds?.contains(instanceID) ?? false) && ($0.Comment?.hasPrefix("aiops runbook") ?? false)
        }
        #expect(mine.allSatisfy { $0.DocumentName == "AWS-RunShellScript" })
        return mine.compactMap { $0.Parameters["commands"] }
    }

    @Test func restartAndFreeDiskSendTheirFixedScriptsAndWaitForThem() async throws {
        let moto = try Moto()
        let instance = try await moto.runInstance(tags: ["Name": "web"])
        let controller = EC2InstanceController(
            ec2: EC2Client(executor: moto.executor), ssm: SSMClient(executor: moto.executor), waiting: waiting)
        try await controller.restartService(try #require(ServiceName("storefront")), instanceID: instance)
        try await controller.freeDisk(instanceID: instance)
        let sent = try await sentCommands(moto, instanceID: instance)
        // Two scripts: on a loaded run the client may send one again after a timed-out attempt
        // (SendCommand has no idempotency token), which moto records as another command.
        #expect(Set(sent).count == 2, "\(sent)")
        #expect(
            sent.contains([
                "set -eu", "systemctl restart -- 'storefront.service'",
                "systemctl is-active --quiet -- 'storefront.service'",
            ]))
        #expect(sent.contains { $0.contains("journalctl --vacuum-size=200M --vacuum-time=7d") })
        #expect(moto.calls.count("GetCommandInvocation") >= 2)
    }

    @Test func stopAndStartWaitsForStoppedBeforeStarting() async throws {
        let moto = try Moto()
        let instance = try await moto.runInstance()
        let ec2 = EC2Client(executor: moto.executor)
        let controller = EC2InstanceController(ec2: ec2, waiting: waiting)
        try await controller.stopAndStart(instanceID: instance)
        #expect(try await ec2.describeInstances(filters: [], instanceIDs: [instance]).first?.state == "running")
        #expect(moto.calls.count("StopInstances") == 1 && moto.calls.count("StartInstances") == 1)
        // Without SSM, the SSM runbooks say what is missing.
        await #expect(throws: AIOpsError.self) { try await controller.freeDisk(instanceID: instance) }
    }

    @Test func anAutomationIsFollowedToItsEnd() async throws {
        let moto = try Moto()
        let instance = try await moto.runInstance()
        let ssm = ScriptedAutomation(statuses: ["InProgress", "InProgress", "Success"])
        let controller = EC2InstanceController(ec2: EC2Client(executor: moto.executor), ssm: ssm, waiting: waiting)
        try await controller.runAutomation(document: "AWS-RestartEC2Instance", instanceID: instance)
        #expect(ssm.started.withLock { $0 } == ["AWS-RestartEC2Instance InstanceId=\(instance)"])
        let failing = ScriptedAutomation(statuses: ["Failed"])
        let broken = EC2InstanceController(ec2: EC2Client(executor: moto.executor), ssm: failing, waiting: waiting)
        await #expect(throws: AIOpsError.self) {
            try await broken.runAutomation(document: "Custom-Rollback", instanceID: instance)
        }
    }
}

/// Automation as SSM reports it, one status per question: moto has no Automation to ask.
final class ScriptedAutomation: SSMRunbookAPI {
    let statuses: Mutex<[String]>
    let started = Mutex<[String]>([])

    init(statuses: [String]) { self.statuses = Mutex(statuses) }

    func sendCommand(
        documentName: String, instanceIDs: [String], parameters: [String: [String]], comment: String?,
        timeoutSeconds: Int?
    ) async throws -> SSMCommand {
        throw AWSError(.invalidParameter, "not scripted")
    }

    func commandInvocation(commandID: String, instanceID: String) async throws -> SSMCommandInvocation {
        throw AWSError(.invalidParameter, "not scripted")
    }

    func startAutomation(document: String, parameters: [String: [String]]) async throws -> String {
        started.withLock { $0.append("\(document) InstanceId=\(parameters["InstanceId"]?.joined() ?? "")") }
        return "exec-1"
    }

    func automationExecution(id: String) async throws -> SSMAutomationExecution {
        let status = statuses.withLock { $0.count > 1 ? $0.removeFirst() : $0[0] }
        return try JSONDecoder().decode(
            SSMAutomationExecution.self,
            from: Data(
                #"{"AutomationExecutionId": "\#(id)", "AutomationExecutionStatus": "\#(status)", "FailureMessage": "step 1 failed"}"#
                    .utf8))
    }
}
