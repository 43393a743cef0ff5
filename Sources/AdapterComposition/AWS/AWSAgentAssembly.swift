public import AIOpsCore
public import AWSAdapters
public import AWSClient
public import Composition
public import Detection
import Foundation
import LogAnalysis
public import Logging
public import Notifications
public import Pipeline
import Remediation
import Synchronization

/// The agent wired to AWS: every entry point that runs the pipeline against AWS (`aiops detect
/// --once`, `aiops run --aws`, the Lambda handlers) builds one of these and takes what it needs.
///
/// Built from the resolved `AgentSettings`, the process environment (AWS region, endpoints,
/// credentials, timeouts) and a logger; building it makes no call. Topics are resolved on first
/// use: the configured ARN, else the topic of that name, found or created with `CreateTopic`
/// (idempotent).
public final class AWSAgentAssembly: Sendable {
    /// The `AIOPS_*` settings it was built from.
    public let settings: AgentSettings
    /// Signs, sends and retries every AWS call of the agent.
    public let executor: AWSRequestExecutor
    /// EC2 inventory and controller, CloudWatch metrics, CloudWatch Logs, the DynamoDB store, the
    /// system clock, and CloudTrail and Auto Scaling as the change evidence.
    public let ports: PipelinePorts
    /// The same store as `ports.store`, typed (the dashboard's router is generic over it).
    public let store: DynamoDBIncidentStore
    /// What every part logs through.
    public let logger: Logger
    private let sns: SNSClient
    private let resolvedTopics = Mutex<AWSAgentTopics?>(nil)
    /// The `AIOPS_*` channel variables (docs/channels.md) come from it.
    private let environment: [String: String]
    private let resolvedChannels = Mutex<ChannelNotifier??>(nil)

    /// - Parameters:
    ///   - environment: the process environment; read for the `AWS_*` variables (the settings
    ///     were resolved from it already).
    ///   - clock: the agent's clock (the system clock unless a test drives time).
    public convenience init(
        settings: AgentSettings, environment: [String: String], logger: Logger,
        clock: any AgentClock = SystemClock()
    ) throws {
        let executor = try AWSRequestExecutor.fromEnvironment(environment, logger: logger)
        self.init(settings: settings, executor: executor, logger: logger, clock: clock, environment: environment)
    }

    /// Over an executor built elsewhere (tests with their own transport or timeouts).
    /// `environment` is read for the notification channels only (none when empty).
    public init(
        settings: AgentSettings, executor: AWSRequestExecutor, logger: Logger, clock: any AgentClock = SystemClock(),
        environment: [String: String] = [:]
    ) {
        self.environment = environment
        self.settings = settings
        self.executor = executor
        self.logger = logger
        let ec2 = EC2Client(executor: executor)
        sns = SNSClient(executor: executor)
        store = DynamoDBIncidentStore(
            dynamoDB: DynamoDBClient(executor: executor), table: settings.table,
            retention: TimeInterval(settings.eventTTLDays) * 86_400)
        ports = PipelinePorts(
            inventory: EC2Inventory(ec2: ec2, monitorTag: settings.monitorTag),
            metrics: CloudWatchMetricSource(cloudWatch: CloudWatchClient(executor: executor)),
            logs: CloudWatchLogSource(
                logs: CloudWatchLogsClient(executor: executor), groups: settings.logGroups, logger: logger),
            // Within the remediation function's 10 minutes (infrastructure/functions.tf).
            controller: EC2InstanceController(
                ec2: ec2, ssm: SSMClient(executor: executor), waiting: .init(timeout: .seconds(480))),
            store: store, clock: clock,
            changes: AWSChangeSource(
                cloudTrail: CloudTrailClient(executor: executor), autoScaling: AutoScalingClient(executor: executor),
                clock: clock, logger: logger))
    }

    /// The stages' configuration from the settings: monitor tag, metrics, remediation tag,
    /// dry-run and group tags; everything else keeps `AgentConfiguration`'s defaults (5-minute periods).
    public func agentConfiguration() -> AgentConfiguration {
        var configuration = AgentConfiguration(
            monitorTag: settings.monitorTag, metrics: settings.metrics,
            remediation: {
                var policy = RemediationPolicy(remediateTag: settings.remediateTag, dryRun: settings.dryRun)
                policy.maxAlertAge = settings.maxAlertAge
                policy.requireApproval = settings.requireApproval
                policy.approvalTimeout = settings.approvalTimeout
                policy.approverRole = settings.approverRole
                policy.customRunbooks = settings.runbooks
                policy.modeOverride = settings.runbookMode
                return policy
            }())
        configuration.groupTags += settings.groupTags
        if settings.correlation {
            var correlation = CorrelationPolicy()
            correlation.groupTags += settings.groupTags.filter { !correlation.groupTags.contains($0) }
            configuration.correlation = correlation
        }
        return configuration
    }

    /// The detectors: with `AIOPS_MODEL_DIR`, `<instance-id>.json` there, else `default.json`,
    /// else the catalog detector `fallback` learning each series from its history (as without
    /// a model folder). Throws for an unknown `fallback` name.
    public func detectorProvider(fallback: String = DetectorCatalog.defaultName) throws -> any DetectorProvider {
        guard
            let catalog = CatalogDetectorProvider.catalog(
                fallback, metrics: settings.metrics, context: DetectorContext(trainingPoints: 150))
        else {
            throw AIOpsError(
                .invalidInput,
                "unknown detector '\(fallback)': use one of \(DetectorCatalog.names.joined(separator: ", "))")
        }
        guard let folder = settings.modelDirectory else { return catalog }
        var isFolder: ObjCBool = false
        if !FileManager.default.fileExists(atPath: folder, isDirectory: &isFolder) || !isFolder.boolValue {
            // Not fatal (a Lambda without its model layer still detects), but never silent.
            logger.warning(
                "AIOPS_MODEL_DIR is not a folder: every series is scored by the \(fallback) detector",
                metadata: ["aiops.model-dir": "\(folder)"])
        }
        return ModelDirectoryDetectorProvider(
            directory: URL(fileURLWithPath: folder), metrics: settings.metrics, fallback: catalog, logger: logger)
    }

    /// The detector's fan-out with `AIOPS_SHARD_QUEUE_URL`: fleets of more than `AIOPS_SHARD_SIZE`
    /// instances go to the detector workers through that queue. Nil without a queue.
    public func fanOut() -> FleetFanOut? {
        guard let queueURL = settings.shardQueueURL else { return nil }
        return FleetFanOut(
            plan: ShardPlan(shardSize: settings.shardSize),
            queue: SQSDetectionTaskQueue(sqs: SQSClient(executor: executor), queueURL: queueURL))
    }

    /// The two topics' ARNs, resolved once (configured, or found/created by name).
    public func topics() async throws -> AWSAgentTopics {
        if let known = resolvedTopics.withLock({ $0 }) { return known }
        let topics = AWSAgentTopics(
            anomalies: try await arn(settings.anomalyTopicARN, name: settings.anomalyTopicName),
            criticalAlerts: try await arn(settings.criticalTopicARN, name: settings.criticalTopicName))
        resolvedTopics.withLock { $0 = topics }
        return topics
    }

    private func arn(_ configured: String?, name: String) async throws -> String {
        if let configured { return configured }
        return try await sns.createTopic(name: name)
    }

    /// Publishes anomalies to the anomaly topic and critical alerts to the critical-alerts topic.
    public func eventPublisher() async throws -> SNSEventPublisher {
        let topics = try await topics()
        return SNSEventPublisher(sns: sns, anomalyTopicARN: topics.anomalies, criticalTopicARN: topics.criticalAlerts)
    }

    /// Publishes critical alerts (and escalations) to the critical-alerts topic, whose email
    /// subscription tells people, and tells the configured channels (Slack, Teams, PagerDuty,
    /// webhook), whose records go to `store` (the agent's by default).
    public func criticalNotifier(store: (any IncidentStore)? = nil) async throws -> any Notifier {
        let email = SNSNotifier(sns: sns, topicARN: try await topics().criticalAlerts)
        guard let channels = try await channelNotifier(store: store) else { return email }
        return NotifierGroup([email, channels])
    }

    /// `AIOPS_SLACK_SIGNING_SECRET`, the value itself or an `ssm:` / `secretsmanager:` name of it
    /// (as the channels' secrets); nil when unset: Slack's buttons' endpoint is then off.
    public func slackSigningSecret() async throws -> String? {
        guard let value = environment["AIOPS_SLACK_SIGNING_SECRET"], !value.isEmpty else { return nil }
        let executor = self.executor
        return try await SecretResolver(makeExecutor: { executor }).resolve(
            value, variable: "AIOPS_SLACK_SIGNING_SECRET")
    }

    /// `AIOPS_SLACK_APPROVERS`: the Slack user ids (comma-separated, `U…` or `W…`) whose Approve /
    /// Reject presses count; nil when unset or empty: anyone whose press Slack signs.
    public func slackApprovers() throws -> Set<String>? {
        guard let value = environment["AIOPS_SLACK_APPROVERS"] else { return nil }
        let ids = value.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        guard !ids.isEmpty else { return nil }
        let allowed = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")
        for id in ids where id.count > 32 || !id.allSatisfy(allowed.contains) {
            throw AIOpsError(
                .invalidInput,
                "AIOPS_SLACK_APPROVERS: '\(id.prefix(40))' is not a Slack user id (U… or W…, letters and digits)")
        }
        return Set(ids)
    }

    /// The channels the environment configures (nil: none), their secrets read once per process.
    public func channelNotifier(store: (any IncidentStore)? = nil) async throws -> ChannelNotifier? {
        let known = resolvedChannels.withLock { $0 }
        let channels: ChannelNotifier?
        if let known {
            channels = known
        } else {
            let executor = self.executor
            channels = try await ChannelNotifier.fromEnvironment(
                environment, store: self.store, clock: ports.clock, logger: logger, makeExecutor: { executor })
            resolvedChannels.withLock { $0 = .some(channels) }
        }
        return channels?.recording(in: store ?? ports.store)
    }

    /// The whole chain in one process (`aiops detect --once`, `aiops run --aws`): the stages talk
    /// in-process, and every anomaly and critical alert is also published on its SNS topic, as
    /// the seed's functions do.
    /// - Parameters:
    ///   - configuration: the stages' tuning; `agentConfiguration()` when nil.
    ///   - store: where incidents go instead of the DynamoDB table (`aiops run --aws --store sqlite:FILE`:
    ///     one machine, no table).
    public func embeddedPipeline(
        detectors: any DetectorProvider, configuration: AgentConfiguration? = nil, store: (any IncidentStore)? = nil
    ) async throws -> EmbeddedPipeline {
        let publisher = try await eventPublisher()
        var ports = self.ports
        if let store { ports.store = store }
        let pipeline = await EmbeddedPipeline.make(
            configuration: configuration ?? agentConfiguration(), ports: ports, detectors: detectors,
            analyzer: RootCauseAnalyzer(),
            notifier: try await criticalNotifier(store: ports.store), logger: logger)
        // After the analysis stage (subscribed first): the bytes published are those it read.
        await pipeline.bus.subscribe(.anomalies, name: "sns-anomalies") { message in
            try await publisher.publish(EventCodec.decodeAnomaly(message))
        }
        return pipeline
    }
}

/// The ARNs of the agent's two SNS topics.
public struct AWSAgentTopics: Sendable, Hashable, Codable {
    /// `aiops-anomalies` unless configured otherwise.
    public var anomalies: String
    /// `aiops-critical-alerts` unless configured otherwise.
    public var criticalAlerts: String

    public init(anomalies: String, criticalAlerts: String) {
        self.anomalies = anomalies
        self.criticalAlerts = criticalAlerts
    }
}
