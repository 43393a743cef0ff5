public import AIOpsCore
public import Foundation
public import Logging
import Tracing

/// Stages 3–4, analyze, store and escalate: turns an anomaly event into an incident. An anomaly on
/// an instance with an open incident (of any metric) joins it (count, peak, chart) instead of opening another; a
/// new incident gets a root-cause analysis from the instance's logs and a severity from the
/// escalation policy; a critical one is published as a `CriticalAlert`.
///
/// Safe under at-least-once delivery: incident ids derive from the anomaly that opened them, the
/// anomaly count is recounted from the recorded points, and the incident is written last, so a
/// repeated or replayed event changes nothing. The alert is published before that last write: a
/// crash in between repeats the alert (same id, acted on once), never loses it. Two copies of an
/// event handled at once send one alert: the right to send it is a short lease (`raise`).
public struct AnalysisStage: Sendable {
    let configuration: AgentConfiguration
    let store: any IncidentStore
    let logs: any LogSource
    let metrics: any MetricSource
    let analyzer: any RootCauseAnalyzing
    let alerts: any EventPublisher
    let clock: any AgentClock
    let logger: Logger
    let counters: CycleCounters
    /// Where the changes before an anomaly come from (nil: no change evidence).
    let changes: (any ChangeSource)?
    /// What silences an anomaly's paging (nil: nothing is silenced).
    let silences: (any SilenceChecking)?

    /// - Parameters:
    ///   - alerts: where critical alerts go (the critical topic, or the in-process bus).
    ///   - changes: the changes read as evidence (CloudTrail and Auto Scaling on AWS, the
    ///     simulator's in the fleet scenario); nil reads none.
    ///   - silences: anomalies they silence are stored but page no one (and so trigger no action).
    public init(
        configuration: AgentConfiguration, store: any IncidentStore, logs: any LogSource, metrics: any MetricSource,
        analyzer: any RootCauseAnalyzing, alerts: any EventPublisher, clock: any AgentClock, logger: Logger,
        counters: CycleCounters = CycleCounters(), changes: (any ChangeSource)? = nil,
        silences: (any SilenceChecking)? = nil
    ) {
        self.changes = changes
        self.silences = silences
        self.configuration = configuration
        self.store = store
        self.logs = logs
        self.metrics = metrics
        self.analyzer = analyzer
        self.alerts = alerts
        self.clock = clock
        self.logger = logger
        self.counters = counters
    }

    /// Handles an encoded `AnomalyEvent` (an SNS message body, or the bus's bytes). A malformed
    /// or foreign message is an `AIOpsError` naming what is wrong.
    public func handle(_ message: Data) async throws -> AnalysisOutcome {
        try await handle(EventCodec.decodeAnomaly(message))
    }

    /// One span, `analyse anomaly`, child of the span that published the event (its trace context
    /// came with the message).
    public func handle(_ event: AnomalyEvent) async throws -> AnalysisOutcome {
        try await withSpan("analyse anomaly") { span in
            span.attributes["aiops.event-id"] = event.eventID
            span.attributes["aiops.instance-id"] = event.instance.id
            let outcome = try await analyse(event)
            if let incident = outcome.incident {
                span.attributes["aiops.incident-id"] = incident.id
                span.attributes["aiops.severity"] = incident.severity.rawValue
            }
            span.attributes["aiops.alerted"] = outcome.alert != nil
            return outcome
        }
    }

    private func analyse(_ event: AnomalyEvent) async throws -> AnalysisOutcome {
        let now = clock.now()
        let anomaly = event.anomaly
        let firstDelivery = try await store.markHandled(eventID: event.eventID, at: now)
        let outcome: AnalysisOutcome
        // One open incident per instance: a fault moves several metrics, and one reboot answers them all.
        if let open = try await store.openIncident(instanceID: anomaly.instanceID, metric: nil) {
            let recorded = try await store.anomalies(incidentID: open.id)
            let seen = recorded.contains { $0.timestamp == anomaly.timestamp && $0.metric == anomaly.metric }
            if seen && open.anomalyCount == recorded.count {
                outcome = .duplicate(incidentID: open.id)
            } else if !seen && anomaly.timestamp < open.openedAt && !firstDelivery {
                outcome = .stale
            } else {
                // Seen but not counted: an earlier attempt died between the two writes; finish it.
                outcome = try await update(open, with: event, now: now)
            }
        } else {
            // Analyses of instances that could share an incident find or create it one at a time.
            let id = Self.incidentID(for: anomaly)
            var guarded = try await guardCorrelation(event, id: id)
            do {
                outcome = try await findOrOpen(id, for: event, guarded: &guarded, now: now)
            } catch {
                await release(guarded)
                throw error
            }
            // An incident opened critical keeps the group's leases a little longer: the analyses
            // waiting on them read it by id (a consistent read; the open-incident index may lag).
            let keep =
                if case .opened(let opened, _) = outcome { opened.id == id && opened.severity == .critical } else {
                    false
                }
            if !keep { await release(guarded) }
        }
        record(outcome, event: event)
        return outcome
    }

    /// The incident of an anomaly whose instance has none open: `guarded.found` (another analysis
    /// of the group opened it meanwhile), a correlated one, one another analysis opened with the
    /// same new error template, else a new one (joined to the one another analysis of the
    /// instance is opening). The template leases taken are added to `guarded`.
    private func findOrOpen(_ id: String, for event: AnomalyEvent, guarded: inout CorrelationGuard, now: Date)
        async throws -> AnalysisOutcome
    {
        let anomaly = event.anomaly
        var investigation: Investigation?
        var match = guarded.found
        if match == nil { match = try await correlated(event, now: now, investigation: &investigation) }
        if let match {
            return try await update(match.incident, with: event, now: now, joining: match.joining)
        }
        if try await store.incident(id: id) != nil {
            // Opened by this very anomaly and closed since: a late redelivery.
            return try await isRecorded(anomaly, in: id) ? .duplicate(incidentID: id) : .stale
        }
        if configuration.correlation.enabled {
            let found = try await investigate(event, now: now, unless: investigation)
            investigation = found
            let templates = try await guardTemplates(event, id: id, analysis: found.analysis)
            guarded.held += templates.held
            if let match = templates.found {
                return try await update(match.incident, with: event, now: now, joining: match.joining)
            }
        }
        if let opener = try await takeOpening(id, instanceID: anomaly.instanceID, now: now) {
            return try await join(opener, with: event, now: now)
        }
        return try await open(id, from: event, now: now, investigation: investigation)
    }

    /// The id of the incident an anomaly opens: the same anomaly always maps to the same incident.
    public static func incidentID(for anomaly: Anomaly) -> String {
        StableID.make("inc", anomaly.instanceID, anomaly.metric.rawValue, ISO8601.string(from: anomaly.timestamp))
    }

    /// The id of an incident's critical alert: one per incident, however often it is raised.
    public static func alertID(incidentID: String) -> String { StableID.make("alert", incidentID) }

    private func isRecorded(_ anomaly: Anomaly, in incidentID: String) async throws -> Bool {
        try await store.anomalies(incidentID: incidentID).contains {
            $0.timestamp == anomaly.timestamp && $0.metric == anomaly.metric
        }
    }

    /// - Parameter investigation: the anomaly's, when correlating it made one already.
    private func open(_ id: String, from event: AnomalyEvent, now: Date, investigation: Investigation?)
        async throws -> AnalysisOutcome
    {
        let anomaly = event.anomaly
        let finding = try await investigate(event, now: now, unless: investigation)
        var incident = Incident(
            id: id, instanceID: anomaly.instanceID, instanceName: event.instance.name, metric: anomaly.metric,
            openedAt: anomaly.timestamp, updatedAt: now, status: .open, severity: finding.severity,
            summary: finding.summary, anomaly: anomaly, peakScore: anomaly.score, anomalyCount: 1,
            findings: finding.analysis.findings)
        if configuration.correlation.enabled {
            let tags = event.instance.tags
            let policy = configuration.correlation
            incident.correlation.keys =
                policy.groupKeys(of: tags) + policy.edgeKeys(of: tags)
                + policy.templateKeys(of: finding.analysis.findings)
        }
        await addChangeEvidence(to: &incident, for: event)
        try await store.recordAnomaly(anomaly, incidentID: id)
        try await store.appendSeries(Self.chart(of: event), incidentID: id)
        incident.anomalyCount = try await store.anomalies(incidentID: id).count
        let muting = try await muting(incident, on: event.instance, at: anomaly.timestamp)
        incident.silenced = muting != nil
        let alert = try await escalate(
            incident, instance: event.instance, reason: finding.reason, unless: muting, now: now)
        // A conditional create; should the incident exist by now, the analysis merges into it.
        let mine = incident
        let stored = try await store.create(incident) { $0.mergeAnalysis(mine, from: nil) }
        return .opened(stored, alert: alert)
    }

    private func update(
        _ current: Incident, with event: AnomalyEvent, now: Date, joining: IncidentCorrelation? = nil
    ) async throws -> AnalysisOutcome {
        var incident = current
        let anomaly = event.anomaly
        try await store.recordAnomaly(anomaly, incidentID: incident.id)
        if let joining {
            incident.correlation.merge(joining)
            // A newly found upstream origin replaces one found further down the chain.
            if let origin = joining.origin { incident.correlation.origin = origin }
        }
        if anomaly.metric == incident.metric && anomaly.instanceID == incident.instanceID {
            // The chart is of the metric that opened the incident; the others are in its anomalies.
            try await store.appendSeries(Self.chart(of: event), incidentID: incident.id)
        }
        let recorded = try await store.anomalies(incidentID: incident.id)
        // The strongest anomaly so far, this one aside (the store may already count it).
        let earlierPeak = recorded.filter { $0 != anomaly }.map(\.score).max() ?? current.peakScore
        incident.anomalyCount = recorded.count
        incident.peakScore = recorded.map(\.score).max() ?? max(incident.peakScore, anomaly.score)
        incident.updatedAt = max(incident.updatedAt, now)
        var alert: CriticalAlert?
        if incident.severity < .critical {
            // Evidence often lags the metric by minutes: a warning is re-examined as it goes on.
            let finding = try await investigate(
                anomaly, on: event.instance, knownStatus: event.statusChecksFailing, now: now)
            // The summary describes the incident at its worst: a later, weaker anomaly (a surge
            // decaying) does not rewrite it unless it brings stronger evidence.
            if finding.severity > incident.severity || anomaly.score >= earlierPeak {
                incident.findings = finding.analysis.findings
                incident.summary = finding.summary
                if configuration.correlation.enabled {
                    let keys = configuration.correlation.templateKeys(of: finding.analysis.findings)
                    incident.correlation.merge(IncidentCorrelation(keys: keys))
                }
            }
            if finding.severity > incident.severity {
                incident.severity = finding.severity
                let muting = try await muting(incident, on: event.instance, at: anomaly.timestamp)
                incident.silenced = muting != nil
                alert = try await escalate(
                    incident, instance: event.instance, reason: finding.reason, unless: muting, now: now)
            }
        } else if current.silenced, try await muting(incident, on: event.instance, at: anomaly.timestamp) == nil {
            // Its silence has ended while it goes on: it pages now (once: the alert id is the incident's).
            incident.silenced = false
            if case .sent(let sent) = try await raise(incident, instance: event.instance, now: now) { alert = sent }
        }
        // A re-opened (flapping) incident pages no one again: it was paged when it opened, and
        // shows its flaps.
        await addChangeEvidence(to: &incident, for: event)
        // Written only over the copy read; if a person (or another analysis) wrote meanwhile, the
        // analysis merges into what is stored now, leaving their status and verdict as they are.
        let mine = incident
        guard let stored = try await store.update(incidentID: current.id, { $0.mergeAnalysis(mine, from: current) })
        else { throw AIOpsError(.notFound, "incident \(current.id) disappeared while it was being updated") }
        return .updated(stored.incident, alert: alert)
    }

    /// Why an incident is not paged: a stored silence, or the `SilenceChecking` seam (the fleet
    /// scenario's maintenance window); one value, so both are audited and counted alike.
    struct Muting {
        /// Names the audit record (one per incident and silence).
        let key: String
        /// The audit record's reason, and the outcome's "nobody paged: …".
        let reason: String
        let outcome: String
    }

    /// What mutes the incident's instance, metric and severity at `date`, if anything: a stored
    /// silence first, then the seam.
    private func muting(_ incident: Incident, on instance: Instance, at date: Date) async throws -> Muting? {
        let subject = SilenceMatcher.Subject(
            instanceID: instance.id, tags: instance.tags, metric: incident.metric, severity: incident.severity)
        if let silence = try await store.silences(for: subject, at: date).first {
            return Muting(
                key: silence.id, reason: "silence \(silence.id) by \(silence.owner): \(silence.reason)",
                outcome: "nobody paged: silence \(silence.id)")
        }
        if let window = try await silences?.silenced(instanceID: instance.id, at: date) {
            return Muting(key: "window", reason: window, outcome: "nobody paged: \(window)")
        }
        return nil
    }

    /// How long the right to send an incident's alert is held: a minute, well past the second or
    /// two between taking it, publishing and saving the incident.
    static let alertingWindow: TimeInterval = 60

    enum Raised {
        case sent(CriticalAlert)
        /// A concurrent analysis holds the right to send it and saved the incident in time.
        case sentByAnother
        /// A person acknowledged (or resolved) the incident while it was analysed: no page.
        case taken(IncidentStatus)
    }

    /// Publishes the incident's one critical alert, unless a person has taken the incident since
    /// the analysis read it (the stored status is read now: the analysis's copy may predate the
    /// person's decision), or a concurrent analysis (a second delivery of the same anomaly, say)
    /// holds the right to send it and saves the incident in time.
    private func raise(_ incident: Incident, instance: Instance, now: Date) async throws -> Raised {
        if let status = try await store.incident(id: incident.id)?.status, status != .open {
            return .taken(status)
        }
        let key = "alerting:\(incident.id)"
        // A holder of its own (not derived from the event): two deliveries of one event must not
        // share the lease, as they would with a holder they could both compute.
        let holder = UUID().uuidString
        let until = now.addingTimeInterval(Self.alertingWindow)
        if case .held(let other) = try await store.acquireLease(key, holder: holder, until: until, now: now) {
            // The holder publishes before it saves, so the saved incident means the page is sent.
            // Not saved within `alertingWait` (5 s by default, far more than the second or two
            // a live holder takes), the holder is taken for dead (killed between lease and
            // publish) and this one pages: a page is never lost, and sent twice only when a live
            // holder is slower than that.
            let polls = max(1, Int(configuration.alertingWait / .milliseconds(100)))
            for _ in 0..<polls {
                if try await store.incident(id: incident.id)?.severity == .critical { return .sentByAnother }
                try await Task.sleep(for: .milliseconds(100))
            }
            try await store.releaseLease(key, holder: other.holder)
            guard try await store.acquireLease(key, holder: holder, until: until, now: now) == .acquired else {
                return .sentByAnother
            }
        }
        let alert = CriticalAlert(
            alertID: Self.alertID(incidentID: incident.id), incident: incident, instance: instance, raisedAt: now)
        try await alerts.publish(alert)
        if configuration.correlation.enabled {
            // The notifications the demo's report counts.
            try await store.append(
                AuditRecord(
                    id: StableID.make("audit", alert.alertID, "notified"), at: now, actor: "notification",
                    action: incident.severity.rawValue, instanceID: instance.id, incidentID: incident.id,
                    outcome: Self.notified, reason: incident.summary))
        }
        return .sent(alert)
    }

    /// The audit outcome of a notification sent.
    public static let notified = "notified"

    /// Records the severity decision and, for a critical incident, raises its alert unless
    /// `muting` holds (then nobody is paged and nothing acts: remediation is triggered by the
    /// alert). Checked here, before the notifier and remediation, so that every channel and every
    /// deployment (bus or SNS) obeys it alike. The audit trail says whether people were paged, and
    /// if not, why.
    private func escalate(
        _ incident: Incident, instance: Instance, reason: String, unless muting: Muting?, now: Date
    ) async throws -> CriticalAlert? {
        var alert: CriticalAlert?
        let outcome: String
        if incident.severity == .critical, let muting {
            try await store.append(
                AuditRecord(
                    id: StableID.make("audit", incident.id, "silenced", muting.key), at: now, actor: "escalation",
                    action: "silenced", instanceID: incident.instanceID, incidentID: incident.id,
                    outcome: "nobody paged, no action", reason: muting.reason))
            counters.record { $0.silencedAlerts += 1 }
        }
        let raised =
            incident.severity == .critical && muting == nil
            ? try await raise(incident, instance: instance, now: now) : nil
        switch raised {
        case .sent(let sent)?:
            alert = sent
            outcome = "alert raised"
        case .sentByAnother?:
            outcome = "alert raised by a concurrent analysis"
        case .taken(let status)?:
            outcome = "nobody paged: the incident is \(status.rawValue) already"
        case nil:
            outcome = muting?.outcome ?? "stored, nobody paged"
        }
        try await store.append(
            AuditRecord(
                id: StableID.make("audit", incident.id, "severity", incident.severity.rawValue), at: now,
                actor: "escalation", action: incident.severity.rawValue, instanceID: incident.instanceID,
                incidentID: incident.id, outcome: outcome, reason: reason))
        return alert
    }

    /// How long an analysis may take between deciding to open an incident and saving it (Lambda's
    /// longest timeout): meanwhile, other analyses of the instance join it.
    static let openingWindow: TimeInterval = 15 * 60

    /// Takes the instance's opening lease for incident `id`: nil when granted, else the id of the
    /// incident another analysis is opening. The lease is held by the incident id, so a redelivery
    /// of the opening event (its first attempt may have died) opens the same incident again:
    /// those writes repeat harmlessly, and its alert has the incident's one id, which remediation
    /// acts on once.
    private func takeOpening(_ id: String, instanceID: String, now: Date) async throws -> String? {
        let key = "opening:\(instanceID)"
        let until = now.addingTimeInterval(Self.openingWindow)
        for attempt in 0..<2 {
            guard case .held(let lease) = try await store.acquireLease(key, holder: id, until: until, now: now) else {
                return nil
            }
            // Its incident was opened and closed since (a person resolved it): the lease is spent.
            if attempt == 0, try await store.incident(id: lease.holder)?.status == .resolved {
                try await store.releaseLease(key, holder: lease.holder)
                continue
            }
            return lease.holder
        }
        return nil
    }

    /// Joins the anomaly to an incident another analysis is opening: saved already, updated as any
    /// open incident; not saved yet, its anomaly is recorded there (the opener counts it on saving).
    private func join(_ incidentID: String, with event: AnomalyEvent, now: Date) async throws -> AnalysisOutcome {
        if let opened = try await store.incident(id: incidentID), opened.status != .resolved {
            return try await update(opened, with: event, now: now)
        }
        try await store.recordAnomaly(event.anomaly, incidentID: incidentID)
        return .joined(incidentID: incidentID)
    }

    /// The chart stored with the incident: the event's scored points, or its bare values with the
    /// anomaly marked when the publisher sent no scores.
    static func chart(of event: AnomalyEvent) -> [ScoredPoint] {
        if let scored = event.scored, !scored.isEmpty { return scored }
        let anomaly = event.anomaly
        var points = event.recent.map { ScoredPoint(timestamp: $0.timestamp, value: $0.value) }
        points.removeAll { $0.timestamp == anomaly.timestamp }
        points.append(
            ScoredPoint(
                timestamp: anomaly.timestamp, value: anomaly.value, score: anomaly.score, expected: anomaly.expected,
                isAnomaly: true))
        return points.sorted { $0.timestamp < $1.timestamp }
    }

    private func record(_ outcome: AnalysisOutcome, event: AnomalyEvent) {
        var logger = logger
        logger[metadataKey: "aiops.instance-id"] = "\(event.instance.id)"
        logger[metadataKey: "aiops.event-id"] = "\(event.eventID)"
        switch outcome {
        case .opened(let incident, let alert), .updated(let incident, let alert):
            logger[metadataKey: "aiops.incident-id"] = "\(incident.id)"
            let opened: Bool = if case .opened = outcome { true } else { false }
            logger.info(
                opened ? "incident opened" : "incident updated",
                metadata: [
                    "aiops.severity": "\(incident.severity.rawValue)", "aiops.anomalies": "\(incident.anomalyCount)",
                    "aiops.summary": "\(incident.summary)",
                ])
            if opened { AIOpsMetrics.incidentOpened(severity: incident.severity.rawValue) }
            counters.record {
                if opened { $0.incidentsOpened += 1 } else { $0.incidentsUpdated += 1 }
                if alert != nil { $0.criticalAlerts += 1 }
                if opened && incident.severity == .warning { $0.warnings += 1 }
            }
        case .joined(let incidentID):
            logger[metadataKey: "aiops.incident-id"] = "\(incidentID)"
            logger.info("anomaly joined an incident being opened")
            counters.record { $0.incidentsUpdated += 1 }
        case .duplicate(let incidentID):
            logger[metadataKey: "aiops.incident-id"] = "\(incidentID)"
            logger.debug("duplicate anomaly event ignored")
            counters.record { $0.duplicateEvents += 1 }
        case .stale:
            logger.debug("stale anomaly event ignored")
            counters.record { $0.duplicateEvents += 1 }
        }
    }
}
