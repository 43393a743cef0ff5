public import AIOpsCore
import Foundation
public import Remediation

/// What the agent watches and where it keeps things on AWS, from `AIOPS_*` variables (the Lambda
/// functions use the same ones). A config file of `KEY=value` lines may add to the environment;
/// the environment wins.
public struct AgentSettings: Sendable, Hashable {
    /// `AIOPS_MONITOR_TAG`: instances to watch.
    public var monitorTag: TagSelector = .monitor
    /// `AIOPS_REMEDIATE_TAG`: instances the agent may act on.
    public var remediateTag: TagSelector = .remediate
    /// `AIOPS_METRICS`, comma-separated.
    public var metrics: [MetricName] = [.cpuUtilization]
    /// `AIOPS_LOG_GROUPS`, comma-separated.
    public var logGroups: [String] = []
    /// `AIOPS_TABLE`: the DynamoDB table.
    public var table = "aiops-events"
    /// `AIOPS_ANOMALY_TOPIC_ARN` / `AIOPS_CRITICAL_TOPIC_ARN`; nil means "the topic named
    /// `anomalyTopicName` / `criticalTopicName`", created or looked up by name.
    public var anomalyTopicARN: String?
    public var criticalTopicARN: String?
    public var anomalyTopicName = "aiops-anomalies"
    public var criticalTopicName = "aiops-critical-alerts"
    /// `AIOPS_MODEL_DIR`: holds `<instance-id>.json` and/or `default.json`.
    public var modelDirectory: String?
    /// `AIOPS_DRY_RUN`: decide and audit, but act on nothing.
    public var dryRun = false
    /// `AIOPS_MAX_ALERT_AGE` (`15m`, `900`, `1h`…): remediation acts only on younger alerts.
    public var maxAlertAge: Double = 15 * 60
    /// `AIOPS_EVENT_TTL_DAYS`: how long DynamoDB keeps history before its TTL removes it.
    public var eventTTLDays = 90
    /// `AIOPS_SHARD_SIZE`: instances per detector worker's shard; a fleet of more is fanned out
    /// to `AIOPS_SHARD_QUEUE_URL` (docs/deploy.md says how the default was chosen).
    public var shardSize = 150
    /// `AIOPS_SHARD_QUEUE_URL`: the detector workers' SQS queue; nil: every fleet scored in process.
    public var shardQueueURL: String?
    /// `AIOPS_GROUP_TAGS`, comma-separated: tags (e.g. `Role`) whose shared value makes instances a
    /// group, besides the Auto Scaling group's; a new instance starts from its group's history.
    public var groupTags: [String] = []
    /// `AIOPS_CORRELATION` (`on`, `off`): with `on`, anomalies of several instances that share a
    /// group, a dependency edge or a new error template make one incident and one page
    /// (docs/pipeline.md). Off by default: a correlated incident is remediated on the instance
    /// that opened it only, the other members are left to people (docs/aws.md).
    public var correlation = false
    /// `AIOPS_REQUIRE_APPROVAL`: a person approves each action before it runs (docs/approval.md).
    public var requireApproval = false
    /// `AIOPS_APPROVAL_TIMEOUT` (`30m`, `1h`…): how long an approval waits before it escalates.
    public var approvalTimeout: Double = 30 * 60
    /// `AIOPS_APPROVER_ROLE`: who may approve, named to people.
    public var approverRole = "on-call"
    /// `AIOPS_RUNBOOKS`: a runbook file's path, or its JSON itself (docs/runbooks.md); nil: the
    /// default set.
    public var runbooks: [Runbook]?
    /// `AIOPS_RUNBOOK_MODE` (`shadow`, `approve`, `auto`): every runbook in this mode.
    public var runbookMode: RunbookMode?

    public init() {}

    /// Reads the variables from `environment` over `file` (both `AIOPS_*` → value); unset or
    /// empty variables keep their defaults. A malformed value is an `invalidInput` error naming
    /// the variable.
    public static func resolve(environment: [String: String], file: [String: String] = [:]) throws(AIOpsError)
        -> AgentSettings
    {
        let values = file.merging(environment) { $1 }
        func value(_ key: String) -> String? {
            values[key].map { $0.trimmingCharacters(in: .whitespaces) }.flatMap { $0.isEmpty ? nil : $0 }
        }
        func list(_ key: String) -> [String]? {
            value(key).map {
                $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            }
        }
        var configuration = AgentSettings()
        for (key, path) in [
            ("AIOPS_MONITOR_TAG", \AgentSettings.monitorTag), ("AIOPS_REMEDIATE_TAG", \.remediateTag),
        ] {
            guard let text = value(key) else { continue }
            guard let tag = TagSelector(parsing: text) else {
                throw AIOpsError(.invalidInput, "\(key) must be a tag as key=value or key, not '\(text)'")
            }
            configuration[keyPath: path] = tag
        }
        if let metrics = list("AIOPS_METRICS") {
            guard !metrics.isEmpty else { throw AIOpsError(.invalidInput, "AIOPS_METRICS names no metric") }
            configuration.metrics = metrics.map { MetricName($0) }
        }
        configuration.logGroups = list("AIOPS_LOG_GROUPS") ?? []
        configuration.groupTags = list("AIOPS_GROUP_TAGS") ?? []
        configuration.table = value("AIOPS_TABLE") ?? configuration.table
        for key in ["AIOPS_ANOMALY_TOPIC_ARN", "AIOPS_CRITICAL_TOPIC_ARN"] {
            if let arn = value(key), !arn.hasPrefix("arn:") {
                throw AIOpsError(.invalidInput, "\(key) must be an SNS topic ARN (arn:aws:sns:…), not '\(arn)'")
            }
        }
        configuration.anomalyTopicARN = value("AIOPS_ANOMALY_TOPIC_ARN")
        configuration.criticalTopicARN = value("AIOPS_CRITICAL_TOPIC_ARN")
        configuration.modelDirectory = value("AIOPS_MODEL_DIR")
        // Switches: true/false, with on/off, 1/0 and yes/no as their synonyms.
        let switches = [
            ("AIOPS_DRY_RUN", \AgentSettings.dryRun), ("AIOPS_REQUIRE_APPROVAL", \.requireApproval),
            ("AIOPS_CORRELATION", \.correlation),
        ]
        for (key, path) in switches {
            guard let text = value(key) else { continue }
            switch text.lowercased() {
            case "true", "on", "1", "yes": configuration[keyPath: path] = true
            case "false", "off", "0", "no": configuration[keyPath: path] = false
            default: throw AIOpsError(.invalidInput, "\(key) must be true or false (on or off), not '\(text)'")
            }
        }
        if let text = value("AIOPS_APPROVAL_TIMEOUT") {
            guard let seconds = DurationText.seconds(text), seconds >= 60 else {
                throw AIOpsError(
                    .invalidInput,
                    "AIOPS_APPROVAL_TIMEOUT must be a duration of a minute or more, such as 30m or 2h, not '\(text)'")
            }
            configuration.approvalTimeout = seconds
        }
        if let role = value("AIOPS_APPROVER_ROLE") {
            guard role.count <= 64 else { throw AIOpsError(.invalidInput, "AIOPS_APPROVER_ROLE is over 64 characters") }
            configuration.approverRole = role
        }
        if let text = value("AIOPS_MAX_ALERT_AGE") {
            guard let seconds = DurationText.seconds(text) else {
                throw AIOpsError(
                    .invalidInput, "AIOPS_MAX_ALERT_AGE must be a duration such as 15m, 1h or 900, not '\(text)'")
            }
            configuration.maxAlertAge = seconds
        }
        if let text = value("AIOPS_EVENT_TTL_DAYS") {
            guard let days = Int(text), (1...3650).contains(days) else {
                throw AIOpsError(.invalidInput, "AIOPS_EVENT_TTL_DAYS must be whole days from 1 to 3650, not '\(text)'")
            }
            configuration.eventTTLDays = days
        }
        if let text = value("AIOPS_SHARD_SIZE") {
            guard let size = Int(text), size >= 1 else {
                throw AIOpsError(
                    .invalidInput, "AIOPS_SHARD_SIZE must be a whole number of instances >= 1, not '\(text)'")
            }
            configuration.shardSize = size
        }
        configuration.shardQueueURL = value("AIOPS_SHARD_QUEUE_URL")
        if let text = value("AIOPS_RUNBOOKS") {
            do {
                configuration.runbooks =
                    text.hasPrefix("[") || text.hasPrefix("{")
                    ? try RunbookBook.decode(Data(text.utf8), source: "AIOPS_RUNBOOKS")
                    : try RunbookBook.load(path: text)
            } catch let error as AIOpsError {
                throw error
            } catch {
                throw AIOpsError(.invalidInput, "AIOPS_RUNBOOKS: \(error)")
            }
        }
        if let text = value("AIOPS_RUNBOOK_MODE") {
            guard let mode = RunbookMode(rawValue: text.lowercased()) else {
                throw AIOpsError(.invalidInput, "AIOPS_RUNBOOK_MODE must be shadow, approve or auto, not '\(text)'")
            }
            configuration.runbookMode = mode
        }
        return configuration
    }

    /// Parses a config file of `KEY=value` lines (`#` comments, optional quotes around values).
    public static func parseFile(_ text: String) -> [String: String] {
        var values: [String: String] = [:]
        for rawLine in text.split(whereSeparator: \.isNewline) {
            let line = rawLine.trimmingCharacters(in: .whitespaces)
            guard !line.hasPrefix("#"), let equals = line.firstIndex(of: "=") else { continue }
            let key = line[..<equals].trimmingCharacters(in: .whitespaces)
                .replacingOccurrences(of: "export ", with: "")
            var value = line[line.index(after: equals)...].trimmingCharacters(in: .whitespaces)
            if value.count >= 2, let first = value.first, first == "\"" || first == "'", value.last == first {
                value = String(value.dropFirst().dropLast())
            }
            if !key.isEmpty { values[key] = value }
        }
        return values
    }
}
