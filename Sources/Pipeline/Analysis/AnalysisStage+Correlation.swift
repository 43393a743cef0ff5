import AIOpsCore
import Foundation

/// Noise control (issue #15): anomalies of several instances that overlap in time and share a
/// group, a dependency edge or a new log template become one incident; a series that re-opens soon after it resolved
/// re-opens its incident; changes shortly before an anomaly become evidence.
extension AnalysisStage {
    /// An incident the anomaly joins though its instance has none open.
    struct Correlated {
        var incident: Incident
        /// What the anomaly adds to the incident's correlation.
        var joining: IncidentCorrelation
    }

    /// The incident an anomaly of an instance without an open incident belongs to: another
    /// instance's open incident it correlates with (a group, a dependency edge, then a new log
    /// template shared), or its own incident resolved within the flap window. Nil when
    /// correlation is off, the anomaly is silenced (it never joins a paged incident), or nothing
    /// matches.
    ///
    /// - Parameter investigation: the anomaly's investigation, made here when a template has to be
    ///   compared (and handed back so that opening an incident does not make it again).
    func correlated(_ event: AnomalyEvent, now: Date, investigation: inout Investigation?) async throws
        -> Correlated?
    {
        let policy = configuration.correlation
        let anomaly = event.anomaly
        guard policy.enabled else { return nil }
        if let silences, try await silences.silenced(instanceID: anomaly.instanceID, at: anomaly.timestamp) != nil {
            return nil
        }
        let open = try await store.incidents(matching: IncidentFilter(status: .open), limit: 200, cursor: nil).items
        for incident in open where incident.correlation.members.contains(anomaly.instanceID) {
            return Correlated(incident: incident, joining: IncidentCorrelation())
        }
        var byTemplate: [Incident] = []
        for incident in open where isCandidate(incident, for: anomaly) {
            if try await isSilenced(incident) { continue }
            if let found = groupOrEdgeMatch(incident, event) { return found }
            if incident.correlation.keys.contains(where: { $0.hasPrefix(Self.templatePrefix) }) {
                byTemplate.append(incident)
            }
        }
        if !byTemplate.isEmpty {
            let found = try await investigate(event, now: now, unless: investigation)
            investigation = found
            let shared = policy.templateKeys(of: found.analysis.findings)
            if let match = byTemplate.lazy.compactMap({ self.templateMatch($0, event, keys: shared) }).first {
                return match
            }
        }
        return try await reopenFlapping(event, now: now)
    }

    static let templatePrefix = "template:"

    /// The anomaly joining `incident` when they share one of the new error templates `keys`.
    func templateMatch(_ incident: Incident, _ event: AnomalyEvent, keys: [String]) -> Correlated? {
        guard !Set(keys).isDisjoint(with: incident.correlation.keys) else { return nil }
        let policy = configuration.correlation
        let tags = event.instance.tags
        return Correlated(
            incident: incident,
            joining: IncidentCorrelation(
                members: incident.memberIDs + [event.anomaly.instanceID],
                keys: policy.groupKeys(of: tags) + policy.edgeKeys(of: tags)))
    }

    /// Another instance's open incident the anomaly may join: critical, and anomalous within the
    /// overlap window. Only critical incidents gather members: a warning pages no one, so joining
    /// it saves no page, and a false positive must not become the hub of the next real problem.
    func isCandidate(_ incident: Incident, for anomaly: Anomaly) -> Bool {
        let window = configuration.correlation.overlapWindow
        return incident.instanceID != anomaly.instanceID && !incident.correlation.keys.isEmpty
            && incident.severity == .critical && incident.status == .open
            && incident.updatedAt >= anomaly.timestamp.addingTimeInterval(-window)
            && incident.openedAt <= anomaly.timestamp.addingTimeInterval(window)
    }

    /// Whether the incident's opener was silenced when it opened (a silenced incident gathers no one).
    func isSilenced(_ incident: Incident) async throws -> Bool {
        guard let silences else { return false }
        return try await silences.silenced(instanceID: incident.instanceID, at: incident.openedAt) != nil
    }

    /// The anomaly joining `incident` when they share a group or a dependency edge; nil otherwise.
    func groupOrEdgeMatch(_ incident: Incident, _ event: AnomalyEvent) -> Correlated? {
        let policy = configuration.correlation
        let anomaly = event.anomaly
        let tags = event.instance.tags
        let groups = Set(policy.groupKeys(of: tags))
        let dependsOn = tags[policy.dependsOnTag]
        let role = tags[policy.roleTag]
        let keys = incident.correlation.keys
        // It calls a role the incident holds: the incident's first member of that role is upstream.
        let calls = dependsOn.map { keys.contains("role:\($0)") } ?? false
        let called = role.map { keys.contains("depends-on:\($0)") } ?? false
        let sharesGroup = !groups.isDisjoint(with: keys)
        guard calls || called || sharesGroup else { return nil }
        var joining = IncidentCorrelation(
            members: incident.memberIDs + [anomaly.instanceID],
            keys: policy.groupKeys(of: tags) + policy.edgeKeys(of: tags))
        // The likely origin is upstream along the edge and anomalous strictly first: this
        // instance when the incident's instances call its role and it went wrong before the
        // opener; the opener when this instance calls it and it went wrong first. Not when they
        // also share a group (a zone): the group explains the anomalies as well as the edge.
        if !sharesGroup, called, anomaly.timestamp < incident.anomaly.timestamp {
            joining.origin = anomaly.instanceID
        } else if !sharesGroup, calls, incident.correlation.origin == nil,
            dependsOn == Self.openerRole(of: incident),
            incident.anomaly.timestamp < anomaly.timestamp
        {
            joining.origin = incident.instanceID
        }
        return Correlated(incident: incident, joining: joining)
    }

    /// The opener's role: the first `role:` key, since the opener's keys come first.
    private static func openerRole(of incident: Incident) -> String? {
        incident.correlation.keys.first { $0.hasPrefix("role:") }.map { String($0.dropFirst("role:".count)) }
    }

    /// Re-opens the incident the instance opened last when the agent resolved it (quiet, or
    /// recovered after a remediation) less than the flap window before the anomaly: the series
    /// flaps. A person's resolution, or an
    /// incident a person gave a verdict, is theirs and is never re-opened.
    private func reopenFlapping(_ event: AnomalyEvent, now: Date) async throws -> Correlated? {
        let anomaly = event.anomaly
        let window = configuration.correlation.flapWindow
        guard
            let last = try await store.incidents(
                matching: IncidentFilter(status: .resolved, instanceID: anomaly.instanceID), limit: 1, cursor: nil
            ).items.first, let resolvedAt = last.resolvedAt,
            resolvedAt <= anomaly.timestamp.addingTimeInterval(60),
            anomaly.timestamp.timeIntervalSince(resolvedAt) < window
        else { return nil }
        // Resolved by the janitor (actor `agent`) or by a verified remediation (no resolve record):
        // a person's resolve is audited under their name.
        let byPerson = try await store.audit(incidentID: last.id, limit: 50).contains {
            $0.action == "resolve" && $0.actor != "agent"
        }
        guard !byPerson, last.feedback == nil else { return nil }
        let written = try await store.update(incidentID: last.id) { incident in
            guard incident.status == .resolved else { return false }
            incident.status = .open
            incident.resolvedAt = nil
            incident.updatedAt = max(incident.updatedAt, now)
            incident.correlation.flaps += 1
            return true
        }
        guard let written, written.changed else { return nil }
        try await store.append(
            AuditRecord(
                id: StableID.make("audit", last.id, "reopen", String(written.incident.correlation.flaps)), at: now,
                actor: "agent", action: "reopen", instanceID: anomaly.instanceID, incidentID: last.id,
                outcome: "flapping",
                reason: "anomalous again \(Int(anomaly.timestamp.timeIntervalSince(resolvedAt) / 60)) min after it "
                    + "was resolved (flap window \(Int(window / 60)) min); flap \(written.incident.correlation.flaps)"))
        return Correlated(incident: written.incident, joining: IncidentCorrelation())
    }

    /// Adds the changes made to the anomaly's instance within the change horizon before it, one
    /// finding per change subject across the members; a change that reached two members or more
    /// before their anomalies leads the findings and the summary.
    ///
    /// Evidence, not a condition: a lookup that fails (throttled past its retries, denied by IAM,
    /// unsupported by the endpoint) is logged and the incident goes on without change findings.
    func addChangeEvidence(to incident: inout Incident, for event: AnomalyEvent) async {
        guard let changes else { return }
        let anomaly = event.anomaly
        let found: [ChangeEvent]
        do {
            found = try await changes.changes(
                of: [event.instance],
                from: anomaly.timestamp.addingTimeInterval(-configuration.correlation.changeHorizon),
                to: anomaly.timestamp)
        } catch {
            logger.warning(
                "change lookup failed: the incident goes on without change evidence",
                metadata: [
                    "aiops.instance-id": "\(anomaly.instanceID)", "aiops.incident-id": "\(incident.id)",
                    "error": "\(error)",
                ])
            return
        }
        var findings = incident.findings
        for change in found {
            let id = StableID.make("change", change.kind.rawValue, change.subject)
            let line = "\(event.instance.name) (\(change.instanceID)) at \(ISO8601.string(from: change.at))"
            if let index = findings.firstIndex(where: { $0.kind == .change && $0.templateID == id }) {
                guard !findings[index].examples.contains(line) else { continue }
                findings[index].examples.append(line)
                findings[index].count = findings[index].examples.count
                findings[index].firstSeen = min(findings[index].firstSeen, change.at)
            } else {
                var finding = Finding(
                    templateID: id, template: "\(change.kind.rawValue): \(change.subject)", level: .info, count: 1,
                    baselineRate: 0, novelty: .new, firstSeen: change.at, examples: [line], rank: 0)
                finding.kind = .change
                findings.append(finding)
            }
        }
        // Changes that reached the whole group first, then the log evidence, then single changes.
        let group = findings.filter { $0.kind == .change && $0.count >= 2 }
        findings = group + findings.filter { $0.kind == .log } + findings.filter { $0.kind == .change && $0.count < 2 }
        incident.findings = findings
        if let lead = group.first { incident.summary = Self.changeSentence(lead) }
    }

    /// "release 2.4.1 reached web-1…web-4 between 10:02 and 10:07; the errors started after each".
    static func changeSentence(_ change: Finding) -> String {
        let subject =
            change.template.split(separator: ":", maxSplits: 1).last.map {
                $0.trimmingCharacters(in: .whitespaces)
            } ?? change.template
        let names = change.examples.compactMap { $0.split(separator: " ").first.map(String.init) }
        let times = change.examples.compactMap { $0.split(separator: " ").last.map(String.init) }.sorted()
        let clock = { (stamp: String) in String(stamp.dropFirst(11).prefix(5)) }
        let span = names.count > 2 ? "\(names.first ?? "")…\(names.last ?? "")" : names.joined(separator: " and ")
        return "\(subject) reached \(span) between \(clock(times.first ?? "")) and \(clock(times.last ?? "")); "
            + "the errors started after each"
    }
}
