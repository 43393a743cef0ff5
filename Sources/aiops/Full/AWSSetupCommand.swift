import AWSAdapters
import AWSClient
import AdapterComposition
import ArgumentParser
import Foundation

/// `aiops aws-setup`: creates the SNS topics and the DynamoDB table when missing and prints
/// their names and ARNs as JSON.
struct AWSSetupCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "aws-setup",
        abstract: "Create the SNS topics and the DynamoDB table if missing (idempotent); print them as JSON.",
        discussion: """
            For moto, LocalStack and quick trials (Terraform does it for real deployments). Reads the AWS \
            settings (AWS_REGION, AWS_ENDPOINT_URL, credentials) and the AIOPS_* variables.
            """)

    @Option(help: ArgumentHelp("A file of AIOPS_*=value lines; the environment wins over it.", valueName: "file"))
    var config: String?

    func run() async throws {
        // The one place the environment is read; everything below gets it passed in.
        let environment = ProcessInfo.processInfo.environment
        let file = try config.map { path in
            guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
                throw CLIError("cannot read the config file \(path)")
            }
            return AgentSettings.parseFile(text)
        }
        let agent = try AgentSettings.resolve(environment: environment, file: file ?? [:])
        let executor = try AWSRequestExecutor.fromEnvironment(environment)
        let result = try await AWSSetup.ensure(
            agent, sns: SNSClient(executor: executor), dynamoDB: DynamoDBClient(executor: executor))
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        print(String(decoding: try encoder.encode(result), as: UTF8.self))
    }
}
