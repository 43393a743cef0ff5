public import AIOpsCore
public import Foundation
public import Remediation

/// Everything the agent's stages are tuned by, with defaults that suit a 5-minute CloudWatch
/// period. Entry points fill it (from flags, or from `AIOPS_*` variables on AWS); stages only read it.
public struct AgentConfiguration: Sendable {
    /// Instances carrying this tag are watched.
    public var monitorTag: TagSelector
    /// The metrics scored by a detector, per instance.
    public var metrics: [MetricName]
    /// The 0/1 metric that says an instance failed its status checks (critical on its own); nil: not consulted.
    public var statusCheckMetric: MetricName?
    /// Seconds between datapoints (60 or 300 on EC2). Cycles process whole periods.
    public var period: Int
    /// Time between two detection cycles.
    public var cycleInterval: TimeInterval
    /// History scored (silently) to warm a fresh detector up before it judges new points.
    public var warmup: TimeInterval
    /// On the very first cycle (no checkpoint yet), how far back to look.
    public var initialLookback: TimeInterval
    /// After a long outage, the most history one cycle catches up on.
    public var maxCatchUp: TimeInterval
    /// How long after a period has ended its datapoint is reliably available (CloudWatch: a few minutes).
    public var settleDelay: TimeInterval
    /// How much of the metric an anomaly event carries for the incident's chart.
    public var chartWindow: TimeInterval
    /// Points of the primary metric kept in an instance's snapshot (the fleet view's sparkline).
    public var sparklinePoints: Int
    /// An open incident with no new anomaly for this long is resolved automatically.
    public var autoResolveAfter: TimeInterval
    public var escalation: EscalationPolicy
    /// The remediation guards, dry-run mode among them.
    public var remediation: RemediationPolicy
    /// How the instance's recovery is judged after an action.
    public var recovery: RecoveryCriteria
    /// Times a stage is given an event before it is set aside as a dead letter.
    public var deliveryAttempts: Int
    /// How false-positive verdicts raise a series' threshold.
    public var feedback: FeedbackPolicy
    /// Tags whose shared value makes instances one group (first match wins): a series younger than
    /// its detector's horizon starts from a group peer's history. The Auto Scaling group's tag by
    /// default; `AIOPS_GROUP_TAGS` adds others (e.g. `Role`).
    public var groupTags: [String] = ["aws:autoscaling:groupName"]
    /// How long an analysis that finds an incident's alert being sent by another waits for that one
    /// to save the incident before taking it for dead and paging itself (`AnalysisStage.raise`).
    public var alertingWait: Duration = .seconds(5)
    /// Correlated incidents, flapping and change evidence (issue #15). Off by default, so that a
    /// pipeline built before it behaves as it did; the fleet scenario turns it on.
    public var correlation: CorrelationPolicy = .off

    public init(
        monitorTag: TagSelector = .monitor, metrics: [MetricName] = [.cpuUtilization],
        statusCheckMetric: MetricName? = .statusCheckFailed, period: Int = 300, cycleInterval: TimeInterval = 300,
        warmup: TimeInterval = 2 * 3600, initialLookback: TimeInterval? = nil, maxCatchUp: TimeInterval = 24 * 3600,
        settleDelay: TimeInterval = 0, chartWindow: TimeInterval = 3 * 3600, sparklinePoints: Int = 36,
        autoResolveAfter: TimeInterval = 30 * 60, escalation: EscalationPolicy = EscalationPolicy(),
        remediation: RemediationPolicy = RemediationPolicy(), recovery: RecoveryCriteria = RecoveryCriteria(),
        deliveryAttempts: Int = 3, feedback: FeedbackPolicy = FeedbackPolicy()
    ) {
        self.monitorTag = monitorTag
        self.metrics = metrics
        self.statusCheckMetric = statusCheckMetric
        self.period = period
        self.cycleInterval = cycleInterval
        self.warmup = warmup
        self.initialLookback = initialLookback ?? cycleInterval
        self.maxCatchUp = maxCatchUp
        self.settleDelay = settleDelay
        self.chartWindow = chartWindow
        self.sparklinePoints = sparklinePoints
        self.autoResolveAfter = autoResolveAfter
        self.escalation = escalation
        self.remediation = remediation
        self.recovery = recovery
        self.deliveryAttempts = deliveryAttempts
        self.feedback = feedback
    }

    /// The start of the period holding `date` (cycle boundaries and checkpoints fall on these).
    public func periodStart(_ date: Date) -> Date {
        let seconds = Double(max(period, 1))
        return Date(timeIntervalSince1970: (date.timeIntervalSince1970 / seconds).rounded(.down) * seconds)
    }
}
