import AIOpsCore
import Foundation
import Simulator
import Testing

@testable import Dashboard

/// The incident list is written by hand for speed: it must say exactly what `JSONEncoder` says.
@Suite("JSON writer")
struct JSONWriterTests {
    /// Both encodings, parsed back: equal documents, whatever the spelling (`\/` or `/`).
    static func expectSameDocument(_ page: API.IncidentPage) throws {
        let written = Data(page.json().bytes)
        let encoded = try JSONBody.encoder().encode(page)
        let a = try #require(try JSONSerialization.jsonObject(with: written) as? NSDictionary)
        let b = try #require(try JSONSerialization.jsonObject(with: encoded) as? NSDictionary)
        #expect(
            a == b,
            "written: \(String(decoding: written, as: UTF8.self))\nencoded: \(String(decoding: encoded, as: UTF8.self))"
        )
        // The same keys in the same order, too: clients may show the raw answer.
        let keys = { (data: Data) in
            String(decoding: data, as: UTF8.self).matches(of: /"([A-Za-z]+)":/).map { String($0.output.1) }
        }
        #expect(keys(written) == keys(encoded))
    }

    @Test("a page of sample incidents, with and without a next cursor")
    func samplePage() throws {
        let fleet = SampleFleet(now: DashboardFixture.now)
        let items = (0..<60).map {
            API.IncidentSummary(fleet.incident(number: $0, openedAt: DashboardFixture.now).incident)
        }
        try Self.expectSameDocument(API.IncidentPage(items: items, nextCursor: "eyJpZCI6ImluYy0xIn0"))
        try Self.expectSameDocument(API.IncidentPage(items: Array(items.prefix(3)), nextCursor: nil))
        try Self.expectSameDocument(API.IncidentPage(items: [], nextCursor: nil))
    }

    @Test("awkward text, numbers, dates and feedback")
    func awkwardValues() throws {
        var incident = SampleFleet(now: DashboardFixture.now).incident(number: 7, openedAt: DashboardFixture.now)
            .incident
        incident.summary =
            "quote \" backslash \\ slash / tab \t newline \n bell \u{07} nul \u{00} <script>é 漢字 🚨 \u{2028}"
        incident.instanceName = "</script><img src=x onerror=alert(1)>"
        incident.feedback = Feedback(
            verdict: .falsePositive, note: "line 1\r\nline 2 \u{1F}",
            at: DashboardFixture.now.addingTimeInterval(0.813),
            by: "api")
        incident.resolvedAt = DashboardFixture.now.addingTimeInterval(3600.5)
        for (value, score) in [(100.0, 0.5), (97.123456789, 1e-7), (1e21, 0.1 + 0.2), (-0.0, 12345678.9)] {
            incident.anomaly.value = value
            incident.peakScore = score
            try Self.expectSameDocument(API.IncidentPage(items: [API.IncidentSummary(incident)], nextCursor: nil))
        }
        incident.anomaly.value = .nan
        incident.feedback = Feedback(verdict: .truePositive, note: nil, at: DashboardFixture.now, by: "x")
        try Self.expectSameDocument(API.IncidentPage(items: [API.IncidentSummary(incident)], nextCursor: nil))
    }
}
