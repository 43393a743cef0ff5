import AIOpsCore
import Foundation
import Logging

/// What detection learns from people's verdicts. Each cycle it reads the incidents marked false
/// positive (opened within the policy's horizon) and derives one threshold per series from them,
/// so a verdict changed back, or removed, or grown old, undoes its effect at the next cycle. It
/// publishes the adjustments in force as checkpoint records (what the API shows) and audits each
/// change. Works on any `IncidentStore`: SQLite embedded, DynamoDB on AWS.
struct FeedbackLedger: Sendable {
    let policy: FeedbackPolicy
    /// The highest anomaly score per metric of each false-positive incident, with the incident's
    /// `updatedAt` when read: an incident that has not changed is not read again.
    private var scores: [String: (updatedAt: Date, byMetric: [MetricName: Double])] = [:]
    /// What the store holds: per instance, its published adjustments; nil until first read.
    private var published: [String: [ThresholdAdjustment]]?
    private var publishedIndex: [String] = []

    init(policy: FeedbackPolicy) {
        self.policy = policy
    }

    /// One incident marked false positive, as evidence against one of its series.
    struct Evidence: Sendable, Hashable {
        var incidentID: String
        var openedAt: Date
        var score: Double
    }

    /// The false positives of each series: incidents opened since `now − horizon` that carry a
    /// false-positive verdict, with the highest score their anomalies of that metric reached
    /// before the verdict (anomalies that joined later were not what the person judged).
    mutating func falsePositives(in store: any IncidentStore, now: Date) async throws -> [SeriesKey: [Evidence]] {
        guard policy.enabled else { return [:] }
        let found = try await store.allIncidents(
            matching: IncidentFilter(from: now.addingTimeInterval(-policy.horizon), feedback: .falsePositive))
        var evidence: [SeriesKey: [Evidence]] = [:]
        var kept: [String: (updatedAt: Date, byMetric: [MetricName: Double])] = [:]
        for incident in found {
            let byMetric: [MetricName: Double]
            if let cached = scores[incident.id], cached.updatedAt == incident.updatedAt {
                byMetric = cached.byMetric
            } else {
                byMetric = try await Self.peakScores(of: incident, in: store)
            }
            kept[incident.id] = (incident.updatedAt, byMetric)
            for (metric, score) in byMetric {
                evidence[SeriesKey(instanceID: incident.instanceID, metric: metric), default: []].append(
                    Evidence(incidentID: incident.id, openedAt: incident.openedAt, score: score))
            }
        }
        scores = kept
        return evidence
    }

    private static func peakScores(of incident: Incident, in store: any IncidentStore) async throws
        -> [MetricName: Double]
    {
        let judgedAt = incident.feedback?.at ?? .distantFuture
        var peaks: [MetricName: Double] = [incident.metric: incident.anomaly.score]
        for anomaly in try await store.anomalies(incidentID: incident.id)
        where anomaly.timestamp <= judgedAt && anomaly.score.isFinite {
            peaks[anomaly.metric] = max(peaks[anomaly.metric] ?? 0, anomaly.score)
        }
        return peaks
    }

    /// The adjustment of each series with false positives whose detector's own threshold is
    /// `base(key)`; series whose false positives stay below that threshold get none.
    func adjustments(_ evidence: [SeriesKey: [Evidence]], base: (SeriesKey) -> Double?) -> [SeriesKey:
        ThresholdAdjustment]
    {
        var result: [SeriesKey: ThresholdAdjustment] = [:]
        for (key, list) in evidence {
            guard let own = base(key), let worst = list.map(\.score).max() else { continue }
            let (threshold, capped) = policy.threshold(base: own, falsePositiveScore: worst)
            guard threshold > own else { continue }
            let newestFirst = list.sorted { ($0.openedAt, $0.incidentID) > ($1.openedAt, $1.incidentID) }
            result[key] = ThresholdAdjustment(
                instanceID: key.instanceID, metric: key.metric, baseThreshold: own, threshold: threshold,
                falsePositiveScore: worst, incidentIDs: newestFirst.map(\.incidentID), capped: capped)
        }
        return result
    }

    /// Makes the store's published adjustments `current`, auditing each series whose threshold was
    /// raised, changed or restored. Writes nothing when nothing changed.
    mutating func publish(
        _ current: [SeriesKey: ThresholdAdjustment], to store: any IncidentStore, now: Date, logger: Logger
    ) async throws {
        let before = try await load(store)
        var after: [String: [ThresholdAdjustment]] = [:]
        for adjustment in current.values { after[adjustment.instanceID, default: []].append(adjustment) }
        for id in after.keys { after[id]?.sort { $0.metric < $1.metric } }

        var state = before
        for instanceID in Set(before.keys).union(after.keys).sorted() {
            let old = before[instanceID] ?? []
            let new = after[instanceID] ?? []
            guard old != new else { continue }
            try await store.setCheckpoint(
                ThresholdAdjustment.publishedKey(instanceID: instanceID), ThresholdAdjustment.encoded(new))
            state[instanceID] = new.isEmpty ? nil : new
            for record in Self.auditRecords(from: old, to: new, now: now, horizon: policy.horizon) {
                try await store.append(record)
                logger.info(
                    "threshold adjusted by feedback",
                    metadata: [
                        "aiops.instance-id": "\(instanceID)", "aiops.outcome": "\(record.outcome)",
                        "aiops.reason": "\(record.reason)",
                    ])
            }
        }
        // The index last: a crash before it leaves a record the next cycle rewrites identically.
        let index = state.keys.sorted()
        if index != publishedIndex {
            try await store.setCheckpoint(ThresholdAdjustment.indexKey, ThresholdAdjustment.encoded(index))
            publishedIndex = index
        }
        published = state
    }

    /// The published adjustments, read from the store once (after a restart, or in a fresh Lambda).
    private mutating func load(_ store: any IncidentStore) async throws -> [String: [ThresholdAdjustment]] {
        if let published { return published }
        publishedIndex = try await ThresholdAdjustment.adjustedInstances(in: store)
        var loaded: [String: [ThresholdAdjustment]] = [:]
        for id in publishedIndex {
            let list = try await ThresholdAdjustment.published(instanceID: id, in: store)
            if !list.isEmpty { loaded[id] = list }
        }
        published = loaded
        return loaded
    }

    /// One record per series whose adjustment changed, on the newest incident behind it (so the
    /// incident's own trail shows what its verdict did).
    static func auditRecords(
        from old: [ThresholdAdjustment], to new: [ThresholdAdjustment], now: Date, horizon: TimeInterval
    ) -> [AuditRecord] {
        let oldByMetric = Dictionary(old.map { ($0.metric, $0) }) { first, _ in first }
        let newByMetric = Dictionary(new.map { ($0.metric, $0) }) { first, _ in first }
        var records: [AuditRecord] = []
        for metric in Set(oldByMetric.keys).union(newByMetric.keys).sorted() {
            let before = oldByMetric[metric]
            let after = newByMetric[metric]
            guard before != after else { continue }
            if let after {
                let from = before.map { " (was \(ThresholdAdjustment.format($0.threshold)))" } ?? ""
                records.append(
                    AuditRecord(
                        id: StableID.make(
                            "audit", "threshold", after.instanceID, metric.rawValue,
                            ThresholdAdjustment.format(after.threshold), after.incidentIDs.joined(separator: ",")),
                        at: now, actor: "detection", action: "threshold-raised", instanceID: after.instanceID,
                        incidentID: after.incidentIDs.first,
                        outcome:
                            "\(metric) threshold \(ThresholdAdjustment.format(after.threshold))\(from)",
                        reason: after.reason))
            } else if let before {
                records.append(
                    AuditRecord(
                        id: StableID.make(
                            "audit", "threshold-restored", before.instanceID, metric.rawValue,
                            before.incidentIDs.joined(separator: ","), ISO8601.string(from: now)),
                        at: now, actor: "detection", action: "threshold-restored", instanceID: before.instanceID,
                        incidentID: before.incidentIDs.first,
                        outcome: "\(metric) threshold back to \(ThresholdAdjustment.format(before.baseThreshold))",
                        reason:
                            "no incident of this series opened in the last \(Int(horizon / 86_400)) days is marked "
                            + "false positive any more (a verdict changed or removed, or old ones aged out)"))
            }
        }
        return records
    }
}
