import AIOpsCore
import Foundation
import LogAnalysis
import Testing

/// The analyzer on synthetic windows: a background of requests and a few steady errors, with or
/// without a storm in the anomaly window. Times are fixed; nothing depends on the clock.
@Suite("Root-cause analyzer")
struct RootCauseAnalyzerTests {
    static let anomalyTime = Date(timeIntervalSince1970: 1_764_079_320)  // 2025-11-25 14:02 UTC
    static let configuration = RootCauseConfiguration()
    static let windows = configuration.windows(around: anomalyTime)

    static let anomaly = Anomaly(
        instanceID: "i-0abc1234def567890", metric: .cpuUtilization, timestamp: anomalyTime, value: 97, score: 0.9,
        threshold: 0.7, expected: 20...45, detector: "test")

    /// One line per `every` seconds over `interval`, made by `line(i)`.
    static func lines(_ interval: DateInterval, every: TimeInterval, _ line: (Int) -> String) -> [LogEvent] {
        stride(from: 0.0, to: interval.duration, by: every).enumerated().map { i, offset in
            LogEvent(timestamp: interval.start.addingTimeInterval(offset), message: line(i))
        }
    }

    /// Requests every 2 s and a steady connection-reset error every 60 s, in both windows.
    static func background(_ interval: DateInterval, requestEvery: TimeInterval = 2) -> [LogEvent] {
        lines(interval, every: requestEvery) { i in
            "2025-11-25 INFO GET /api/items/\(i % 97) 200 \(i % 40 + 3)ms user=u\(i % 13)"
        }
            + lines(interval, every: 60) { i in
                "2025-11-25 ERROR upstream connection reset by peer 10.0.\(i % 4).\(i % 200):443"
            }
    }

    @Test("windows are −15/+5 minutes around the anomaly, with the baseline just before")
    func windowsAround() {
        let w = Self.windows
        #expect(w.anomaly.start == Self.anomalyTime.addingTimeInterval(-900))
        #expect(w.anomaly.end == Self.anomalyTime.addingTimeInterval(300))
        #expect(w.baseline.end == w.anomaly.start)
        #expect(w.baseline.duration == 3600)
        #expect(w.fetchRange == DateInterval(start: w.baseline.start, end: w.anomaly.end))
    }

    @Test("a new error storm is found, ranked first, cited with real lines, and is error evidence")
    func errorStorm() throws {
        let stormStart = Self.anomalyTime.addingTimeInterval(-60)
        let storm = Self.lines(DateInterval(start: stormStart, duration: 312), every: 1) { i in
            "2025-11-25 ERROR java.lang.OutOfMemoryError: Java heap space in thread worker-\(i % 8)"
        }
        let current = Self.background(Self.windows.anomaly) + storm
        let baseline = Self.background(Self.windows.baseline)
        let analysis = RootCauseAnalyzer().analyze(
            anomaly: Self.anomaly, instanceName: "web-3", events: (baseline + current).shuffledDeterministically())
        #expect(analysis.hasErrorEvidence)
        let top = try #require(analysis.findings.first)
        #expect(top.novelty == .new)
        #expect(top.level == .error)
        #expect(top.count == 312)
        #expect(top.template.contains("java.lang.OutOfMemoryError: Java heap space"))
        #expect(top.firstSeen == stormStart)
        #expect(!top.examples.isEmpty && top.examples.count <= 3)
        let stormLines = Set(storm.map(\.message))
        #expect(top.examples.allSatisfy { stormLines.contains($0) })
        #expect(analysis.linesExamined == current.count + baseline.count)
        #expect(
            analysis.summary.hasPrefix("CPUUtilization 97% (expected 20–45%) on i-0abc1234def567890 (web-3); 312 × "))
        #expect(analysis.summary.contains("OutOfMemoryError"))
        #expect(analysis.summary.hasSuffix("new since 14:01 UTC"))
    }

    @Test("steady background errors present in the baseline are not error evidence")
    func steadyErrorsIgnored() {
        let analysis = RootCauseAnalyzer().analyze(
            anomaly: Self.anomaly, instanceName: "web-3", current: Self.background(Self.windows.anomaly),
            baseline: Self.background(Self.windows.baseline), windows: Self.windows)
        #expect(!analysis.hasErrorEvidence)
        let reset = analysis.findings.first { $0.template.contains("connection reset") }
        #expect(reset?.novelty == .steady)
        #expect(analysis.summary.contains("no new or surging errors beyond the log volume"))
    }

    @Test("a traffic surge with no errors gives no error evidence, even when errors follow the traffic")
    func surgeWithoutErrors() throws {
        // Three times the requests, and the background errors grow with them.
        let current =
            Self.lines(Self.windows.anomaly, every: 2.0 / 3) { i in
                "2025-11-25 INFO GET /api/items/\(i % 97) 200 \(i % 40 + 3)ms user=u\(i % 13)"
            }
            + Self.lines(Self.windows.anomaly, every: 20) { i in
                "2025-11-25 ERROR upstream connection reset by peer 10.0.\(i % 4).\(i % 200):443"
            }
        let analysis = RootCauseAnalyzer().analyze(
            anomaly: Self.anomaly, instanceName: nil, current: current,
            baseline: Self.background(Self.windows.baseline), windows: Self.windows)
        #expect(!analysis.hasErrorEvidence)
        let requests = try #require(analysis.findings.first { $0.template.contains("GET") })
        #expect(requests.level == .info)
        #expect(requests.novelty == .surging)
        #expect(analysis.summary.contains("top change"))
    }

    @Test("a surging known error is evidence; a single new error line is not")
    func surgingAndSingle() throws {
        let surge = Self.lines(DateInterval(start: Self.anomalyTime, duration: 120), every: 2) { i in
            "2025-11-25 ERROR upstream connection reset by peer 10.0.1.\(i):443"
        }
        let single = [LogEvent(timestamp: Self.anomalyTime, message: "2025-11-25 ERROR disk sda1 remounted read-only")]
        let analysis = RootCauseAnalyzer().analyze(
            anomaly: Self.anomaly, instanceName: "web-3",
            current: Self.background(Self.windows.anomaly) + surge + single,
            baseline: Self.background(Self.windows.baseline), windows: Self.windows)
        #expect(analysis.hasErrorEvidence)
        let reset = try #require(analysis.findings.first { $0.template.contains("connection reset") })
        #expect(reset.novelty == .surging)
        #expect(reset.baselineRate > 0)
        let lone = try #require(analysis.findings.first { $0.template.contains("read-only") })
        #expect(lone.novelty == .new)
        #expect(analysis.findings.first?.templateID == reset.templateID)
        #expect(analysis.summary.contains("surging ×"))

        let onlySingle = RootCauseAnalyzer().analyze(
            anomaly: Self.anomaly, instanceName: "web-3", current: Self.background(Self.windows.anomaly) + single,
            baseline: Self.background(Self.windows.baseline), windows: Self.windows)
        #expect(!onlySingle.hasErrorEvidence)
    }

    @Test("no log lines: a clear summary and no evidence")
    func empty() {
        let analysis = RootCauseAnalyzer().analyze(anomaly: Self.anomaly, instanceName: "web-3", events: [])
        #expect(!analysis.hasErrorEvidence)
        #expect(analysis.findings.isEmpty)
        #expect(analysis.summary.hasSuffix("no log lines in the window"))
    }

    @Test("the configuration caps findings and examples")
    func limits() {
        var configuration = RootCauseConfiguration()
        configuration.maxFindings = 1
        configuration.maxExamples = 1
        let storm = (0..<20).map { i in
            LogEvent(
                timestamp: Self.anomalyTime.addingTimeInterval(Double(i)),
                message: "ERROR job \(i) failed: \(i % 2 == 0 ? "a" : "b")")
        }
        let analysis = RootCauseAnalyzer(configuration: configuration).analyze(
            anomaly: Self.anomaly, instanceName: nil, current: storm, baseline: [], windows: Self.windows)
        #expect(analysis.findings.count == 1)
        #expect(analysis.findings.first?.examples.count == 1)
    }
}

extension Array {
    /// A fixed reordering (odd positions, then even), so the analyzer cannot rely on input order.
    fileprivate func shuffledDeterministically() -> [Element] {
        enumerated().filter { $0.offset % 2 == 1 }.map(\.element)
            + enumerated().filter { $0.offset % 2 == 0 }.map(\.element)
    }
}
