import AWSClient
import AWSTestSupport
import Foundation
import Testing

@Suite struct MotoEC2Tests {
    @Test func describeByTagFiltersAcrossPagesThenStopStartReboot() async throws {
        let moto = try Moto()
        let client = EC2Client(executor: moto.executor, pageSize: 5)
        let fleet = Moto.unique("fleet")
        // moto pages by reservation: seven launches make seven reservations, two pages of five.
        var monitored: [String] = []
        for _ in 0..<7 {
            monitored += try await moto.runInstances(
                count: 1, tags: ["aiops:monitor": "true", "fleet": fleet, "Name": "web"])
        }
        let other = try await moto.runInstances(count: 2, tags: ["aiops:monitor": "false", "fleet": fleet])
        #expect(monitored.count == 7 && other.count == 2)

        let found = try await client.describeInstances(
            filters: [.tag("aiops:monitor", ["true"]), .tag("fleet", [fleet])], instanceIDs: [])
        #expect(Set(found.map(\.instanceID)) == Set(monitored))
        #expect(found.count == 7)
        #expect(moto.calls.count("DescribeInstances") >= 2, "7 instances at 5 a page")
        #expect(found.allSatisfy { $0.tags["Name"] == "web" && $0.state == "running" && $0.instanceType == "t3.micro" })
        let all = try await client.describeInstances(
            filters: [.tagKey("fleet"), .tag("fleet", [fleet])], instanceIDs: [])
        #expect(all.count == 9)
        let one = try await client.describeInstances(filters: [], instanceIDs: [other[0]])
        #expect(one.map(\.instanceID) == [other[0]])

        let stopped = try await client.stopInstances([monitored[0]])
        #expect(stopped.first?.instanceID == monitored[0])
        #expect(stopped.first?.previousState == "running")
        let started = try await client.startInstances([monitored[0]])
        #expect(started.first?.instanceID == monitored[0])
        try await client.rebootInstances([monitored[1]])
    }

    @Test func anUnknownInstanceIsAnEC2ErrorWithItsCode() async throws {
        let client = EC2Client(executor: try Moto().executor)
        let error = await #expect(throws: AWSError.self) { try await client.rebootInstances(["i-0000000000000dead"]) }
        #expect(error?.code.rawValue == "InvalidInstanceID.NotFound")
        #expect(error?.message.contains("i-0000000000000dead") == true)
        #expect(error?.statusCode == 400)
        let empty = await #expect(throws: AWSError.self) { try await client.rebootInstances([]) }
        #expect(empty?.code == .invalidParameter)
    }
}
