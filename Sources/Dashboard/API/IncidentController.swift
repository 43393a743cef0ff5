import AIOpsCore
import Foundation
import Hummingbird
import Logging

/// `/api/v1/incidents`: the list with filters and cursor pagination, the detail, and what people do
/// to an incident (acknowledge, resolve, feedback), each stored, audited and published.
struct IncidentController<Store: IncidentStore, Metrics: MetricSource>: Sendable {
    let store: Store
    let metrics: Metrics
    let clock: any AgentClock
    let events: IncidentEvents
    /// Told of acknowledgements and resolutions (pages follow them); nil tells no one.
    let notifier: (any Notifier)?
    /// Who the audit trail names for changes made through the API.
    let actor = "api"

    func addRoutes(to group: RouterGroup<DashboardRequestContext>) {
        group.get("incidents", use: list)
        group.get("incidents/:id", use: detail)
        group.post("incidents/:id/acknowledge") { request, context in
            try await run(.acknowledge, request: request, context: context)
        }
        group.post("incidents/:id/resolve") { request, context in
            try await run(.resolve, request: request, context: context)
        }
        group.post("incidents/:id/feedback") { request, context in
            var request = request
            let command = try await FeedbackRequest.command(from: &request, context: context)
            return try await run(command, request: request, context: context)
        }
    }

    @Sendable func list(_ request: Request, context: DashboardRequestContext) async throws -> Response {
        let query = QueryParameters(request)
        let window = try query.window()
        let filter = IncidentFilter(
            status: try query.oneOf("status", IncidentStatus.self),
            severity: try query.oneOf("severity", Severity.self),
            instanceID: try query.string("instance"),
            from: window.from, to: window.to)
        let limit = try query.int("limit", in: 1...500) ?? 50
        let cursor = try query.string("cursor", maxLength: 1024)
        if let cursor {
            do { _ = try IncidentCursor(encoded: cursor) } catch {
                throw APIError.badParameter("cursor", error.message)
            }
        }
        // The list shows no findings: the store may skip reading them.
        let page = try await store.incidentSummaries(matching: filter, limit: limit, cursor: cursor)
        // The most requested answer: written by hand, as JSONEncoder would be most of its cost.
        let answer = API.IncidentPage(items: page.items.map(API.IncidentSummary.init), nextCursor: page.nextCursor)
        return JSONBody.response(json: answer.json().byteBuffer)
    }

    @Sendable func detail(_ request: Request, context: DashboardRequestContext) async throws -> Response {
        let id = try request.pathParameter("id", context: context)
        guard let incident = try await store.incident(id: id) else { throw APIError.notFound("incident", id) }
        let anomalies = try await store.anomalies(incidentID: id)
        var series = try await store.series(incidentID: id)
        if series.isEmpty {
            series = await fetchSeries(around: incident, anomalies: anomalies, logger: context.logger)
        }
        let actions = try await store.actions(incidentID: id, instanceID: nil, since: nil, limit: 200)
        let audit = try await store.audit(incidentID: id, limit: 200)
        let adjustment = try await ThresholdAdjustment.published(instanceID: incident.instanceID, in: store)
            .first { $0.metric == incident.metric }
        return JSONBody.response(
            API.IncidentDetail(
                incident: API.Incident(incident), anomalies: anomalies.map(API.Anomaly.init),
                series: series.compactMap(API.ScoredPoint.init), actions: actions.map(API.Action.init),
                audit: audit.map(API.AuditRecord.init),
                thresholdAdjustment: adjustment.map(API.ThresholdAdjustment.init)))
    }

    /// Applies `command`, then stores, audits and publishes the result; answers the incident as it is now.
    func run(_ command: IncidentCommand, request: Request, context: DashboardRequestContext) async throws -> Response {
        let id = try request.pathParameter("id", context: context)
        let now = clock.now()
        // Applied to the incident as stored at the moment of writing: should the pipeline write
        // meanwhile, the command is applied again to its copy, so the person's decision wins.
        var record: AuditRecord?
        var previous: IncidentStatus?
        let written = try await store.update(incidentID: id) { fresh in
            record = nil
            previous = fresh.status
            guard let (changed, audit) = try command.apply(to: fresh, at: now, by: actor) else { return false }
            fresh = changed
            record = audit
            return true
        }
        guard let written else { throw APIError.notFound("incident", id) }
        guard written.changed, let record else { return JSONBody.response(API.Incident(written.incident)) }
        let changed = written.incident
        try await store.append(record)
        events.publish(changed, kind: .updated)
        if changed.status != previous, let notifier {
            // After the change is stored and audited: a channel that is down cannot undo it.
            do {
                try await notifier.incidentChanged(changed, at: now)
            } catch {
                context.logger.warning(
                    "could not tell the channels of the change",
                    metadata: ["aiops.incident-id": "\(id)", "aiops.error": "\(error)"])
            }
        }
        context.logger.info(
            "incident changed through the API",
            metadata: ["aiops.incident-id": "\(id)", "aiops.action": "\(command.name)"])
        return JSONBody.response(API.Incident(changed))
    }

    /// The incident's metric from the metric source, when the store kept no series for it: an
    /// hour and a half either side of the anomaly, its anomalous points marked.
    private func fetchSeries(around incident: Incident, anomalies: [Anomaly], logger: Logger) async -> [ScoredPoint] {
        let at = incident.anomaly.timestamp
        let query = MetricQuery(
            instanceIDs: [incident.instanceID], metrics: [incident.metric], start: at.addingTimeInterval(-5400),
            end: max(at.addingTimeInterval(5400), incident.updatedAt), period: 60)
        do {
            let found = try await metrics.fetch(query)
            let marked = Dictionary((anomalies + [incident.anomaly]).map { ($0.timestamp, $0) }) { first, _ in first }
            return found.filter { $0.metric == incident.metric }.flatMap(\.points).map { point in
                let anomaly = marked[point.timestamp]
                return ScoredPoint(
                    timestamp: point.timestamp, value: point.value, score: anomaly?.score, expected: anomaly?.expected,
                    isAnomaly: anomaly != nil)
            }
        } catch {
            logger.warning(
                "no series for the incident's chart: the metric source failed",
                metadata: ["aiops.incident-id": "\(incident.id)", "error": "\(error)"])
            return []
        }
    }
}
