import AIOpsCore
import Composition
import Foundation
import LambdaRuntime
import LogAnalysis
import Pipeline

/// `rca`: for each `AnomalyEvent` from the anomaly topic, the root cause from the instance's logs,
/// the incident stored, and a `CriticalAlert` on the critical topic when it is critical.
struct AnalysisFunction: LambdaHandler {
    let stage: AnalysisStage

    static func make(_ startup: LambdaStartup) async throws -> any LambdaByteHandler {
        let aws = try FunctionEnvironment.assembly(startup)
        return AnalysisFunction(
            stage: FunctionStages.analysis(
                configuration: aws.agentConfiguration(), ports: aws.ports, analyzer: RootCauseAnalyzer(),
                alerts: try await aws.eventPublisher(), logger: startup.logger))
    }

    /// A failing record fails the invocation: Lambda retries it, and the stage recognises what it
    /// already did.
    func handle(_ event: SNSEvent, context: LambdaContext) async throws -> [Report] {
        var reports: [Report] = []
        for record in event.records {
            reports.append(Report(try await stage.handle(Data(record.sns.message.utf8))))
        }
        return reports
    }

    /// What became of one anomaly event (the function's response, for logs and tests).
    struct Report: Encodable {
        var outcome: String
        var incidentID: String?
        var severity: String?
        var alertID: String?

        init(_ outcome: AnalysisOutcome) {
            switch outcome {
            case .opened: self.outcome = "opened"
            case .updated: self.outcome = "updated"
            case .joined(let incidentID):
                self.outcome = "joined"
                self.incidentID = incidentID
            case .duplicate(let incidentID):
                self.outcome = "duplicate"
                self.incidentID = incidentID
            case .stale: self.outcome = "stale"
            }
            if let incident = outcome.incident {
                incidentID = incident.id
                severity = incident.severity.rawValue
            }
            alertID = outcome.alert?.alertID
        }
    }
}
