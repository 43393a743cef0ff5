import AIOpsCore
import AWSAdapters
import AWSClient
import ArgumentParser
import Detection
import Foundation
import LogAnalysis
import Logging
import Pipeline
import Remediation

/// `aiops detect --once`: exactly one agent cycle over AWS — inventory, metrics, detect, analyze,
/// store (DynamoDB), escalate (SNS), remediate — what the scheduled function does, in one process.
struct DetectCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "detect",
        abstract: "Run one detection cycle over AWS (EC2, CloudWatch, CloudWatch Logs, DynamoDB, SNS).",
        discussion: """
            Reads the AWS settings (AWS_REGION, AWS_ENDPOINT_URL, credentials) and the AIOPS_* variables; \
            prints the cycle's figures as JSON. Run `aiops aws-setup` first to create the table and topics.
            """)

    @Flag(help: "Run exactly one cycle and exit.")
    var once = false

    @Option(help: ArgumentHelp("A file of AIOPS_*=value lines; the environment wins over it.", valueName: "file"))
    var config: String?

    @Option(
        help: ArgumentHelp(
            "The detector for every series (\(DetectorCatalog.names.joined(separator: ", "))).", valueName: "name"))
    var detector = DetectorCatalog.defaultName

    func run() async throws {
        guard once else { throw CLIError("detect runs one cycle: pass --once") }
        // The one place the environment is read; everything below gets it passed in.
        let environment = ProcessInfo.processInfo.environment
        let file = try config.map { path in
            guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
                throw CLIError("cannot read the config file \(path)")
            }
            return AgentSettings.parseFile(text)
        }
        let settings = try AgentSettings.resolve(environment: environment, file: file ?? [:])
        let logger = Logger(label: "aiops")
        let executor = try AWSRequestExecutor.fromEnvironment(environment, logger: logger)
        let ec2 = EC2Client(executor: executor)
        let sns = SNSClient(executor: executor)
        let ports = PipelinePorts(
            inventory: EC2Inventory(ec2: ec2, monitorTag: settings.monitorTag),
            metrics: CloudWatchMetricSource(cloudWatch: CloudWatchClient(executor: executor)),
            logs: CloudWatchLogSource(logs: CloudWatchLogsClient(executor: executor), groups: settings.logGroups),
            controller: EC2InstanceController(ec2: ec2),
            store: DynamoDBIncidentStore(dynamoDB: DynamoDBClient(executor: executor), table: settings.table),
            clock: SystemClock())
        let agent = Pipeline.AgentConfiguration(
            monitorTag: settings.monitorTag, metrics: settings.metrics,
            remediation: RemediationPolicy(remediateTag: settings.remediateTag, dryRun: settings.dryRun))
        guard
            let detectors = CatalogDetectorProvider.catalog(
                detector, metrics: agent.metrics, context: DetectorContext(trainingPoints: 150))
        else {
            throw CLIError(
                "unknown detector '\(detector)': use one of \(DetectorCatalog.names.joined(separator: ", "))")
        }
        // CreateTopic is idempotent: it finds the topic by name when no ARN is configured.
        var criticalTopic = settings.criticalTopicARN
        if criticalTopic == nil { criticalTopic = try await sns.createTopic(name: settings.criticalTopicName) }
        let pipeline = await EmbeddedPipeline.make(
            configuration: agent, ports: ports, detectors: detectors, analyzer: RootCauseAnalyzer(),
            notifier: SNSNotifier(sns: sns, topicARN: criticalTopic ?? ""), logger: logger)
        let figures = try await pipeline.agent.runCycle()
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        encoder.dateEncodingStrategy = .iso8601
        print(String(decoding: try encoder.encode(figures), as: UTF8.self))
    }
}
