import AIOpsCore
import AWSClient
import Foundation
import Notifications
import TestSupport
import Testing

/// Channel secrets read from SSM Parameter Store and Secrets Manager (moto), and never logged.
@Suite struct SecretsMotoTests {
    @Test func secretsComeFromSSMAndSecretsManagerAndNeverReachTheLogs() async throws {
        let moto = try MotoServer.shared()
        let world = try ChannelWorld()
        let executor = try AWSRequestExecutor.fromEnvironment(moto.environment, logger: world.logger)
        let webhookSecret = "whsec-\(UUID().uuidString)"
        let slack = try Receiver(status: 200) { _, body in PayloadSchemaTests.slackProblem(body) }
        let webhook = try Receiver { _, _ in nil }
        let suffix = UUID().uuidString.prefix(8)
        struct PutParameter: Encodable {
            var Name: String
            var Value: String
            var `Type` = "SecureString"
            var Overwrite = true
        }
        _ = try await executor.json(
            .ssm, "PutParameter", PutParameter(Name: "/aiops/\(suffix)/slack", Value: slack.url), as: EmptyOutput.self)
        struct CreateSecret: Encodable {
            var Name: String
            var SecretString: String
        }
        _ = try await executor.json(
            .secretsManager, "CreateSecret", CreateSecret(Name: "aiops-\(suffix)-webhook", SecretString: webhookSecret),
            as: EmptyOutput.self)

        let environment = [
            "AIOPS_SLACK_WEBHOOK_URL": "ssm:/aiops/\(suffix)/slack",
            "AIOPS_WEBHOOK_URL": webhook.url,
            "AIOPS_WEBHOOK_SECRET": "secretsmanager:aiops-\(suffix)-webhook",
        ]
        let notifier = try await ChannelNotifier.fromEnvironment(
            environment, store: world.store, clock: SystemClock(), policy: ChannelWorld.quickPolicy,
            logger: world.logger, makeExecutor: { executor })
        try #require(notifier != nil)
        try await notifier?.notify(try await world.alert())
        #expect(slack.requests.count == 1, "the URL came from the SSM parameter")
        let request = try #require(webhook.requests.first)
        let stamp = try #require(request.header("X-AIOps-Timestamp"))
        #expect(
            request.header("X-AIOps-Signature")
                == "sha256=" + WebhookChannel.signature(body: request.body, timestamp: stamp, secret: webhookSecret))
        // The logs said something (so the check below can fail), but no secret.
        #expect(world.logs.text.contains("notification delivered"))
        #expect(!world.logs.text.contains(webhookSecret))
        #expect(!world.logs.text.contains("XXXXsecretpath"))

        let missing = await #expect(throws: ChannelConfigurationError.self) {
            _ = try await ChannelNotifier.fromEnvironment(
                ["AIOPS_SLACK_WEBHOOK_URL": "ssm:/aiops/\(suffix)/absent"], store: world.store, clock: SystemClock(),
                logger: world.logger, makeExecutor: { executor })
        }
        #expect(missing?.message.contains("/aiops/\(suffix)/absent") == true)
    }
}
