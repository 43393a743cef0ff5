public import Foundation

/// How a backtest's incidents and alerts compare with labelled faults.
///
/// A datapoint **shows** a fault when it is on the fault's instance and its period (it is stamped
/// at the period's start) overlaps the fault, from its start to its end plus `grace` (a metric
/// settles a period or two after the cause is gone). An incident **belongs to** a fault when one of
/// its anomalies shows it (an incident opened earlier can absorb the fault's anomalies); the fault
/// is then **detected**, and its time to detect runs from the fault's start to the end of the first
/// such datapoint's period, when the agent's cycle scores it. An alert belongs to a fault when it
/// is raised on the fault's instance between the fault's start and its end plus `grace` and a
/// period; its time to alert runs to when it was raised. Precision is the share of incidents (or
/// alerts) that belong to some fault; recall, the share of faults detected (or alerted on).
public struct BacktestEvaluation: Sendable, Codable {
    public struct Fault: Sendable, Codable {
        public var instanceID: String
        public var kind: String?
        public var start: Date
        public var end: Date?
        public var incidentID: String?
        public var timeToDetectSeconds: Double?
        public var alertID: String?
        public var timeToAlertSeconds: Double?
    }

    /// Precision, recall and mean time to detect over one kind of signal.
    public struct Scores: Sendable, Codable {
        public var count: Int
        public var truePositives: Int
        public var falsePositives: Int
        public var faultsDetected: Int
        public var faults: Int
        /// Nil when there was nothing to judge.
        public var precision: Double?
        public var recall: Double?
        public var meanTimeToDetectSeconds: Double?
    }

    public var graceSeconds: Double
    public var faults: [Fault]
    public var incidents: Scores
    public var alerts: Scores

    /// Matches `incidents` (id, instance, the times of their anomalies) and `alerts` (id, instance,
    /// raised at) against `labels`; returns the evaluation and each incident's and alert's fault.
    static func evaluate(
        labels: [LabelledFault], end recordingEnd: Date, period: TimeInterval, grace: TimeInterval,
        incidents: [(id: String, instanceID: String, anomalies: [Date])],
        alerts: [(id: String, instanceID: String, raisedAt: Date)]
    ) -> (BacktestEvaluation, incidentFaults: [Int?], alertFaults: [Int?]) {
        func end(_ fault: LabelledFault) -> Date { (fault.end ?? recordingEnd).addingTimeInterval(grace) }
        var faults = labels.map {
            Fault(instanceID: $0.instanceID, kind: $0.kind, start: $0.start, end: $0.end)
        }
        var incidentFaults: [Int?] = []
        for incident in incidents {
            var owner: Int?
            for time in incident.anomalies.sorted() {
                guard
                    let index = labels.indices.first(where: {
                        labels[$0].instanceID == incident.instanceID
                            && time.addingTimeInterval(period) > labels[$0].start && time <= end(labels[$0])
                    })
                else { continue }
                owner = owner ?? index
                let delay = time.addingTimeInterval(period).timeIntervalSince(labels[index].start)
                if faults[index].timeToDetectSeconds.map({ delay < $0 }) ?? true {
                    faults[index].timeToDetectSeconds = delay
                    faults[index].incidentID = incident.id
                }
            }
            incidentFaults.append(owner)
        }
        var alertFaults: [Int?] = []
        for alert in alerts {
            let owner = labels.indices.first {
                labels[$0].instanceID == alert.instanceID && alert.raisedAt >= labels[$0].start
                    && alert.raisedAt <= end(labels[$0]).addingTimeInterval(period)
            }
            if let owner {
                let delay = alert.raisedAt.timeIntervalSince(labels[owner].start)
                if faults[owner].timeToAlertSeconds.map({ delay < $0 }) ?? true {
                    faults[owner].timeToAlertSeconds = delay
                    faults[owner].alertID = alert.id
                }
            }
            alertFaults.append(owner)
        }
        func scores(_ owners: [Int?], _ delays: [Double?]) -> Scores {
            let truePositives = owners.filter { $0 != nil }.count
            let detected = delays.compactMap { $0 }
            return Scores(
                count: owners.count, truePositives: truePositives, falsePositives: owners.count - truePositives,
                faultsDetected: detected.count, faults: labels.count,
                precision: owners.isEmpty ? nil : Double(truePositives) / Double(owners.count),
                recall: labels.isEmpty ? nil : Double(detected.count) / Double(labels.count),
                meanTimeToDetectSeconds: detected.isEmpty ? nil : detected.reduce(0, +) / Double(detected.count))
        }
        let evaluation = BacktestEvaluation(
            graceSeconds: grace, faults: faults, incidents: scores(incidentFaults, faults.map(\.timeToDetectSeconds)),
            alerts: scores(alertFaults, faults.map(\.timeToAlertSeconds)))
        return (evaluation, incidentFaults, alertFaults)
    }
}
