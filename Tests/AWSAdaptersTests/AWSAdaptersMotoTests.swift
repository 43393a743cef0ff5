import AIOpsCore
import AWSAdapters
import AWSClient
import AWSTestSupport
import Foundation
import Testing

@Suite struct AWSAdaptersMotoTests {
    @Test func inventoryListsTaggedInstancesAndControllerActsOnThem() async throws {
        let moto = try Moto()
        let key = Moto.unique("aiops:monitor")
        let watched = try await moto.runInstances(count: 2, tags: [key: "true", "Name": "api"])
        let ignored = try await moto.runInstances(count: 1, tags: [key: "false"])
        let ec2 = EC2Client(executor: moto.executor)
        let inventory = EC2Inventory(ec2: ec2, monitorTag: TagSelector(key: key, value: "true"))
        let instances = try await inventory.monitoredInstances()
        #expect(Set(instances.map(\.id)) == Set(watched))
        #expect(
            instances.allSatisfy {
                $0.name == "api" && $0.state == .running && $0.carries(TagSelector(key: key, value: "true"))
            })
        let anyValue = try await EC2Inventory(ec2: ec2, monitorTag: TagSelector(key: key, value: nil))
            .monitoredInstances()
        #expect(anyValue.count == 3)
        #expect(try await inventory.instance(id: ignored[0])?.tags[key] == "false")
        #expect(try await inventory.instance(id: "i-0000000000000dead") == nil)

        let controller = EC2InstanceController(ec2: ec2)
        try await controller.stop(instanceID: watched[0])
        #expect(try await inventory.instance(id: watched[0])?.state == .stopped)
        try await controller.start(instanceID: watched[0])
        try await controller.reboot(instanceID: watched[1])
        await #expect(throws: AWSError.self) { try await controller.reboot(instanceID: "i-0000000000000dead") }
    }

    @Test func metricSourceReturnsOneSeriesPerInstanceAndMetric() async throws {
        let moto = try Moto()
        let start = Date(timeIntervalSince1970: (Date().timeIntervalSince1970 / 3600).rounded(.down) * 3600 - 7200)
        let instances = [Moto.unique("i"), Moto.unique("i")]
        for (index, instance) in instances.enumerated() {
            try await moto.seedMetric(
                namespace: "AWS/EC2", name: "CPUUtilization", instanceID: instance,
                points: (0..<3).map { (start.addingTimeInterval(Double($0 * 300)), Double(10 * index + $0)) })
        }
        try await moto.seedMetric(
            namespace: "CWAgent", name: "mem_used_percent", instanceID: instances[0], points: [(start, 55)])
        let source = CloudWatchMetricSource(cloudWatch: CloudWatchClient(executor: moto.executor))
        let series = try await source.fetch(
            MetricQuery(
                instanceIDs: instances, metrics: [.cpuUtilization, .memoryUtilization],
                start: start.addingTimeInterval(-60),
                end: start.addingTimeInterval(3600), period: 300))
        #expect(series.count == 4)
        #expect(series.map(\.instanceID) == [instances[0], instances[0], instances[1], instances[1]])
        #expect(series[0].points.map(\.value) == [0, 1, 2])
        #expect(series[1].points.map(\.value) == [55])
        #expect(series[2].points.map(\.value) == [10, 11, 12])
        #expect(series[3].points.isEmpty)
        #expect(series[0].points.map(\.timestamp) == series[0].points.map(\.timestamp).sorted())
    }

    @Test func logSourceReadsTheInstancesStreamsInEveryGroup() async throws {
        let moto = try Moto()
        let logs = CloudWatchLogsClient(executor: moto.executor)
        let groups = [Moto.unique("/aiops/syslog"), Moto.unique("/aiops/app")]
        let base = Date(timeIntervalSince1970: (Date().timeIntervalSince1970 / 60).rounded(.down) * 60 - 1800)
        for group in groups {
            try await logs.createLogGroup(group)
            for stream in ["i-0abc/messages", "i-0abcdef/messages"] {
                try await logs.createLogStream(group: group, name: stream)
                try await logs.putLogEvents(
                    group: group, stream: stream,
                    [
                        InputLogEvent(
                            date: base.addingTimeInterval(60), message: "ERROR disk full on \(stream) in \(group)")
                    ])
            }
        }
        let source = CloudWatchLogSource(logs: logs, groups: groups + [Moto.unique("/not/created")])
        let events = try await source.events(
            instanceID: "i-0abcdef", from: base, to: base.addingTimeInterval(600))
        #expect(events.count == 2)
        #expect(events.allSatisfy { $0.message.contains("i-0abcdef/messages") })
        #expect(Set(events.compactMap(\.source)) == Set(groups.map { "\($0)/i-0abcdef/messages" }))
        let shorter = try await source.events(instanceID: "i-0abc", from: base, to: base.addingTimeInterval(600))
        #expect(shorter.count == 2 && shorter.allSatisfy { $0.message.contains("i-0abc/messages") })
        #expect(try await source.events(instanceID: "i-0ffff", from: base, to: base.addingTimeInterval(600)).isEmpty)
    }

    @Test func aLogWindowOverItsBudgetKeepsTheNewestLinesAndSaysSo() async throws {
        let moto = try Moto()
        let logs = CloudWatchLogsClient(executor: moto.executor)
        let group = Moto.unique("/aiops/burst")
        let base = Date(timeIntervalSince1970: (Date().timeIntervalSince1970 / 60).rounded(.down) * 60 - 1800)
        try await logs.createLogGroup(group)
        try await logs.createLogStream(group: group, name: "i-0burst/messages")
        // 330 lines over 11 minutes, the newest last: a burst three times the budget.
        let lines = (0..<330).map {
            InputLogEvent(date: base.addingTimeInterval(Double($0) * 2), message: "ERROR burst line \($0)")
        }
        try await logs.putLogEvents(group: group, stream: "i-0burst/messages", lines)
        let source = CloudWatchLogSource(logs: logs, groups: [group], maxEvents: 100)
        let excerpt = try await source.excerpt(instanceID: "i-0burst", from: base, to: base.addingTimeInterval(900))
        #expect(excerpt.droppedOlder)
        #expect(excerpt.events.count == 100)
        #expect(excerpt.events.last?.message == "ERROR burst line 329", "the line nearest the anomaly is kept")
        #expect(excerpt.events.map(\.message) == (230..<330).map { "ERROR burst line \($0)" })
        // A window within the budget is read whole and says nothing was dropped.
        let quiet = try await source.excerpt(
            instanceID: "i-0burst", from: base.addingTimeInterval(600), to: base.addingTimeInterval(900))
        #expect(!quiet.droppedOlder)
        #expect(quiet.events.count == 30)
    }
}
