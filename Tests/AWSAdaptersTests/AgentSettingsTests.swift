import AIOpsCore
import AWSAdapters
import AWSClient
import AWSTestSupport
import AdapterComposition
import Foundation
import Logging
import Pipeline
import Remediation
import TestSupport
import Testing

@Suite struct AgentSettingsTests {
    @Test func defaultsMatchTheSeed() throws {
        let configuration = try AgentSettings.resolve(environment: [:])
        #expect(configuration.monitorTag == TagSelector(key: "aiops:monitor", value: "true"))
        #expect(configuration.remediateTag == TagSelector(key: "aiops:remediate", value: "true"))
        #expect(configuration.metrics == [.cpuUtilization])
        #expect(configuration.logGroups.isEmpty)
        #expect(configuration.table == "aiops-events")
        #expect(configuration.anomalyTopicARN == nil && configuration.criticalTopicARN == nil)
        #expect(configuration.anomalyTopicName == "aiops-anomalies")
        #expect(configuration.criticalTopicName == "aiops-critical-alerts")
        #expect(!configuration.dryRun)
        #expect(configuration.maxAlertAge == 900)
        #expect(configuration.eventTTLDays == 90)
    }

    @Test func correlationIsOffUnlessTurnedOnAndTakesTheGroupTags() throws {
        let executor = try AWSRequestExecutor.fromEnvironment([
            "AWS_REGION": "us-east-1", "AWS_ACCESS_KEY_ID": "x", "AWS_SECRET_ACCESS_KEY": "x",
        ])
        func correlation(_ environment: [String: String]) throws -> CorrelationPolicy {
            let settings = try AgentSettings.resolve(environment: environment)
            return AWSAgentAssembly(settings: settings, executor: executor, logger: Logger(label: "t"))
                .agentConfiguration().correlation
        }
        #expect(try !correlation([:]).enabled)
        #expect(try !correlation(["AIOPS_CORRELATION": "off"]).enabled)
        let on = try correlation(["AIOPS_CORRELATION": "ON", "AIOPS_GROUP_TAGS": "Team,Role"])
        #expect(on.enabled)
        #expect(on.groupTags == ["aws:autoscaling:groupName", "Role", "AvailabilityZone", "Team"])
        #expect(throws: AIOpsError.self) { try AgentSettings.resolve(environment: ["AIOPS_CORRELATION": "maybe"]) }
    }

    @Test func runbooksComeInlineOrFromAFileAndReachThePolicy() throws {
        let json = #"[{"name": "free-disk", "action": "free-disk"}, {"name": "reboot", "action": "reboot"}]"#
        let inline = try AgentSettings.resolve(environment: ["AIOPS_RUNBOOKS": json, "AIOPS_RUNBOOK_MODE": "Shadow"])
        #expect(inline.runbooks?.map(\.name) == ["free-disk", "reboot"])
        #expect(inline.runbookMode == .shadow)
        let folder = try TemporaryDirectory("runbooks")
        let file = folder.file("runbooks.json")
        try Data(#"{"runbooks": \#(json)}"#.utf8).write(to: file)
        let fromFile = try AgentSettings.resolve(environment: [:], file: ["AIOPS_RUNBOOKS": file.path])
        #expect(fromFile.runbooks == inline.runbooks)
        let executor = try AWSRequestExecutor.fromEnvironment([
            "AWS_REGION": "us-east-1", "AWS_ACCESS_KEY_ID": "x", "AWS_SECRET_ACCESS_KEY": "x",
        ])
        let policy = AWSAgentAssembly(settings: inline, executor: executor, logger: Logger(label: "t"))
            .agentConfiguration().remediation
        #expect(policy.runbooks.map(\.name) == ["free-disk", "reboot"] && policy.modeOverride == .shadow)
        #expect(try AgentSettings.resolve(environment: [:]).runbooks == nil)

        for (key, value, words) in [
            ("AIOPS_RUNBOOK_MODE", "yolo", "shadow, approve or auto"),
            ("AIOPS_RUNBOOKS", folder.file("missing.json").path, "cannot read the runbook file"),
            (
                "AIOPS_RUNBOOKS", #"[{"name": "x", "action": "restart-service", "service": "a b"}]"#,
                "not a systemd unit name"
            ),
        ] {
            do {
                _ = try AgentSettings.resolve(environment: [key: value])
                Issue.record("\(key)=\(value) was accepted")
            } catch {
                #expect(error.message.contains(words), "\(error.message)")
            }
        }
    }

    @Test func alertAgeAndTTLTakeDurationsAndDays() throws {
        let configuration = try AgentSettings.resolve(environment: [
            "AIOPS_MAX_ALERT_AGE": "1h30m", "AIOPS_EVENT_TTL_DAYS": "30",
        ])
        #expect(configuration.maxAlertAge == 5400)
        #expect(configuration.eventTTLDays == 30)
        #expect(try AgentSettings.resolve(environment: ["AIOPS_MAX_ALERT_AGE": "600"]).maxAlertAge == 600)
        let executor = try AWSRequestExecutor.fromEnvironment([
            "AWS_REGION": "us-east-1", "AWS_ACCESS_KEY_ID": "x", "AWS_SECRET_ACCESS_KEY": "x",
        ])
        let assembled = AWSAgentAssembly(settings: configuration, executor: executor, logger: Logger(label: "t"))
        #expect(assembled.agentConfiguration().remediation.maxAlertAge == 5400)
    }

    @Test func approvalIsAskedForWithItsTimeoutAndRole() throws {
        let settings = try AgentSettings.resolve(environment: [
            "AIOPS_REQUIRE_APPROVAL": "1", "AIOPS_APPROVAL_TIMEOUT": "45m", "AIOPS_APPROVER_ROLE": "db-owners",
        ])
        let executor = try AWSRequestExecutor.fromEnvironment([
            "AWS_REGION": "us-east-1", "AWS_ACCESS_KEY_ID": "x", "AWS_SECRET_ACCESS_KEY": "x",
        ])
        let policy = AWSAgentAssembly(settings: settings, executor: executor, logger: Logger(label: "t"))
            .agentConfiguration().remediation
        #expect(policy.requireApproval && policy.approvalTimeout == 45 * 60 && policy.approverRole == "db-owners")
        #expect(try !AgentSettings.resolve(environment: [:]).requireApproval)
    }

    @Test func theEnvironmentWinsOverTheFile() throws {
        let file = AgentSettings.parseFile(
            """
            # agent settings
            AIOPS_TABLE=from-file
            export AIOPS_LOG_GROUPS="/var/log/messages, /aiops/app"
            AIOPS_DRY_RUN='true'
            AIOPS_METRICS=CPUUtilization,NetworkIn
            """)
        let configuration = try AgentSettings.resolve(
            environment: [
                "AIOPS_TABLE": "from-env", "AIOPS_MONITOR_TAG": "team:watch", "AIOPS_MODEL_DIR": "/models",
                "AIOPS_ANOMALY_TOPIC_ARN": "arn:aws:sns:us-east-1:1:a",
            ], file: file)
        #expect(configuration.table == "from-env")
        #expect(configuration.logGroups == ["/var/log/messages", "/aiops/app"])
        #expect(configuration.dryRun)
        #expect(configuration.metrics == [.cpuUtilization, .networkIn])
        #expect(configuration.monitorTag == TagSelector(key: "team:watch", value: nil))
        #expect(configuration.modelDirectory == "/models")
        #expect(configuration.anomalyTopicARN == "arn:aws:sns:us-east-1:1:a")
    }

    @Test(arguments: [
        ("AIOPS_DRY_RUN", "maybe"), ("AIOPS_MONITOR_TAG", "=true"), ("AIOPS_METRICS", " , "),
        ("AIOPS_CRITICAL_TOPIC_ARN", "aiops-critical-alerts"), ("AIOPS_MAX_ALERT_AGE", "soon"),
        ("AIOPS_MAX_ALERT_AGE", "-5m"), ("AIOPS_EVENT_TTL_DAYS", "0"), ("AIOPS_EVENT_TTL_DAYS", "1.5"),
        ("AIOPS_REQUIRE_APPROVAL", "sometimes"), ("AIOPS_APPROVAL_TIMEOUT", "30s"),
    ])
    func badValuesNameTheirVariable(_ key: String, _ value: String) {
        let error = #expect(throws: AIOpsError.self) { try AgentSettings.resolve(environment: [key: value]) }
        #expect(error?.code == .invalidInput)
        #expect(error?.message.contains(key) == true)
    }

    @Test func setupCreatesTopicsAndTableOnceAndAgainIsANoOp() async throws {
        let moto = try Moto()
        var configuration = AgentSettings()
        configuration.table = Moto.unique("aiops-events")
        configuration.anomalyTopicName = Moto.unique("aiops-anomalies")
        configuration.criticalTopicName = Moto.unique("aiops-critical-alerts")
        let sns = SNSClient(executor: moto.executor)
        let dynamoDB = DynamoDBClient(executor: moto.executor)
        let first = try await AWSSetup.ensure(configuration, sns: sns, dynamoDB: dynamoDB)
        let second = try await AWSSetup.ensure(configuration, sns: sns, dynamoDB: dynamoDB)
        #expect(first == second)
        #expect(first.anomalyTopicARN.hasSuffix(":\(configuration.anomalyTopicName)"))
        #expect(first.criticalTopicARN.hasSuffix(":\(configuration.criticalTopicName)"))
        #expect(try await dynamoDB.describeTable(configuration.table).tableStatus == "ACTIVE")
    }
}

/// `aiops aws-setup` as a person runs it: only an endpoint, dummy credentials and AIOPS_* variables.
@Suite struct AWSSetupCommandTests {
    @Test func awsSetupAgainstMotoPrintsTheResourcesAsJSON() throws {
        let moto = try MotoServer.shared()
        let table = Moto.unique("aiops-events")
        let environment = [
            "AWS_ENDPOINT_URL": moto.url.absoluteString, "AWS_ACCESS_KEY_ID": "testing",
            "AWS_SECRET_ACCESS_KEY": "testing", "AWS_EC2_METADATA_DISABLED": "true", "AIOPS_TABLE": table,
            "AWS_REGION": "", "AWS_DEFAULT_REGION": "", "AWS_PROFILE": "", "AWS_CONFIG_FILE": "/dev/null",
            "AWS_SHARED_CREDENTIALS_FILE": "/dev/null",
        ]
        for _ in 0..<2 {
            let result = try Subprocess.aiops(["aws-setup"], environment: environment, timeout: 120)
            #expect(result.status == 0, "\(result.stderr)")
            let printed = try JSONDecoder().decode(AWSSetup.Result.self, from: Data(result.stdout.utf8))
            #expect(printed.table == table)
            #expect(printed.anomalyTopicARN == "arn:aws:sns:us-east-1:123456789012:aiops-anomalies")
            #expect(printed.criticalTopicARN.hasSuffix(":aiops-critical-alerts"))
        }
        let bad = try Subprocess.aiops(
            ["aws-setup"], environment: environment.merging(["AIOPS_DRY_RUN": "perhaps"]) { $1 })
        #expect(bad.status != 0)
        #expect(bad.stderr.contains("AIOPS_DRY_RUN"))
    }
}
