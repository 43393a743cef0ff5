import AWSAdapters
import ArgumentParser
import Detection
import Foundation
import Logging

/// `aiops detect --once`: exactly one agent cycle over AWS — inventory, metrics, detect, analyze,
/// store (DynamoDB), escalate (SNS), remediate — what the scheduled function does, in one process.
struct DetectCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "detect",
        abstract: "Run one detection cycle over AWS (EC2, CloudWatch, CloudWatch Logs, DynamoDB, SNS).",
        discussion: """
            Reads the AWS settings (AWS_REGION, AWS_ENDPOINT_URL, credentials) and the AIOPS_* variables; \
            prints the cycle's figures as JSON. Run `aiops aws-setup` first to create the table and topics. \
            With AIOPS_MODEL_DIR, each instance is scored by <instance-id>.json there, else default.json, \
            else by --detector learning from its history.
            """)

    @Flag(help: "Run exactly one cycle and exit.")
    var once = false

    @Option(help: ArgumentHelp("A file of AIOPS_*=value lines; the environment wins over it.", valueName: "file"))
    var config: String?

    @Option(
        help: ArgumentHelp(
            "The detector for series without a model file (\(DetectorCatalog.names.joined(separator: ", "))).",
            valueName: "name"))
    var detector = DetectorCatalog.defaultName

    func run() async throws {
        guard once else { throw CLIError("detect runs one cycle: pass --once (aiops run --aws runs the loop)") }
        let assembly = try AWSAgentCommandSupport.assembly(config: config, logger: Logger(label: "aiops"))
        let pipeline = try await assembly.embeddedPipeline(detectors: try assembly.detectorProvider(fallback: detector))
        let figures = try await pipeline.agent.runCycle()
        print(try AWSAgentCommandSupport.json(figures))
    }
}
