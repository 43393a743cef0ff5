import AIOpsCore
import Foundation

/// The correlation race: two analyses of one group at once (two web instances anomalous in the
/// same minute, two Lambda invocations) each find no incident to join and would open one each.
/// Find-or-create is therefore done under a lease per correlation group key (the store's leases:
/// a conditional write, atomic across processes). Template keys are known only after the logs
/// are read: an analysis that found no incident to join takes their leases too before it opens
/// one (`guardTemplates`), so that instances of no common group writing the same new error at
/// once (one failing dependency, one bad release on an untagged fleet) still open one incident.
extension AnalysisStage {
    /// The leases an analysis holds while it finds or creates its incident.
    struct CorrelationGuard {
        /// The lease names held (`correlating:Role=web`…).
        var held: [String] = []
        /// The holder: the id of the incident the anomaly would open.
        var holder: String
        /// An incident another analysis of the group opened meanwhile, that this anomaly joins.
        var found: Correlated?
    }

    /// How long a lease is held: past the find-or-create of one analysis (a few seconds), and kept
    /// that long after opening a critical incident so that the analyses waiting on it join it.
    static let correlationLeaseTime: TimeInterval = 60
    /// How long an analysis waits for another of its group to save its incident: longer than one
    /// analysis takes on a loaded machine. A holder that died is waited for that long, then the
    /// analysis goes on unguarded (never losing the anomaly).
    static let correlationWait: Duration = .seconds(30)

    /// Takes every lease of the anomaly's groups for `id`, all or none at a time (taking them one
    /// by one and giving all back when one is held cannot deadlock). While another analysis holds
    /// one: when its incident is saved, the anomaly joins it if they correlate (and goes on without
    /// leases otherwise); until then, it waits.
    func guardCorrelation(_ event: AnomalyEvent, id: String) async throws -> CorrelationGuard {
        let policy = configuration.correlation
        guard policy.enabled else { return CorrelationGuard(holder: id) }
        return try await guardLeases(
            policy.leaseKeys(of: event.instance.tags), for: event, id: id, match: { groupOrEdgeMatch($0, event) })
    }

    /// Takes the leases of the new error templates `analysis` found, for an anomaly that found no
    /// incident to join and is about to open its own. Held by another analysis, its incident is
    /// joined when it shares a template (the analysis that opened it made its own findings).
    func guardTemplates(_ event: AnomalyEvent, id: String, analysis: Analysis) async throws -> CorrelationGuard {
        let policy = configuration.correlation
        guard policy.enabled else { return CorrelationGuard(holder: id) }
        let keys = policy.templateKeys(of: analysis.findings)
        return try await guardLeases(keys, for: event, id: id, match: { templateMatch($0, event, keys: keys) })
    }

    /// Takes the leases `correlating:<key>` for `id`, all or none at a time; while another
    /// analysis holds one, waits for its incident and joins it when `match` says so.
    private func guardLeases(
        _ names: [String], for event: AnomalyEvent, id: String, match: (Incident) -> Correlated?
    ) async throws -> CorrelationGuard {
        var state = CorrelationGuard(holder: id)
        let keys = Array(Set(names)).sorted().map { "correlating:\($0)" }
        guard !keys.isEmpty else { return state }
        let polls = max(1, Int(Self.correlationWait / .milliseconds(100)))
        for _ in 0..<polls {
            var blocker: Lease?
            for key in keys where blocker == nil {
                let now = clock.now()
                let until = now.addingTimeInterval(Self.correlationLeaseTime)
                switch try await store.acquireLease(key, holder: id, until: until, now: now) {
                case .acquired: state.held.append(key)
                case .held(let lease): blocker = lease
                }
            }
            guard let blocker else { return state }
            await release(state)
            state.held = []
            if let incident = try await store.incident(id: blocker.holder), incident.status == .open {
                if isCandidate(incident, for: event.anomaly), try await !isSilenced(incident),
                    try await silences?.silenced(instanceID: event.instance.id, at: event.anomaly.timestamp) == nil
                {
                    state.found = match(incident)
                }
                return state
            }
            try await Task.sleep(for: .milliseconds(100))
        }
        return state
    }

    /// Gives the leases back (a failure only leaves them to expire).
    func release(_ state: CorrelationGuard) async {
        for key in state.held {
            do {
                try await store.releaseLease(key, holder: state.holder)
            } catch {
                logger.warning(
                    "could not release a correlation lease: it expires by itself",
                    metadata: ["aiops.lease": "\(key)", "error": "\(error)"])
            }
        }
    }
}
