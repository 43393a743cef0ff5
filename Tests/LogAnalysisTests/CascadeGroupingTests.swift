import AIOpsCore
import Foundation
import LogAnalysis
import Testing

/// One cause, one finding: a cascade of new templates that start and move together is one
/// finding, led by its most severe, earliest line, with the values its variables took.
@Suite("Cascade grouping")
struct CascadeGroupingTests {
    typealias T = RootCauseAnalyzerTests

    /// A connection-pool exhaustion as a Spring service writes it, once per failing request.
    static func cascade(start: Date, requests: Int, every: TimeInterval) -> [LogEvent] {
        (0..<requests).flatMap { i -> [LogEvent] in
            let t = start.addingTimeInterval(Double(i) * every)
            let stamp = "2025-11-25 14:\(10 + i % 40):00.123"
            return [
                LogEvent(
                    timestamp: t,
                    message:
                        "\(stamp) ERROR 1 --- [nio-8080-exec-\(i % 9)] o.h.engine.jdbc.spi.SqlExceptionHelper : HikariPool-1 - Connection is not available, request timed out after 30000ms."
                ),
                LogEvent(
                    timestamp: t,
                    message:
                        "\(stamp) ERROR 1 --- [nio-8080-exec-\(i % 9)] c.e.web.GlobalExceptionHandler : Request GET /api/orders/\(i) failed (rid=\(String(i * 7919, radix: 16)))"
                ),
                LogEvent(
                    timestamp: t,
                    message:
                        "org.springframework.dao.DataAccessResourceFailureException: Unable to acquire JDBC Connection"),
            ]
        }
    }

    @Test("a pool exhaustion's cascade is one finding: the pool line leads, the others are its consequences")
    func cascadeIsOneFinding() throws {
        let start = T.anomalyTime.addingTimeInterval(-300)
        let current = T.background(T.windows.anomaly) + Self.cascade(start: start, requests: 120, every: 3)
        let analysis = RootCauseAnalyzer().analyze(
            anomaly: T.anomaly, instanceName: "web-1", current: current, baseline: T.background(T.windows.baseline),
            windows: T.windows)
        #expect(analysis.hasErrorEvidence)
        let lead = try #require(analysis.findings.first)
        #expect(lead.template.contains("Connection is not available"), "\(lead.template)")
        #expect(lead.consequences.count == 2)
        #expect(lead.consequences.contains { $0.template.contains("Request") })
        #expect(lead.consequences.contains { $0.template.contains("DataAccessResourceFailureException") })
        #expect(lead.consequences.allSatisfy { $0.count == 120 && $0.consequences.isEmpty })
        // The three are not also listed as peers.
        #expect(analysis.findings.filter { $0.novelty == .new }.count == 1)
        #expect(analysis.summary.contains("leading 2 consequence templates"), "\(analysis.summary)")
        // The values the lead's variables took: the pool and the timeout, every time.
        let values = lead.values.flatMap(\.top)
        #expect(values.contains(Finding.ValueCount(value: "HikariPool-1", count: 120)), "\(lead.values)")
        #expect(values.contains(Finding.ValueCount(value: "30000ms", count: 120)), "\(lead.values)")
    }

    @Test("new templates that start apart or move differently stay separate findings")
    func unrelatedStaySeparate() throws {
        let early = T.anomalyTime.addingTimeInterval(-840)
        let late = T.anomalyTime.addingTimeInterval(-120)
        let disk = T.lines(DateInterval(start: early, duration: 600), every: 5) { _ in
            "2025-11-25 ERROR disk sda1 remounted read-only"
        }
        let current = T.background(T.windows.anomaly) + disk + Self.cascade(start: late, requests: 60, every: 3)
        let analysis = RootCauseAnalyzer().analyze(
            anomaly: T.anomaly, instanceName: nil, current: current, baseline: T.background(T.windows.baseline),
            windows: T.windows)
        let new = analysis.findings.filter { $0.novelty == .new }
        #expect(new.count == 2)
        #expect(new.contains { $0.template.contains("remounted") && $0.consequences.isEmpty })
        #expect(new.contains { $0.template.contains("Connection is not available") && $0.consequences.count == 2 })
    }

    @Test("values are read from lines by aligning them with the template")
    func values() throws {
        let values = try #require(
            TemplateValues.values(
                in: "pool HikariPool-1 timed out after 30000ms, retry 3",
                template: "pool <*> timed out after <*>, retry <*>"))
        #expect(values == ["HikariPool-1", "30000ms", "3"])
        #expect(TemplateValues.values(in: "something else", template: "pool <*> timed out") == nil)
        let counted = TemplateValues.count(
            ["user alice from 1.2.3.4", "user bob from 1.2.3.4", "user alice from 5.6.7.8"].map { Substring($0) },
            template: "user <*> from <*>")
        #expect(counted.count == 2)
        #expect(counted[0].top.first == Finding.ValueCount(value: "alice", count: 2))
        #expect(counted[0].distinct == 2)
        #expect(counted[1].top.first == Finding.ValueCount(value: "1.2.3.4", count: 2))
    }

    @Test("findings stored before grouping existed still decode, with no consequences and no values")
    func oldFindingsDecode() throws {
        let json = """
            {"templateID":"tpl-1","template":"disk <*> full","level":"error","count":3,"baselineRate":0,
            "novelty":"new","firstSeen":0,"examples":["disk sda1 full"],"rank":4.5}
            """
        let finding = try JSONDecoder().decode(Finding.self, from: Data(json.utf8))
        #expect(finding.template == "disk <*> full")
        #expect(finding.consequences.isEmpty)
        #expect(finding.values.isEmpty)
        var grouped = finding
        grouped.consequences = [finding]
        grouped.values = [Finding.VariableValues(position: 0, top: [.init(value: "sda1", count: 3)], distinct: 1)]
        let again = try JSONDecoder().decode(Finding.self, from: JSONEncoder().encode(grouped))
        #expect(again == grouped)
    }
}
