public import AIOpsCore
public import AWSClient
public import Foundation
public import Logging
import Synchronization

/// What changed on EC2 instances: CloudTrail's event history for the instance (`RunInstances`,
/// `StartInstances`, `ModifyInstanceAttribute`, SSM `SendCommand`) and the activities of its
/// Auto Scaling group (named by its `aws:autoscaling:groupName` tag).
///
/// Each source that fails (throttled past the client's retries, denied by IAM, unsupported by
/// the endpoint) is logged and left out for `pause`, so that an alert storm neither waits on it
/// nor spends CloudTrail's 2 lookups a second; the other source's changes still come back. Only
/// when every source asked failed is the error thrown (and the analysis goes on without change
/// evidence).
public final class AWSChangeSource: ChangeSource {
    /// The CloudTrail events that are changes, and their kind.
    public static let trackedEvents: [String: ChangeEvent.Kind] = [
        "RunInstances": .scaling, "StartInstances": .scaling, "ModifyInstanceAttribute": .configuration,
        "SendCommand": .deploy,
    ]
    /// The tag EC2 Auto Scaling puts on the instances it launches.
    public static let groupTag = "aws:autoscaling:groupName"

    private let cloudTrail: any CloudTrailAPI
    private let autoScaling: any AutoScalingAPI
    private let clock: any AgentClock
    private let logger: Logger
    private let pause: TimeInterval
    /// Per source (`CloudTrail`, `AutoScaling`): left out until then, after a failure.
    private let pausedUntil = Mutex<[String: Date]>([:])

    /// - Parameter pause: how long a source that failed is left out (5 minutes: one detection period).
    public init(
        cloudTrail: any CloudTrailAPI, autoScaling: any AutoScalingAPI, clock: any AgentClock, logger: Logger,
        pause: TimeInterval = 300
    ) {
        self.cloudTrail = cloudTrail
        self.autoScaling = autoScaling
        self.clock = clock
        self.logger = logger
        self.pause = pause
    }

    public func changes(of instances: [Instance], from start: Date, to end: Date) async throws -> [ChangeEvent] {
        var found: [ChangeEvent] = []
        var failures: [any Error] = []
        var asked = 0
        for instance in instances {
            if let events = try await ask(
                "CloudTrail", &asked, &failures, { try await self.trail(instance, start, end) })
            {
                found += events
            }
            guard let group = instance.tags[Self.groupTag], !group.isEmpty else { continue }
            if let events = try await ask(
                "AutoScaling", &asked, &failures, { try await self.activities(instance, group, start, end) })
            {
                found += events
            }
        }
        if let failure = failures.first, failures.count == asked { throw failure }
        var seen = Set<String>()
        return found.filter { seen.insert($0.id).inserted }.sorted { ($0.at, $0.id) < ($1.at, $1.id) }
    }

    /// Runs one source's lookup unless it is paused; a failure pauses it and is kept in `failures`.
    private func ask(
        _ source: String, _ asked: inout Int, _ failures: inout [any Error],
        _ lookup: () async throws -> [ChangeEvent]
    ) async throws -> [ChangeEvent]? {
        let now = clock.now()
        if let until = pausedUntil.withLock({ $0[source] }), now < until { return nil }
        asked += 1
        do {
            return try await lookup()
        } catch let error as CancellationError {
            throw error
        } catch {
            failures.append(error)
            pausedUntil.withLock { $0[source] = now.addingTimeInterval(pause) }
            logger.warning(
                "\(source) change lookups fail: left out for \(Int(pause)) s, incidents go on without them",
                metadata: [
                    "aws.error-code": "\((error as? AWSError)?.code.rawValue ?? "-")", "error": "\(error)",
                ])
            return nil
        }
    }

    private func trail(_ instance: Instance, _ start: Date, _ end: Date) async throws -> [ChangeEvent] {
        try await cloudTrail.lookupEvents(resourceName: instance.id, start: start, end: end, maxEvents: 200)
            .compactMap { event in
                guard let kind = Self.trackedEvents[event.eventName], event.eventTime >= start,
                    event.eventTime <= end, !Self.isOwnCommand(event)
                else { return nil }
                return ChangeEvent(
                    id: "cloudtrail:\(event.eventID)", instanceID: instance.id, at: event.eventTime, kind: kind,
                    subject: Self.subject(of: event), actor: event.username)
            }
    }

    private func activities(_ instance: Instance, _ group: String, _ start: Date, _ end: Date) async throws
        -> [ChangeEvent]
    {
        try await autoScaling.describeScalingActivities(groupName: group, since: start, maxActivities: 100)
            .filter { $0.startTime <= end }
            .map { activity in
                ChangeEvent(
                    id: "autoscaling:\(activity.activityID)", instanceID: instance.id, at: activity.startTime,
                    kind: .scaling, subject: "\(group): \(activity.description)", actor: "autoscaling")
            }
    }

    /// The event's name, and for `SendCommand` the document it ran (`SendCommand AWS-RunShellScript`),
    /// so that one command sent to a group's instances reads as one change.
    static func subject(of event: CloudTrailEvent) -> String {
        guard event.eventName == "SendCommand", let name = requestParameters(of: event)?["documentName"] as? String
        else { return event.eventName }
        return "SendCommand \(name)"
    }

    /// A `SendCommand` of aiops itself (its comment says so): `aiops trigger`'s test load, or a
    /// runbook's restart or clean-up. Neither is a change: counted as one, the spike a test load
    /// causes would read as "errors after a change", and a runbook would block its own next action.
    static func isOwnCommand(_ event: CloudTrailEvent) -> Bool {
        guard event.eventName == "SendCommand", let comment = requestParameters(of: event)?["comment"] as? String
        else { return false }
        return comment.hasPrefix("aiops trigger") || comment.hasPrefix("aiops runbook")
    }

    /// The call's parameters, from the event document CloudTrail keeps.
    static func requestParameters(of event: CloudTrailEvent) -> [String: Any]? {
        guard let document = event.document,
            let parsed = try? JSONSerialization.jsonObject(with: Data(document.utf8)) as? [String: Any]
        else { return nil }
        return parsed["requestParameters"] as? [String: Any]
    }
}
