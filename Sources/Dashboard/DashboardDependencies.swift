public import AIOpsCore
public import Logging
public import Remediation

/// What the dashboard's router needs: where incidents and metrics come from, the time, the bearer
/// token, the change feed and the static files. Tests, `aiops serve`, `aiops demo` and the Lambda
/// API function build the same router from these.
public struct DashboardDependencies<Store: IncidentStore, Metrics: MetricSource>: Sendable {
    public var store: Store
    public var metrics: Metrics
    public var clock: any AgentClock
    /// The bearer token every `/api/v1` request must carry; nil lets every request through (loopback only).
    public var token: String?
    /// True behind API Gateway's authorizer (the Lambda API function), on API Gateway's own host
    /// name: the own-origin rule of a dashboard without a token does not apply there.
    public var behindAuthorizer = false
    /// The own-origin rule (`OwnOriginMiddleware`) applies to a dashboard without a token.
    var ownOriginOnly: Bool { token == nil && !behindAuthorizer }
    public var events: IncidentEvents
    /// Told when a person acknowledges or resolves an incident through the API, so the pages
    /// follow (PagerDuty's acknowledge and resolve); nil tells no one.
    public var notifier: (any Notifier)?
    /// Carries out answers to approvals (the remediation engine, where it runs in this process);
    /// nil: approvals are listed, and answering one is refused with a 503 saying where to answer.
    public var approvals: (any ApprovalDesk)?
    /// `AIOPS_SLACK_SIGNING_SECRET`: turns on `POST /api/v1/slack/interactions` (Slack's buttons),
    /// which Slack's signature authenticates instead of the bearer token.
    public var slackSigningSecret: String?
    /// `AIOPS_SLACK_APPROVERS`: the Slack user ids whose button presses count; a press by anyone
    /// else is refused and nothing is done. Nil: anyone whose press Slack signs (the workspace and
    /// the channel the message went to are the gate).
    public var slackApprovers: Set<String>?
    /// Updates a Slack message through its `response_url` after its button was answered; nil:
    /// only the HTTP reply (seen by the person who pressed).
    public var slackResponder: SlackResponder?
    public var resources: DashboardResources
    public var logger: Logger
    /// The process's metrics in the Prometheus text format, served on `/metrics`; nil serves none.
    public var metricsText: (@Sendable () -> String)?
    /// AWS calls of this process that failed in the last hour, for `/api/v1/status`; nil: none made.
    public var awsErrorsLastHour: (@Sendable () -> Int)?
    /// Set by `buildApplication` for a server on loopback: `/metrics` then needs no token.
    var metricsOnLoopback = false
    /// The runbooks `/api/v1/runbooks` lists with their records (the agent's configuration).
    public var runbooks: [Runbook] = RunbookBook.defaults()
    /// `AIOPS_RUNBOOK_MODE`, shown as each runbook's mode.
    public var runbookMode: RunbookMode?

    public init(
        store: Store, metrics: Metrics, clock: any AgentClock = SystemClock(), token: String?,
        events: IncidentEvents = IncidentEvents(), resources: DashboardResources,
        logger: Logger = Logger(label: "aiops.dashboard")
    ) {
        self.store = store
        self.metrics = metrics
        self.clock = clock
        self.token = token.flatMap { $0.isEmpty ? nil : $0 }
        self.events = events
        self.resources = resources
        self.logger = logger
    }
}
