import Foundation
import Testing

@testable import Evaluation

/// Precision, recall and time to detect of a backtest, on hand-made incidents and alerts.
@Suite struct BacktestScoringTests {
    static let t0 = Date(timeIntervalSince1970: 1_772_445_600)  // 10:00
    static func at(_ minutes: Double) -> Date { t0.addingTimeInterval(minutes * 60) }

    @Test func incidentsBelongToAFaultWhenOneOfTheirDatapointsShowsIt() {
        let labels = [
            LabelledFault(instanceID: "i-1", start: Self.at(0), end: Self.at(30), kind: "cpu_runaway"),
            LabelledFault(instanceID: "i-3", start: Self.at(60), end: nil, kind: nil),
        ]
        let (result, incidentFaults, alertFaults) = BacktestEvaluation.evaluate(
            labels: labels, end: Self.at(120), period: 300, grace: 600,
            incidents: [
                // Opened before the fault (its 09:50 datapoint ends at 09:55): absorbs the fault's
                // 10:05 anomaly, detected when that period ends, at 10:10.
                ("a", "i-1", [Self.at(-10), Self.at(5)]),
                // Its datapoint 09:55–10:00 ends as the fault starts: it does not show it.
                ("b", "i-1", [Self.at(-5)]),
                // Another instance.
                ("c", "i-2", [Self.at(5)]),
                // Within the grace after the end (10:30 + 10 min).
                ("d", "i-1", [Self.at(39)]),
            ],
            alerts: [("x", "i-1", Self.at(12)), ("y", "i-1", Self.at(46)), ("z", "i-1", Self.at(-1))])
        #expect(incidentFaults == [0, nil, nil, 0])
        #expect(alertFaults == [0, nil, nil])
        #expect(result.faults[0].incidentID == "a")
        #expect(result.faults[0].timeToDetectSeconds == 600)
        #expect(result.faults[0].alertID == "x")
        #expect(result.faults[0].timeToAlertSeconds == 720)
        #expect(result.faults[1].incidentID == nil)
        #expect(result.incidents.truePositives == 2)
        #expect(result.incidents.falsePositives == 2)
        #expect(result.incidents.precision == 0.5)
        #expect(result.incidents.recall == 0.5)
        #expect(result.incidents.meanTimeToDetectSeconds == 600)
        #expect(result.alerts.precision == 1.0 / 3)
        #expect(result.alerts.recall == 0.5)
    }

    @Test func nothingToJudgeIsNilNotZero() {
        let (result, _, _) = BacktestEvaluation.evaluate(
            labels: [], end: Self.at(60), period: 300, grace: 600, incidents: [], alerts: [])
        #expect(result.incidents.precision == nil)
        #expect(result.incidents.recall == nil)
        #expect(result.incidents.meanTimeToDetectSeconds == nil)
    }
}
