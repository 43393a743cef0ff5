import AIOpsCore
import AWSAdapters
import AWSClient
import AWSTestSupport
import Foundation
import Logging
import Pipeline
import TestSupport
import Testing

/// Changes as evidence on AWS: CloudTrail's `LookupEvents` and Auto Scaling's
/// `DescribeScalingActivities`, on moto and through the fault proxy.
///
/// moto (5.2.x, the newest as of 2026-12) lacks `LookupEvents` (HTTP 500, "not implemented") and
/// answers `DescribeScalingActivities` with no activity for any group: what it supports is tested
/// on it; the replies AWS documents come from the proxy (`FaultProxy.Fault.reply`).
@Suite struct ChangeEvidenceMotoTests {
    typealias Lines = BoundedPayloadMotoTests.Lines
    typealias ErrorLines = BoundedPayloadMotoTests.ErrorLines
    typealias NoMetrics = BoundedPayloadMotoTests.NoMetrics

    static let group = "web-asg"

    @Test func onMotoTheGroupComesFromItsTagAndAFailingTrailIsLeftOut() async throws {
        let moto = try Moto()
        let group = Moto.unique("web")
        var launch = QueryParameters()
        launch.add("LaunchConfigurationName", group)
        launch.add("ImageId", "ami-12345678")
        launch.add("InstanceType", "t3.micro")
        _ = try await moto.executor.query(.autoScaling, "CreateLaunchConfiguration", launch)
        var create = QueryParameters()
        create.add("AutoScalingGroupName", group)
        create.add("LaunchConfigurationName", group)
        create.add("MinSize", "1")
        create.add("MaxSize", "1")
        create.addList("AvailabilityZones.member", ["us-east-1a"])
        _ = try await moto.executor.query(.autoScaling, "CreateAutoScalingGroup", create)
        // The instance Auto Scaling launched carries the group's tag, as on AWS.
        let launched = try await EC2Client(executor: moto.executor).describeInstances(
            filters: [.tag(AWSChangeSource.groupTag, [group])], instanceIDs: [])
        let described = try #require(launched.first)
        let instance = Instance(id: described.instanceID, name: "web-1", tags: described.tags)

        var environment = moto.server.environment
        environment["AWS_MAX_ATTEMPTS"] = "1"
        let calls = CountingTransport(AsyncHTTPClientTransport())
        let executor = try AWSRequestExecutor.fromEnvironment(environment, transport: calls)
        let end = Date()
        let start = end.addingTimeInterval(-1800)
        // What moto answers.
        let missing = await #expect(throws: AWSError.self) {
            try await CloudTrailClient(executor: executor).lookupEvents(
                resourceName: instance.id, start: start, end: end)
        }
        #expect(missing?.statusCode == 500, "\(String(describing: missing))")
        #expect(
            try await AutoScalingClient(executor: executor).describeScalingActivities(groupName: group, since: start)
                .isEmpty)

        let logs = CapturedLogs()
        let changes = AWSChangeSource(
            cloudTrail: CloudTrailClient(executor: executor), autoScaling: AutoScalingClient(executor: executor),
            clock: SystemClock(), logger: Logger(label: "test") { _ in logs.handler() })
        // CloudTrail fails, Auto Scaling answers: no change, and no error.
        #expect(try await changes.changes(of: [instance], from: start, to: end).isEmpty)
        #expect(calls.count("LookupEvents") == 2)
        #expect(calls.count("DescribeScalingActivities") == 2)
        #expect(logs.text.contains("CloudTrail change lookups fail"), "\(logs.text)")
        // CloudTrail is left out for a while; the group is still asked.
        #expect(try await changes.changes(of: [instance], from: start, to: end).isEmpty)
        #expect(calls.count("LookupEvents") == 2)
        #expect(calls.count("DescribeScalingActivities") == 3)
    }

    @Test func throttledLookupsAreRetriedAndTheirChangesBecomeFindings() async throws {
        let now = Date()
        let instance = Self.instance()
        let (stage, proxy, _) = try Self.stage(
            now: now,
            plan: [
                "LookupEvents": [1: [.throttle, .throttle, .reply(status: 200, body: Self.trail(instance.id, now))]],
                "DescribeScalingActivities": [1: [.throttle, .reply(status: 200, body: Self.activities(now))]],
            ])
        defer { proxy.stop() }

        let incident = try #require(try await stage.handle(Self.event(instance, now: now)).incident)
        #expect(proxy.injected.filter { $0.fault == .throttle }.count == 3)
        let changes = incident.findings.filter { $0.kind == .change }.map(\.template)
        // CreateTags is no change, nor the load `aiops trigger` sent; the activity before the
        // horizon is not evidence.
        #expect(
            Set(changes) == [
                "deploy: SendCommand AWS-RunShellScript", "configuration: ModifyInstanceAttribute",
                "scaling: \(Self.group): Launching a new EC2 instance: i-0feed0000000000002",
            ], "\(changes)")
        #expect(incident.findings.filter { $0.kind == .log }.count == 2)
        #expect(incident.severity == .critical)
    }

    @Test func aLookupThrottledThroughItsRetriesLosesOnlyTheChangeEvidence() async throws {
        let now = Date()
        let instance = Self.instance()
        let throttled = Array(repeating: FaultProxy.Fault.throttle, count: 3)
        let (stage, proxy, logs) = try Self.stage(
            now: now, plan: ["LookupEvents": [1: throttled], "DescribeScalingActivities": [1: throttled]])
        defer { proxy.stop() }

        let outcome = try await stage.handle(Self.event(instance, now: now))
        let incident = try #require(outcome.incident)
        // Every attempt the client makes was throttled; nothing reached moto.
        #expect(proxy.injected.count == 6)
        #expect(proxy.forwarded["LookupEvents"] == nil)
        #expect(incident.findings.allSatisfy { $0.kind == .log })
        #expect(incident.findings.count == 2)
        #expect(incident.severity == .critical)
        #expect(outcome.alert != nil)
        #expect(logs.text.contains("change lookup failed"), "\(logs.text)")
    }

    static func instance() -> Instance {
        Instance(
            id: "i-0feed0000000000001", name: "web-1",
            tags: ["aiops:monitor": "true", AWSChangeSource.groupTag: group])
    }

    static func event(_ instance: Instance, now: Date) -> AnomalyEvent {
        let anomaly = Anomaly(
            instanceID: instance.id, metric: .cpuUtilization, timestamp: now.addingTimeInterval(-60), value: 97,
            score: 0.9, threshold: 0.8, expected: 0...80, detector: "threshold")
        return AnomalyEvent(
            eventID: Moto.unique("evt"), instance: instance, anomaly: anomaly,
            recent: [MetricPoint(timestamp: anomaly.timestamp, value: 97)], statusChecksFailing: false, detectedAt: now)
    }

    /// An analysis stage whose change source calls moto through a proxy injecting `plan`, with
    /// three attempts a call; two error lines in the anomaly's logs.
    static func stage(now: Date, plan: FaultProxy.Plan) throws -> (AnalysisStage, FaultProxy, CapturedLogs) {
        let moto = try MotoServer.shared()
        let proxy = try FaultProxy(upstream: moto.url, plan: plan)
        var environment = moto.environment
        environment["AWS_ENDPOINT_URL"] = proxy.url.absoluteString
        environment["AWS_MAX_ATTEMPTS"] = "3"
        let executor = try AWSRequestExecutor.fromEnvironment(environment)
        let logs = CapturedLogs()
        let logger = Logger(label: "test") { _ in logs.handler() }
        let stage = AnalysisStage(
            configuration: AgentConfiguration(), store: InMemoryIncidentStore(),
            logs: Lines(at: now.addingTimeInterval(-60), lines: ["ERROR payment refused", "ERROR pool exhausted"]),
            metrics: NoMetrics(), analyzer: ErrorLines(), alerts: InProcessEventBus(logger: logger),
            clock: SystemClock(), logger: logger,
            changes: AWSChangeSource(
                cloudTrail: CloudTrailClient(executor: executor), autoScaling: AutoScalingClient(executor: executor),
                clock: SystemClock(), logger: logger))
        return (stage, proxy, logs)
    }

    /// A `LookupEvents` reply as AWS documents it: a command sent, an attribute modified, tags
    /// created (no change the agent tracks), and `aiops trigger`'s own command (a test load).
    static func trail(_ instanceID: String, _ now: Date) -> String {
        func event(_ id: String, _ name: String, _ source: String, minutesAgo: Double, _ document: String) -> String {
            let time = now.addingTimeInterval(-minutesAgo * 60).timeIntervalSince1970
            let escaped = document.replacingOccurrences(of: "\"", with: "\\\"")
            return """
                {"EventId":"\(id)","EventName":"\(name)","ReadOnly":"false","EventTime":\(time),\
                "EventSource":"\(source)","Username":"deployer","AccessKeyId":"AKIAEXAMPLE",\
                "Resources":[{"ResourceType":"AWS::EC2::Instance","ResourceName":"\(instanceID)"}],\
                "CloudTrailEvent":"\(escaped)"}
                """
        }
        let events = [
            event(
                "e-1", "SendCommand", "ssm.amazonaws.com", minutesAgo: 10,
                #"{"eventName":"SendCommand","requestParameters":{"documentName":"AWS-RunShellScript"}}"#),
            event("e-2", "ModifyInstanceAttribute", "ec2.amazonaws.com", minutesAgo: 12, "{}"),
            event("e-3", "CreateTags", "ec2.amazonaws.com", minutesAgo: 5, "{}"),
            event(
                "e-4", "SendCommand", "ssm.amazonaws.com", minutesAgo: 4,
                #"{"requestParameters":{"documentName":"AWS-RunShellScript","comment":"aiops trigger: CPU load"}}"#),
        ]
        return #"{"Events":["# + events.joined(separator: ",") + "]}"
    }

    /// A `DescribeScalingActivities` reply: a launch 20 minutes ago, and one two hours ago.
    static func activities(_ now: Date) -> String {
        let format = Date.ISO8601FormatStyle(includingFractionalSeconds: true)
        func member(_ id: String, _ instance: String, minutesAgo: Double) -> String {
            """
            <member><ActivityId>\(id)</ActivityId><AutoScalingGroupName>\(group)</AutoScalingGroupName>\
            <Description>Launching a new EC2 instance: \(instance)</Description>\
            <Cause>At \(format.format(now)) an instance was started in response to a difference between desired \
            and actual capacity.</Cause><StartTime>\(format.format(now.addingTimeInterval(-minutesAgo * 60)))\
            </StartTime><StatusCode>Successful</StatusCode><Progress>100</Progress></member>
            """
        }
        return """
            <DescribeScalingActivitiesResponse xmlns="http://autoscaling.amazonaws.com/doc/2011-01-01/">\
            <DescribeScalingActivitiesResult><Activities>\
            \(member("a-1", "i-0feed0000000000002", minutesAgo: 20))\(member("a-0", "i-0feed0000000000003", minutesAgo: 120))\
            </Activities></DescribeScalingActivitiesResult>\
            <ResponseMetadata><RequestId>r-1</RequestId></ResponseMetadata></DescribeScalingActivitiesResponse>
            """
    }
}
