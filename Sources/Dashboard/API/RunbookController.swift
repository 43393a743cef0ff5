import AIOpsCore
import Foundation
import Hummingbird
import Remediation

/// `/api/v1/runbooks`: the runbooks in order, each with its shadow track record (issue #16).
struct RunbookController<Store: IncidentStore>: Sendable {
    let store: Store
    let runbooks: [Runbook]
    let modeOverride: RunbookMode?
    let clock: any AgentClock

    func addRoutes(to group: RouterGroup<DashboardRequestContext>) {
        group.get("runbooks", use: list)
    }

    @Sendable func list(_ request: Request, context: DashboardRequestContext) async throws -> Response {
        let records = try await RunbookRecord.read(from: store, runbooks: runbooks.map(\.name), now: clock.now())
        let configured = Dictionary(uniqueKeysWithValues: runbooks.map { ($0.name, $0) })
        let items = records.map { record in
            API.Runbook(record: record, runbook: configured[record.runbook], modeOverride: modeOverride)
        }
        return JSONBody.response(API.List(items: items))
    }
}

extension API {
    /// A runbook and its shadow record; a runbook known only from its records has no configuration.
    struct Runbook: Codable, Sendable {
        struct Match: Codable, Sendable {
            var metrics: [String]
            var keywords: [String]
            var tags: [String]
            var faultClasses: [String]
        }
        struct Record: Codable, Sendable {
            var wouldHaveActed: Int
            var stoppedByGuards: Int
            var judgedTruePositive: Int
            var judgedFalsePositive: Int
            var resolvedWithout: Int
            var lastAt: Date?
        }
        var name: String
        var configured: Bool
        var action: String?
        var service: String?
        var document: String?
        var mode: String?
        var effectiveMode: String?
        var shadowSuccessesRequired: Int?
        var match: Match?
        var record: Record

        init(record: RunbookRecord, runbook: Remediation.Runbook?, modeOverride: RunbookMode?) {
            name = record.runbook
            configured = runbook != nil
            self.record = Record(
                wouldHaveActed: record.wouldHaveActed, stoppedByGuards: record.stoppedByGuards,
                judgedTruePositive: record.judgedTruePositive, judgedFalsePositive: record.judgedFalsePositive,
                resolvedWithout: record.resolvedWithout, lastAt: record.lastAt)
            guard let runbook else { return }
            action = runbook.action.rawValue
            service = runbook.service?.unit
            document = runbook.document
            let mode = modeOverride ?? runbook.mode
            self.mode = mode.rawValue
            effectiveMode =
                mode != .shadow && record.judgedTruePositive < runbook.shadowSuccessesRequired
                ? RunbookMode.shadow.rawValue : mode.rawValue
            shadowSuccessesRequired = runbook.shadowSuccessesRequired
            match = Match(
                metrics: runbook.signature.metrics.map(\.rawValue), keywords: runbook.signature.keywords,
                tags: runbook.signature.tags.map(\.description),
                faultClasses: runbook.signature.faultClasses.map(\.rawValue))
        }
    }
}
