public import AIOpsCore
public import Foundation
public import Logging
public import Remediation
import Tracing

/// Stage 6, remediate: the subscriber of the critical-alert topic. Decodes the alert, hands it to
/// the remediation engine, and logs and counts what was decided.
public struct RemediationStage: Sendable {
    public let engine: RemediationEngine
    let logger: Logger
    let counters: CycleCounters

    public init(engine: RemediationEngine, logger: Logger, counters: CycleCounters = CycleCounters()) {
        self.engine = engine
        self.logger = logger
        self.counters = counters
    }

    /// Handles an encoded `CriticalAlert` (an SNS message body, or the bus's bytes).
    public func handle(_ message: Data) async throws -> RemediationOutcome {
        try await handle(EventCodec.decodeCriticalAlert(message))
    }

    /// One span, `remediate`, child of the span that published the alert.
    public func handle(_ alert: CriticalAlert) async throws -> RemediationOutcome {
        try await withSpan("remediate") { span in
            span.attributes["aiops.incident-id"] = alert.incident.id
            span.attributes["aiops.instance-id"] = alert.instance.id
            let outcome = try await decide(alert)
            span.attributes["aiops.action-id"] = outcome.action.id
            span.attributes["aiops.action-kind"] = outcome.action.kind.rawValue
            span.attributes["aiops.action-status"] = outcome.action.status.rawValue
            span.attributes["aiops.duplicate"] = outcome.duplicate
            return outcome
        }
    }

    private func decide(_ alert: CriticalAlert) async throws -> RemediationOutcome {
        let outcome = try await engine.handle(alert)
        var logger = logger
        logger[metadataKey: "aiops.incident-id"] = "\(alert.incident.id)"
        logger[metadataKey: "aiops.instance-id"] = "\(alert.instance.id)"
        logger[metadataKey: "aiops.action-id"] = "\(outcome.action.id)"
        logger.info(
            outcome.duplicate ? "duplicate alert: already decided" : "remediation decided",
            metadata: [
                "aiops.decision": "\(outcome.decision)", "aiops.action-status": "\(outcome.action.status.rawValue)",
            ])
        guard !outcome.duplicate else { return outcome }
        AIOpsMetrics.action(kind: outcome.action.kind.rawValue, outcome: outcome.action.status.rawValue)
        if case .skip(let reason) = outcome.decision { AIOpsMetrics.guardSkip(reason: Self.label(reason)) }
        counters.record {
            switch outcome.decision {
            case .act: $0.actionsTaken += 1
            case .dryRun: $0.dryRuns += 1
            case .skip: $0.actionsSkipped += 1
            case .escalate: $0.escalations += 1
            case .awaitApproval: break  // counted when it is answered or expires
            }
            if outcome.escalation != nil, case .act = outcome.decision { $0.escalations += 1 }
        }
        return outcome
    }

    /// The bounded label of a guard's reason (`aiops_guard_skips_total{reason}`).
    static func label(_ reason: SkipReason) -> String {
        switch reason {
        case .alreadyDecided: "already_decided"
        case .notCritical: "not_critical"
        case .incidentClosed: "incident_closed"
        case .notOptedIn: "not_opted_in"
        case .notRunning: "not_running"
        case .cooldown: "cooldown"
        case .fleetCapReached: "fleet_cap"
        case .staleAlert: "stale_alert"
        case .noRunbook: "no_runbook"
        }
    }

    /// Finishes the approvals whose answering process stopped half-way (see
    /// `RemediationEngine.reconcileApprovals`), logging each.
    public func reconcileApprovals() async throws -> [ApprovalAnswer] {
        let answers = try await engine.reconcileApprovals()
        for answer in answers {
            logger.warning(
                "approval finished by the upkeep: its answering process stopped before its action",
                metadata: [
                    "aiops.incident-id": "\(answer.approval.incidentID)", "aiops.approval-id": "\(answer.approval.id)",
                    "aiops.outcome": "\(answer.outcome.rawValue)",
                ])
        }
        counters.record { counts in
            for answer in answers {
                switch answer.outcome {
                case .executed: counts.actionsTaken += 1
                case .expired: counts.escalations += 1
                default: counts.actionsSkipped += 1
                }
            }
        }
        return answers
    }

    /// Verifies the actions whose window has ended (see `RemediationEngine.verifyDue`).
    public func verifyDue() async throws -> VerificationReport {
        let report = try await engine.verifyDue()
        for outcome in report.outcomes {
            var logger = logger
            logger[metadataKey: "aiops.incident-id"] = "\(outcome.action.incidentID)"
            logger[metadataKey: "aiops.instance-id"] = "\(outcome.action.instanceID)"
            logger[metadataKey: "aiops.action-id"] = "\(outcome.action.id)"
            logger.info(
                "remediation verified",
                metadata: [
                    "aiops.action-status": "\(outcome.action.status.rawValue)",
                    "aiops.evidence": "\(outcome.verdict.evidence)",
                ])
        }
        for error in report.errors {
            logger.warning(
                "verification postponed",
                metadata: ["aiops.action-id": "\(error.actionID)", "aiops.error": "\(error.message)"])
        }
        for outcome in report.outcomes {
            AIOpsMetrics.count(
                "aiops_action_verifications_total",
                [("kind", outcome.action.kind.rawValue), ("outcome", outcome.action.status.rawValue)])
        }
        counters.record {
            for outcome in report.outcomes {
                if outcome.action.status == .succeeded {
                    $0.verificationsSucceeded += 1
                } else {
                    $0.verificationsFailed += 1
                }
                if outcome.escalation != nil { $0.escalations += 1 }
            }
            $0.errors += report.errors.count
        }
        return report
    }
}
