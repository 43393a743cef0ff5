import AIOpsCore
import Foundation
import Testing

@Suite struct TimestampTests {
    @Test(arguments: [
        ("2015-08-30 12:36:00", 1_440_938_160.0),
        ("2015-08-30T12:36:00Z", 1_440_938_160.0),
        ("2015-08-30T12:36:00.250Z", 1_440_938_160.25),
        ("2015-08-30T14:36:00+02:00", 1_440_938_160.0),
        ("2015-08-30T07:36:00-0500", 1_440_938_160.0),
        ("2015-08-30T12:36Z", 1_440_938_160.0),
        ("2015-08-30", 1_440_892_800.0),
        ("2000-02-29 00:00:00", 951_782_400.0),
        ("  2015-08-30 12:36:00\r", 1_440_938_160.0),
    ])
    func parsesAcceptedForms(text: String, epoch: Double) {
        #expect(Timestamp.parse(Substring(text))?.timeIntervalSince1970 == epoch)
    }

    @Test(arguments: [
        "", "2015-13-01", "2015-02-29", "2015-08-30 25:00:00", "2015-08-30X12:00:00", "yesterday",
        "2015-08-30 12:36:00 junk", "2015-8-30", "2015-08-30T12:36:00.Z", "1440938160",
    ])
    func rejectsOthers(text: String) {
        #expect(Timestamp.parse(Substring(text)) == nil)
    }

    @Test func formatsAndReparses() {
        let date = Date(timeIntervalSince1970: 1_440_938_160)
        #expect(ISO8601.string(from: date) == "2015-08-30T12:36:00Z")
        let fractional = Date(timeIntervalSince1970: 1_440_938_160.5)
        #expect(ISO8601.date(from: ISO8601.string(from: fractional)) == fractional)
    }
}
