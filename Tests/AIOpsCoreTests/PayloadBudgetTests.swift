import AIOpsCore
import Foundation
import Testing

@Suite struct PayloadBudgetTests {
    static let t0 = Date(timeIntervalSince1970: 1_790_208_000)
    static let instance = Instance(id: "i-0123456789abcdef0", name: "web-1", tags: ["aiops:monitor": "true"])
    static let anomaly = Anomaly(
        instanceID: instance.id, metric: .cpuUtilization, timestamp: t0, value: 97, score: 0.9, threshold: 0.6,
        expected: 20...45, drivingFeature: "value", detector: "default")

    static func finding(_ line: String, examples: Int = 3) -> Finding {
        Finding(
            templateID: "t1", template: line, level: .error, count: 4, baselineRate: 0, novelty: .new, firstSeen: t0,
            examples: Array(repeating: line, count: examples), rank: 1)
    }

    static func incident(_ findings: [Finding], summary: String = "cpu 97 on web-1") -> Incident {
        Incident(
            id: "inc-1", instanceID: instance.id, instanceName: instance.name, metric: .cpuUtilization, openedAt: t0,
            updatedAt: t0, status: .open, severity: .critical, summary: summary, anomaly: anomaly, peakScore: 0.9,
            anomalyCount: 1, findings: findings)
    }

    @Test(arguments: [200 * 1_024, 1_024 * 1_024])
    func aHugeLineIsCutToItsBudgetAndSaysSo(bytes: Int) throws {
        let line = "ERROR dump " + String(repeating: "x", count: bytes)
        let cut = PayloadBudget.truncate(line, toBytes: 2_048)
        #expect(cut.utf8.count <= 2_048)
        #expect(cut.hasPrefix("ERROR dump xxx"))
        #expect(PayloadBudget.isTruncated(cut))
        let kept = try #require(cut.components(separatedBy: " …[truncated: ").first)
        #expect(cut == kept + PayloadBudget.truncationMark(droppedBytes: line.utf8.count - kept.utf8.count))
        // Cutting again changes nothing; a line that fits is left alone.
        #expect(PayloadBudget.truncate(cut, toBytes: 2_048) == cut)
        #expect(PayloadBudget.truncate("short", toBytes: 2_048) == "short")
        #expect(!PayloadBudget.isTruncated("short"))
    }

    @Test func aCutNeverSplitsACharacterNorKeepsInvalidUTF8() throws {
        // Bytes that are not UTF-8 (a lone continuation byte, a truncated sequence, an overlong
        // form) become U+FFFD when read; multi-byte characters sit across the cut.
        var bytes = Array("ERROR bad bytes ".utf8)
        for _ in 0..<2_000 { bytes += [0x80, 0xE2, 0x82, 0xC0, 0xAF] + Array("é😀".utf8) }
        let line = String(decoding: bytes, as: UTF8.self)
        #expect(line.contains("\u{FFFD}"))
        for budget in 64...200 {
            let cut = PayloadBudget.truncate(line, toBytes: budget)
            #expect(cut.utf8.count <= budget)
            #expect(String(validating: Array(cut.utf8), as: UTF8.self) == cut)
        }
        // One grapheme cluster of a million combining marks is still cut.
        let zalgo = "e" + String(repeating: "\u{0301}", count: 500_000)
        #expect(PayloadBudget.truncate(zalgo, toBytes: 2_048).utf8.count <= 2_048)
    }

    @Test func anIncidentWithMegabyteLinesFitsTheStoresAndSNS() throws {
        let line = "ERROR " + String(repeating: "stack frame\n", count: 90_000)
        let findings = (0..<30).map { _ in Self.finding(line, examples: 10) }
        let raw = Self.incident(findings, summary: line)
        #expect(raw.findings.flatMap(\.examples).count == 300)
        let incident = raw.bounded()
        #expect(incident.findings.count == PayloadBudget.standard.findings)
        #expect(incident.findings.allSatisfy { $0.examples.count == PayloadBudget.standard.examplesPerFinding })
        #expect(
            incident.findings.flatMap(\.examples).allSatisfy { PayloadBudget.isTruncated($0) && $0.utf8.count <= 2_048 }
        )
        #expect(incident.summary.utf8.count <= PayloadBudget.standard.textBytes)
        #expect(PayloadBudget.encodedSize(of: incident) <= PayloadBudget.standard.documentBytes)
        let alert = CriticalAlert(alertID: "a", incident: raw, instance: Self.instance, raisedAt: Self.t0).bounded()
        #expect(PayloadBudget.encodedSize(of: alert) <= PayloadBudget.standard.documentBytes)
        #expect(try EventCodec.decodeCriticalAlert(EventCodec.encode(alert)) == alert)
        // Within budget: unchanged.
        let small = Self.incident([Self.finding("ERROR disk full")])
        #expect(small.bounded() == small)
    }

    @Test func textThatEscapesToManyBytesStillFits() throws {
        // Control characters escape to six bytes each in JSON: the per-line cut is not enough,
        // evidence is shed, least-ranked first, until the document fits.
        let line = String(repeating: "\u{01}", count: 4_000)
        let incident = Self.incident((0..<10).map { _ in Self.finding(line) }).bounded()
        #expect(PayloadBudget.encodedSize(of: incident) <= PayloadBudget.standard.documentBytes)
        #expect(!incident.findings.isEmpty)
        #expect(incident.findings.first?.examples.isEmpty == false)
    }

    @Test func aLongChartIsThinnedKeepingTheAnomalyAndTheNewestPoint() {
        let points = (0..<10_000).map {
            MetricPoint(timestamp: Self.t0.addingTimeInterval(Double($0 - 5_000) * 60), value: 1)
        }
        let event = AnomalyEvent(
            eventID: "e", instance: Self.instance, anomaly: Self.anomaly, recent: points, detectedAt: Self.t0)
        let bounded = event.bounded()
        #expect(bounded.recent.count <= PayloadBudget.standard.chartPoints + 2)
        #expect(bounded.recent.count >= PayloadBudget.standard.chartPoints)
        #expect(bounded.recent.contains { $0.timestamp == Self.t0 })
        #expect(bounded.recent.last == points.last)
        #expect(bounded.recent.first == points.first)
        let short = AnomalyEvent(
            eventID: "e", instance: Self.instance, anomaly: Self.anomaly, recent: Array(points.prefix(60)),
            detectedAt: Self.t0)
        #expect(short.bounded() == short)
    }
}
