import AIOpsCore
import Foundation
import Simulator
import Testing

@Suite("Logs: formats, volume and determinism")
struct LogTests {
    @Test func theSameSeedWritesTheSameLinesWhateverTheWindow() async throws {
        let (a, clockA) = try makeFleet(seed: 11)
        let (b, clockB) = try makeFleet(seed: 11)
        clockA.advance(by: 3600)
        clockB.advance(by: 3600)
        for member in a.members {
            let whole = try await a.events(instanceID: member.id, from: wednesday, to: wednesday.plus(minutes: 40))
            let twin = try await b.events(instanceID: member.id, from: wednesday, to: wednesday.plus(minutes: 40))
            let first = try await a.events(
                instanceID: member.id, from: wednesday, to: wednesday.plus(minutes: 17, seconds: 12.5))
            let second = try await a.events(
                instanceID: member.id, from: wednesday.plus(minutes: 17, seconds: 12.5), to: wednesday.plus(minutes: 40)
            )
            #expect(whole == twin)
            #expect(whole == first + second)
            #expect(zip(whole, whole.dropFirst()).allSatisfy { $0.timestamp <= $1.timestamp })
            #expect(whole.allSatisfy { $0.source?.hasSuffix("/" + member.id) == true })
        }
        let (other, clockC) = try makeFleet(seed: 12)
        clockC.advance(by: 3600)
        let id = a.members[0].id
        let otherLines = try await other.messages(
            of: other.members[0].id, from: wednesday, to: wednesday.plus(minutes: 40))
        #expect(try await a.messages(of: id, from: wednesday, to: wednesday.plus(minutes: 40)) != otherLines)
    }

    @Test func aFewLinesPerMinuteScalingWithLoad() async throws {
        let (fleet, clock) = try makeFleet()
        clock.advance(by: 24 * 3600)
        for member in fleet.members {
            let night = try await fleet.events(
                instanceID: member.id, from: wednesday.plus(hours: 3), to: wednesday.plus(hours: 4))
            let afternoon = try await fleet.events(
                instanceID: member.id, from: wednesday.plus(hours: 15), to: wednesday.plus(hours: 16))
            let perMinute = Double(afternoon.count) / 60
            #expect((1.5...12).contains(perMinute), "\(member.name): \(perMinute) lines/min")
            if member.role != .worker {  // the worker is busiest at night
                #expect(afternoon.count > night.count, "\(member.name)")
            }
        }
    }

    @Test func linesUseRealFormatsAndVaryTheirParts() async throws {
        let (fleet, clock) = try makeFleet()
        clock.advance(by: 24 * 3600)
        var all: [String] = []
        for member in fleet.members {
            all += try await fleet.messages(
                of: member.id, from: wednesday.plus(hours: 9), to: wednesday.plus(hours: 15))
        }
        let formats: [(String, Regex<Substring>)] = [
            (
                "nginx access",
                /^\d+\.\d+\.\d+\.\d+ - - \[\d{2}\/[A-Z][a-z]{2}\/\d{4}:\d{2}:\d{2}:\d{2} \+0000\] "(?:GET|POST|PUT) \S+ HTTP\/1\.1" \d{3} \d+ .*/
            ),
            ("nginx error", /^\d{4}\/\d{2}\/\d{2} \d{2}:\d{2}:\d{2} \[(?:error|warn)\] \d+#\d+: .*/),
            ("spring", /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\.\d{3} +(?:INFO|WARN|ERROR) \d+ --- \[.{15}\] \S+ +: .*/),
            ("celery", /^\[\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2},\d{3}: (?:INFO|WARNING|ERROR)\/\S+\] .*/),
            ("postgres", /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\.\d{3} UTC \[\d+\] (?:LOG|ERROR|WARNING|FATAL):  .*/),
            ("syslog", /^[A-Z][a-z]{2} [ \d]\d \d{2}:\d{2}:\d{2} ip-10-0-\d+-\d+ [\w\-]+(?:\[\d+\])?: .*/),
        ]
        // Every line is in one of these formats: checked on two lines of each shape, as regexes
        // are slow in debug builds.
        var byShape: [String: [String]] = [:]
        for line in all {
            let shape = mask(line)
            if byShape[shape, default: []].count < 2 { byShape[shape, default: []].append(line) }
        }
        var seen: Set<String> = []
        for line in byShape.values.joined() {
            let format = formats.first { line.wholeMatch(of: $0.1) != nil }
            #expect(format != nil, "\(line)")
            if let format { seen.insert(format.0) }
        }
        #expect(seen == Set(formats.map(\.0)))
        // Dozens of distinct shapes once the variable parts are masked.
        #expect(byShape.count >= 40, "\(byShape.count) shapes")
        // Variable parts change: request ids and client addresses are not repeated.
        let requestIDs = all.compactMap { $0.firstMatch(of: /rid=(req-[0-9a-f]{12})/)?.1 }
        #expect(requestIDs.count > 100 && Set(requestIDs).count > requestIDs.count * 9 / 10)
    }

    @Test func aLowSteadyBackgroundOfBenignErrors() async throws {
        let (fleet, clock) = try makeFleet()
        clock.advance(by: 24 * 3600)
        var total = 0
        for member in fleet.members {
            let lines = try await fleet.messages(
                of: member.id, from: wednesday.plus(hours: 8), to: wednesday.plus(hours: 14))
            let errors = lines.filter(isError)
            total += errors.count
            #expect(errors.count <= 60, "\(member.name): \(errors.count) error lines in 6 hours")
            #expect(Double(errors.count) < 0.1 * Double(lines.count))
        }
        #expect(total >= 20, "the background has some errors to cut")
        let (quiet, quietClock) = try makeFleet { $0.backgroundNoise = 0 }
        quietClock.advance(by: 6 * 3600)
        for member in quiet.members {
            let lines = try await quiet.messages(of: member.id, from: wednesday, to: wednesday.plus(hours: 6))
            #expect(!lines.contains(where: isError), "\(member.name)")
        }
    }

    @Test func theFutureIsNotWrittenYet() async throws {
        let (fleet, clock) = try makeFleet()
        clock.advance(to: wednesday.plus(hours: 10))
        let id = fleet.members[0].id
        let lines = try await fleet.events(
            instanceID: id, from: wednesday.plus(hours: 9), to: wednesday.plus(hours: 11))
        #expect(!lines.isEmpty)
        #expect(lines.allSatisfy { $0.timestamp < wednesday.plus(hours: 10) })
        #expect(try await fleet.events(instanceID: "i-0nope", from: wednesday, to: wednesday.plus(hours: 1)).isEmpty)
    }
}
