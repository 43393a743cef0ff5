import AWSClient
import AWSTestSupport
import Foundation
import Testing

@Suite struct MotoSSMTests {
    @Test func sendCommandReturnsTheCommand() async throws {
        let moto = try Moto()
        let instances = try await moto.runInstances(count: 1, tags: ["fleet": Moto.unique("ssm")])
        let command = try await SSMClient(executor: moto.executor).sendCommand(
            documentName: "AWS-RunShellScript", instanceIDs: instances,
            parameters: ["commands": ["stress --cpu 2 -t 60"]],
            comment: "aiops trigger", timeoutSeconds: 60)
        #expect(command.commandId.count == 36)
        #expect(command.documentName == "AWS-RunShellScript")
        #expect(command.instanceIds?.contains(instances[0]) == true)
    }

    @Test func tooManyInstancesAreRefusedBeforeSending() async throws {
        let client = SSMClient(executor: try Moto().executor)
        let error = await #expect(throws: AWSError.self) {
            _ = try await client.sendCommand(
                documentName: "AWS-RunShellScript", instanceIDs: (0..<51).map { "i-\($0)" }, parameters: [:],
                comment: nil,
                timeoutSeconds: nil)
        }
        #expect(error?.code == .invalidParameter)
    }
}
