import AIOpsCore
public import Foundation

/// How anomalies of several instances become one incident, how a flapping series stays one, and
/// how far back changes count as evidence (issue #15; docs/pipeline.md, "Noise control").
public struct CorrelationPolicy: Sendable, Hashable {
    /// Off: every instance has its own incidents, as before correlation existed.
    public var enabled: Bool
    /// Tags whose shared value makes instances one group: the Auto Scaling group, a configured tag
    /// such as `Role`, the availability zone.
    public var groupTags: [String]
    /// The tag naming the role an instance calls (`DependsOn=api`), and the tag naming its own
    /// role (`Role=api`): together, the dependency edges.
    public var dependsOnTag: String
    public var roleTag: String
    /// An anomaly joins another instance's open incident when that incident saw an anomaly at most
    /// this long before: 30 minutes, the janitor's quiet period, so an incident still open is a
    /// problem still going on (a shorter one splits a problem whose members are anomalous only
    /// now and then); unrelated faults an hour apart stay apart.
    public var overlapWindow: TimeInterval
    /// A series that re-opens within this long after its incident was resolved re-opens that
    /// incident rather than a new one (an hour, as the "resolves and re-opens within an hour").
    public var flapWindow: TimeInterval
    /// Changes this long before an anomaly are evidence (30 minutes: a deploy's effect shows within
    /// a few detection periods; DevOps Guru and Watchdog look back about as far).
    public var changeHorizon: TimeInterval

    public init(
        enabled: Bool = true, groupTags: [String] = ["aws:autoscaling:groupName", "Role", "AvailabilityZone"],
        dependsOnTag: String = "DependsOn", roleTag: String = "Role", overlapWindow: TimeInterval = 30 * 60,
        flapWindow: TimeInterval = 3600, changeHorizon: TimeInterval = 30 * 60
    ) {
        self.enabled = enabled
        self.groupTags = groupTags
        self.dependsOnTag = dependsOnTag
        self.roleTag = roleTag
        self.overlapWindow = overlapWindow
        self.flapWindow = flapWindow
        self.changeHorizon = changeHorizon
    }

    /// Correlation off (one incident per instance), the behaviour before issue #15.
    public static let off = CorrelationPolicy(enabled: false)

    /// What an instance shares with others: `tag=value` for each group tag it carries.
    func groupKeys(of tags: [String: String]) -> [String] {
        groupTags.compactMap { key in tags[key].map { "\(key)=\($0)" } }
    }

    /// The keys of the log templates an analysis found new (never in the baseline) at error level
    /// or above: `template:<id>`. A template id is the hash of its text, the same on every
    /// instance, so one bad release or one failing dependency writing the same new error on
    /// instances of no common group still makes one incident.
    func templateKeys(of findings: [Finding]) -> [String] {
        findings.filter { $0.kind == .log && $0.novelty == .new && $0.level >= .error }.map {
            "template:\($0.templateID)"
        }
    }

    /// The names of the leases that serialise find-or-create among the analyses that could join
    /// one incident: each group key, and `edge:<role>` for the role an instance is and the role
    /// it calls (a caller and the called share that name).
    func leaseKeys(of tags: [String: String]) -> [String] {
        let edges = [tags[roleTag], tags[dependsOnTag]].compactMap { $0 }.map { "edge:\($0)" }
        return Array(Set(groupKeys(of: tags) + edges)).sorted()
    }

    /// The dependency keys: `role:<role>` for what it is, `depends-on:<role>` for what it calls.
    func edgeKeys(of tags: [String: String]) -> [String] {
        [tags[roleTag].map { "role:\($0)" }, tags[dependsOnTag].map { "depends-on:\($0)" }].compactMap { $0 }
    }
}
