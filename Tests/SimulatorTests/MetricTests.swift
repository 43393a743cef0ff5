import AIOpsCore
import Foundation
import Simulator
import Testing

@Suite("Metrics: shape, seasonality and determinism")
struct MetricTests {
    static let all: [MetricName] = [
        .cpuUtilization, .memoryUtilization, .networkIn, .networkOut, .statusCheckFailed,
    ]

    @Test func theSameQueryAlwaysReturnsTheSamePoints() async throws {
        let (a, clockA) = try makeFleet(seed: 3)
        let (b, clockB) = try makeFleet(seed: 3)
        let (c, clockC) = try makeFleet(seed: 4)
        for clock in [clockA, clockB, clockC] { clock.advance(by: 3 * 3600) }
        func query(_ fleet: SimulatedFleet) -> MetricQuery {
            MetricQuery(
                instanceIDs: fleet.members.map(\.id), metrics: Self.all, start: wednesday.plus(hours: -12),
                end: wednesday.plus(hours: 3), period: 300)
        }
        let first = try await a.fetch(query(a))
        let again = try await a.fetch(query(a))
        let twin = try await b.fetch(query(b))
        let other = try await c.fetch(query(c))
        #expect(first == again)
        #expect(first == twin)
        #expect(first.count == 8 * 5)
        #expect(first.map(\.points) != other.map(\.points))
        // A sub-range returns exactly the same points as the larger query.
        let id = a.members[0].id
        let part = try await a.points(
            .cpuUtilization, of: id, from: wednesday.plus(hours: -6), to: wednesday.plus(hours: -5), period: 300)
        let whole = first.first { $0.instanceID == id && $0.metric == .cpuUtilization }!.points
        #expect(
            part
                == whole.filter {
                    $0.timestamp >= wednesday.plus(hours: -6) && $0.timestamp < wednesday.plus(hours: -5)
                })
        #expect(part.count == 12)
    }

    @Test func fourteenDaysOfHistoryAtFiveMinutes() async throws {
        let (fleet, _) = try makeFleet()
        let id = fleet.members[0].id
        let points = try await fleet.points(
            .cpuUtilization, of: id, from: wednesday.plus(hours: -14 * 24), to: wednesday, period: 300)
        #expect(points.count == 14 * 288)
        #expect(points.first?.timestamp == wednesday.plus(hours: -14 * 24))
        #expect(zip(points, points.dropFirst()).allSatisfy { $1.timestamp.timeIntervalSince($0.timestamp) == 300 })
        #expect(points.allSatisfy { (0...100).contains($0.value) })
    }

    @Test func fiveMinutePointsAggregateTheMinutes() async throws {
        let (fleet, clock) = try makeFleet()
        clock.advance(by: 3600)
        let id = fleet.members[1].id
        for metric in Self.all {
            let coarse = try await fleet.points(
                metric, of: id, from: wednesday, to: wednesday.plus(hours: 1), period: 300)
            let fine = try await fleet.points(metric, of: id, from: wednesday, to: wednesday.plus(hours: 1), period: 60)
            #expect(coarse.count == 12 && fine.count == 60)
            for (i, point) in coarse.enumerated() {
                let minutes = fine[(i * 5)..<(i * 5 + 5)].map(\.value)
                let expected =
                    switch metric {
                    case .networkIn, .networkOut: minutes.reduce(0, +)
                    case .statusCheckFailed: minutes.max()!
                    default: mean(minutes)
                    }
                #expect(abs(point.value - expected) < 1e-9, "\(metric) at \(point.timestamp)")
            }
        }
    }

    @Test func onlyEndedPeriodsAreVisible() async throws {
        let (fleet, clock) = try makeFleet()
        let id = fleet.members[0].id
        clock.advance(to: wednesday.plus(minutes: 12, seconds: 30))
        let fine = try await fleet.points(.cpuUtilization, of: id, from: wednesday, to: wednesday.plus(hours: 1))
        let coarse = try await fleet.points(
            .cpuUtilization, of: id, from: wednesday, to: wednesday.plus(hours: 1), period: 300)
        #expect(fine.count == 12)
        #expect(coarse.count == 2)
    }

    @Test func cpuFollowsTheDayAndTheWeek() async throws {
        let (fleet, _) = try makeFleet(start: wednesday.plus(hours: 24 * 7))
        for member in fleet.members where member.role == .web || member.role == .api {
            let week = try await fleet.points(
                .cpuUtilization, of: member.id, from: wednesday.plus(hours: -24 * 2), to: wednesday.plus(hours: 24 * 5),
                period: 300)
            func hours(_ range: Range<Int>, weekend: Bool) -> [Double] {
                week.filter {
                    let c = Calendar(identifier: .gregorian).dateComponents(
                        in: TimeZone(identifier: "UTC")!, from: $0.timestamp)
                    return range.contains(c.hour!) && ((c.weekday! == 1 || c.weekday! == 7) == weekend)
                }.map(\.value)
            }
            let afternoon = mean(hours(14..<18, weekend: false))
            let night = mean(hours(2..<6, weekend: false))
            let weekendAfternoon = mean(hours(14..<18, weekend: true))
            #expect(afternoon > 2 * night, "\(member.name): day \(afternoon) night \(night)")
            #expect(
                afternoon > 1.25 * weekendAfternoon, "\(member.name): weekday \(afternoon) weekend \(weekendAfternoon)")
        }
    }

    @Test func theWorkerPeaksAtNightWithItsBatch() async throws {
        let (fleet, clock) = try makeFleet()
        clock.advance(by: 24 * 3600)
        let worker = try #require(fleet.first(.worker))
        let day = try await fleet.points(
            .cpuUtilization, of: worker.id, from: wednesday, to: wednesday.plus(hours: 24), period: 300)
        let batch = mean(
            day.filter { (1.5..<2.5).contains($0.timestamp.timeIntervalSince(wednesday) / 3600) }.map(\.value))
        let morning = mean(
            day.filter { (5..<7).contains($0.timestamp.timeIntervalSince(wednesday) / 3600) }.map(\.value))
        #expect(batch > morning + 20)
    }

    @Test func valuesAreRealistic() async throws {
        let (fleet, clock) = try makeFleet()
        clock.advance(by: 24 * 3600)
        for member in fleet.members {
            let series = try await fleet.fetch(
                MetricQuery(
                    instanceIDs: [member.id], metrics: Self.all, start: wednesday, end: wednesday.plus(hours: 24),
                    period: 300))
            let byMetric = Dictionary(uniqueKeysWithValues: series.map { ($0.metric, $0.points.map(\.value)) })
            #expect(byMetric[.cpuUtilization]!.allSatisfy { (0.5...90).contains($0) }, "\(member.name)")
            #expect(byMetric[.memoryUtilization]!.allSatisfy { (25...90).contains($0) }, "\(member.name)")
            #expect(byMetric[.networkIn]!.allSatisfy { $0 > 10_000 }, "\(member.name)")
            #expect(byMetric[.statusCheckFailed]!.allSatisfy { $0 == 0 }, "\(member.name)")
            // Noise: no two neighbours identical.
            let cpu = byMetric[.cpuUtilization]!
            #expect(zip(cpu, cpu.dropFirst()).allSatisfy { $0 != $1 })
        }
    }

    @Test func unknownMetricsAndInstancesGiveEmptySeries() async throws {
        let (fleet, clock) = try makeFleet()
        clock.advance(by: 3600)
        let series = try await fleet.fetch(
            MetricQuery(
                instanceIDs: [fleet.members[0].id, "i-0ffffffffffffffff"], metrics: [.cpuUtilization, "DiskReadOps"],
                start: wednesday, end: wednesday.plus(hours: 1), period: 300))
        #expect(series.map(\.points.count) == [12, 0, 0, 0])
        #expect(
            series.map(\.instanceID) == [
                fleet.members[0].id, fleet.members[0].id, "i-0ffffffffffffffff", "i-0ffffffffffffffff",
            ])
    }

    @Test func badQueriesGetClearErrors() async throws {
        let (fleet, _) = try makeFleet()
        let id = fleet.members[0].id
        await #expect {
            try await fleet.fetch(
                MetricQuery(instanceIDs: [id], metrics: [.cpuUtilization], start: wednesday, end: wednesday, period: 45)
            )
        } throws: { error in
            (error as? AIOpsError)?.code == .invalidInput && "\(error)".contains("period 45")
        }
        await #expect {
            try await fleet.fetch(
                MetricQuery(
                    instanceIDs: [id], metrics: [.cpuUtilization], start: wednesday, end: wednesday.plus(hours: -1),
                    period: 60))
        } throws: { error in
            "\(error)".contains("after it ends")
        }
    }
}
