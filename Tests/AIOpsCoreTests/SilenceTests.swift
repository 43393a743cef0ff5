import AIOpsCore
import Foundation
import Testing

@Suite struct SilenceTests {
    static func utc(_ text: String) -> Date { ISO8601.date(from: text)! }

    static func daily(_ at: String, minutes: Double, zone: String) throws -> SilenceWindow {
        .recurring(try .init(kind: "daily", weekday: nil, at: at, durationMinutes: minutes, timeZone: zone))
    }

    /// Europe/Berlin moves from UTC+1 to UTC+2 at 02:00 on 2026-03-29: a daily 01:00 window starts
    /// at 00:00 UTC before the change and at 23:00 UTC (the day before) after it, and lasts 2 hours
    /// of elapsed time on the night of the change too (to 04:00 local).
    @Test func dailyWindowKeepsItsWallClockTimeAcrossDST() throws {
        let window = try Self.daily("01:00", minutes: 120, zone: "Europe/Berlin")
        // Before the change: 01:00 CET = 00:00 UTC.
        #expect(
            window.occurrence(containing: Self.utc("2026-03-28T00:30:00Z"))?.start == Self.utc("2026-03-28T00:00:00Z"))
        #expect(window.occurrence(containing: Self.utc("2026-03-27T23:30:00Z")) == nil)
        // The night of the change: starts 00:00 UTC, ends 02:00 UTC = 04:00 CEST.
        let night = window.occurrence(containing: Self.utc("2026-03-29T01:59:00Z"))
        #expect(night?.start == Self.utc("2026-03-29T00:00:00Z"))
        #expect(night?.end == Self.utc("2026-03-29T02:00:00Z"))
        // After: 01:00 CEST = 23:00 UTC the day before.
        #expect(
            window.occurrence(containing: Self.utc("2026-03-29T23:30:00Z"))?.start == Self.utc("2026-03-29T23:00:00Z"))
        #expect(window.occurrence(containing: Self.utc("2026-03-30T01:00:00Z")) == nil)
        #expect(
            window.occurrence(startingAfter: Self.utc("2026-03-29T12:00:00Z"))?.start
                == Self.utc("2026-03-29T23:00:00Z"))
    }

    /// "Every Sunday 02:00–03:00 in New York": the Sunday's window only, in local time.
    @Test func weeklyWindowHoldsOnItsDayOnly() throws {
        let window = SilenceWindow.recurring(
            try .init(kind: "weekly", weekday: "Sunday", at: "02:00", durationMinutes: 60, timeZone: "America/New_York")
        )
        // 2026-12-06 is a Sunday; 02:30 EST = 07:30 UTC.
        #expect(window.occurrence(containing: Self.utc("2026-12-06T07:30:00Z")) != nil)
        #expect(window.occurrence(containing: Self.utc("2026-12-07T07:30:00Z")) == nil, "a Monday")
        #expect(window.occurrence(containing: Self.utc("2026-12-06T08:00:00Z")) == nil, "after its hour")
        #expect(
            window.occurrence(startingAfter: Self.utc("2026-12-06T08:00:00Z"))?.start
                == Self.utc("2026-12-13T07:00:00Z"))
    }

    @Test func refusesBadWindowsWithAClearError() {
        let cases: [(String, String?, String, Double, String, String)] = [
            ("hourly", nil, "02:00", 60, "UTC", "is not one of once, daily, weekly"),
            ("daily", nil, "2am", 60, "UTC", "is not HH:MM"),
            ("daily", nil, "25:00", 60, "UTC", "is not a time of day"),
            ("daily", nil, "02:00", 60, "Mars/Olympus", "is not an IANA time zone"),
            ("daily", nil, "02:00", 2000, "UTC", "from 1 minute to 24 hours"),
            ("weekly", nil, "02:00", 60, "UTC", "needs a weekday"),
            ("weekly", "Caturday", "02:00", 60, "UTC", "is not a weekday"),
            ("daily", "monday", "02:00", 60, "UTC", "takes no weekday"),
        ]
        for (kind, weekday, at, minutes, zone, message) in cases {
            #expect {
                _ = try SilenceWindow.Recurrence(
                    kind: kind, weekday: weekday, at: at, durationMinutes: minutes, timeZone: zone)
            } throws: { ($0 as? AIOpsError)?.message.contains(message) == true }
        }
    }

    @Test func matchersParseAndMatch() throws {
        let subject = SilenceMatcher.Subject(
            instanceID: "i-1", tags: ["Role": "db", "Env": "prod"], metric: .cpuUtilization, severity: .critical)
        for text in ["instance=i-1", "tag:Role=db", "metric=CPUUtilization", "severity=critical"] {
            let matcher = try SilenceMatcher(parsing: text)
            #expect(matcher.matches(subject), "\(text)")
            #expect(matcher.description == text)
        }
        for text in ["instance=i-2", "tag:Role=web", "tag:Owner=db", "metric=NetworkIn", "severity=warning"] {
            #expect(try !SilenceMatcher(parsing: text).matches(subject), "\(text)")
        }
        for (text, message) in [
            ("instance", "has no '='"), ("colour=red", "unknown field"), ("tag:=x", "names no tag key"),
            ("severity=loud", "is not one of info"), ("metric=", "has no value"),
        ] {
            #expect {
                _ = try SilenceMatcher(parsing: text)
            } throws: { ($0 as? AIOpsError)?.message.contains(message) == true }
        }
        let decoded = try JSONDecoder().decode([SilenceMatcher].self, from: Data(#"["tag:Role=db"]"#.utf8))
        #expect(decoded == [try SilenceMatcher(parsing: "tag:Role=db")])
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode([SilenceMatcher].self, from: Data(#"["x"]"#.utf8))
        }
    }

    /// Upcoming before its window, active in it, ended after its expiry or once someone ends it.
    @Test func statesFollowTheWindowAndTheExpiry() throws {
        let t0 = Self.utc("2026-12-04T10:00:00Z")
        var silence = Silence(
            id: "sil-1", matchers: [try SilenceMatcher(parsing: "instance=i-1")],
            window: try Self.daily("12:00", minutes: 60, zone: "UTC"), owner: "alice", reason: "patching",
            createdAt: t0, createdBy: "api", expiresAt: t0.addingTimeInterval(26 * 3600 + 1800))
        let subject = SilenceMatcher.Subject(instanceID: "i-1", tags: [:], metric: .cpuUtilization, severity: .critical)
        #expect(silence.state(at: t0) == .upcoming)
        #expect(silence.state(at: t0.addingTimeInterval(2.5 * 3600)) == .active)
        #expect(silence.silences(subject, at: t0.addingTimeInterval(2.5 * 3600)))
        // The second day's window is cut at the expiry (12:30 on the 5th).
        #expect(silence.nextWindow(after: t0.addingTimeInterval(4 * 3600))?.end == silence.expiresAt)
        #expect(silence.state(at: silence.expiresAt) == .ended)
        #expect(!silence.silences(subject, at: silence.expiresAt))
        silence.expiredAt = t0.addingTimeInterval(2.25 * 3600)
        #expect(silence.state(at: t0.addingTimeInterval(2.5 * 3600)) == .ended)
        #expect(throws: AIOpsError.self) { try silence.validate(now: silence.expiresAt) }
        silence.matchers = []
        #expect(throws: AIOpsError.self) { try silence.validate(now: t0) }
    }

    /// What is stored reads back identical, the recurrence's zone and weekday included.
    @Test func roundTripsThroughJSON() throws {
        let silence = Silence(
            id: "sil-2", matchers: [try SilenceMatcher(parsing: "tag:Role=db")],
            window: .recurring(
                try .init(kind: "weekly", weekday: "sunday", at: "02:30", durationMinutes: 90, timeZone: "Asia/Kolkata")
            ),
            owner: "bob", reason: "kernel patch", createdAt: Self.utc("2026-12-04T10:00:00Z"), createdBy: "cli:bob",
            expiresAt: Self.utc("2027-01-04T10:00:00Z"))
        let data = try JSONEncoder().encode(silence)
        #expect(try JSONDecoder().decode(Silence.self, from: data) == silence)
        #expect(String(decoding: data, as: UTF8.self).contains(#""at":"02:30""#))
    }
}
