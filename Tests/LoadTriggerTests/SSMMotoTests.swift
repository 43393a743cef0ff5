import AWSClient
import AWSTestSupport
import Foundation
import LoadTrigger
import TestSupport
import Testing

/// The SSM way against moto's server: the `SendCommand` call, read back with `ListCommands` and
/// `GetCommandInvocation`.
@Suite struct SSMMotoTests {
    @Test func sendsTheScriptWithRunShellScript() async throws {
        let moto = try Moto()
        let instance = try await moto.runInstance()
        let script = try StressScript(minutes: 10)
        let trigger = SSMTrigger(sender: SSMRunCommandSender(ssm: SSMClient(executor: moto.executor)))
        let receipt = try await trigger.start(instanceID: instance, script: script)
        #expect(receipt.instanceID == instance)

        let listed = try #require(try await moto.listCommand(receipt.commandID))
        #expect(listed.DocumentName == "AWS-RunShellScript")
        // moto lists every instance it knows under each command; what was sent is checked on the
        // wire in anAWSErrorReachesThePersonWithTheInstance.
        #expect(listed.InstanceIds.contains(instance))
        #expect(listed.Parameters["commands"]?.joined(separator: "\n").appending("\n") == script.text)
        #expect(listed.Parameters["commands"]?.contains("seconds=600") == true)
        #expect(listed.Comment == "aiops trigger: CPU load")

        let invocation = try await moto.invocation(receipt.commandID, instance: instance)
        #expect(invocation.CommandId == receipt.commandID)
        #expect(invocation.InstanceId == instance)
        #expect(invocation.DocumentName == "AWS-RunShellScript")
    }

    @Test func theCommandLinesAreTheScriptLineByLine() throws {
        let text = try StressScript(minutes: 3).text
        let lines = SSMRunCommandSender<SSMClient>.commandLines(text)
        #expect(lines.first == "#!/bin/sh")
        #expect(lines.joined(separator: "\n") + "\n" == text)
        #expect(SSMRunCommandSender<SSMClient>.commandLines("a\n\nb") == ["a", "", "b"])
    }

    /// What AWS answers for an instance whose SSM agent is not registered, from a loopback server
    /// that also shows the request on the wire.
    @Test func anAWSErrorReachesThePersonWithTheInstance() throws {
        let server = try LoopbackHTTPServer { _, _ in
            .json(
                400,
                #"{"__type":"InvalidInstanceId","message":"Instances [[i-0123456789abcdef0]] not in a valid state for account 123456789012"}"#
            )
        }
        defer { server.stop() }
        var environment = try Moto().server.environment
        environment["AWS_ENDPOINT_URL"] = server.url.absoluteString
        let result = try Subprocess.aiops(
            ["trigger", "--instance-id", "i-0123456789abcdef0"], environment: environment)
        #expect(result.status != 0)
        #expect(
            result.stderr.contains(
                "Error: SSM SendCommand to i-0123456789abcdef0 failed: SSM.SendCommand: InvalidInstanceId (HTTP 400): "
                    + "Instances [[i-0123456789abcdef0]] not in a valid state"))
        let request = try #require(server.requests.first)
        #expect(request.header("X-Amz-Target") == "AmazonSSM.SendCommand")
        struct Body: Decodable {
            var DocumentName: String
            var InstanceIds: [String]
            var Parameters: [String: [String]]
        }
        let body = try JSONDecoder().decode(Body.self, from: request.body)
        #expect(body.DocumentName == "AWS-RunShellScript")
        #expect(body.InstanceIds == ["i-0123456789abcdef0"])
        #expect(body.Parameters["commands"]?.first == "#!/bin/sh")
    }

    @Test func theCommandSendsThroughSSMAndPrintsTheCommandID() async throws {
        let moto = try Moto()
        let instance = try await moto.runInstance()
        let result = try Subprocess.aiops(
            ["trigger", "--instance-id", instance, "--minutes", "5"], environment: moto.server.environment)
        #expect(result.status == 0, "\(result.stderr)")
        let commandID = result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(result.stderr.contains("sent AWS-RunShellScript to \(instance) for 5 minute(s)"))
        let listed = try #require(try await moto.listCommand(commandID))
        #expect(listed.CommandId == commandID)
        #expect(listed.InstanceIds.contains(instance))
        #expect(listed.Parameters["commands"]?.contains("seconds=300") == true)
    }
}

/// What the SSM checks read back from moto.
extension Moto {
    struct ListedCommand: Decodable {
        var CommandId: String
        var DocumentName: String
        var InstanceIds: [String]
        var Parameters: [String: [String]]
        var Comment: String?
    }

    func listCommand(_ id: String) async throws -> ListedCommand? {
        struct Output: Decodable { var Commands: [ListedCommand] }
        return try await executor.json(.ssm, "ListCommands", ["CommandId": id], as: Output.self).Commands.first
    }

    struct Invocation: Decodable {
        var CommandId: String
        var InstanceId: String
        var DocumentName: String
    }

    func invocation(_ id: String, instance: String) async throws -> Invocation {
        try await executor.json(
            .ssm, "GetCommandInvocation", ["CommandId": id, "InstanceId": instance], as: Invocation.self)
    }
}
