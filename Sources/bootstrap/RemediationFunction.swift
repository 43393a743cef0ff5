import AIOpsCore
import Composition
import Foundation
import LambdaRuntime
import Pipeline
import Remediation

/// `remediation`: for each `CriticalAlert` from the critical topic, the guarded, audited,
/// once-per-incident decision (a reboot only of instances carrying the remediation tag; nothing
/// under AIOPS_DRY_RUN). Every invocation, and a scheduled event alone, also verifies the actions
/// whose verification window has passed.
struct RemediationFunction: LambdaByteHandler {
    let stage: RemediationStage
    /// The chat and paging channels (docs/channels.md), told of each alert before the decision.
    let channels: (any Notifier)?

    static func make(_ startup: LambdaStartup) async throws -> any LambdaByteHandler {
        let aws = try FunctionEnvironment.assembly(startup)
        return RemediationFunction(
            stage: FunctionStages.remediation(
                configuration: aws.agentConfiguration(), ports: aws.ports,
                escalations: try await aws.criticalNotifier(), logger: startup.logger),
            channels: try await aws.channelNotifier())
    }

    func handle(_ event: Data, context: LambdaContext) async throws -> Data {
        var report = Report()
        if let alerts = try? JSONDecoder().decode(SNSEvent.self, from: event) {
            for record in alerts.records {
                // People hear first, as in one process; a repeat is recognised per channel.
                if let channels, let alert = try? EventCodec.decodeCriticalAlert(Data(record.sns.message.utf8)) {
                    try await channels.notify(alert)
                }
                let outcome = try await stage.handle(Data(record.sns.message.utf8))
                report.decisions.append(
                    Report.Decision(
                        incidentID: outcome.action.incidentID, instanceID: outcome.action.instanceID,
                        decision: "\(outcome.decision)", status: outcome.action.status.rawValue,
                        duplicate: outcome.duplicate))
            }
        } else {
            do {
                _ = try JSONDecoder().decode(ScheduledEvent.self, from: event)
            } catch {
                throw LambdaRuntimeError(
                    .invalidEvent,
                    "the event is neither an SNS event of critical alerts nor a scheduled event: "
                        + EventCodec.describe(error))
            }
        }
        let verified = try await stage.verifyDue()
        _ = try await stage.reconcileApprovals()
        report.verified = verified.outcomes.map { "\($0.action.id): \($0.action.status.rawValue)" }
        return try JSONEncoder().encode(report)
    }

    /// The function's response: what was decided and verified (for logs and tests).
    struct Report: Encodable {
        struct Decision: Encodable {
            var incidentID: String
            var instanceID: String
            var decision: String
            var status: String
            var duplicate: Bool
        }
        var decisions: [Decision] = []
        var verified: [String] = []
    }
}
