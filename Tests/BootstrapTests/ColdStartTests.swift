import AIOpsCore
import AWSAdapters
import AWSClient
import AWSTestSupport
import Foundation
import Pipeline
import TestSupport
import Testing

/// Issue 11: a recycled execution environment detects as one that never stopped. The built
/// `bootstrap` detector runs over the same CloudWatch series (two days of history, then eight hours
/// in two phases four hours apart) once as one warm process and once as two cold starts, and
/// publishes the same anomalies.
///
/// Part of `ServerlessChainTests` so that the two never run at once: both block a thread of the
/// cooperative pool while a function answers, and two at a time starved a 2-core machine's pool.
extension ServerlessChainTests {
    static let coldStartPeriod = 300.0

    /// One instance with the series on moto, its own table and anomaly topic (read through a queue).
    struct Lane {
        let instanceID: String
        let table: String
        let queue: String
        let environment: [String: String]
        let moto: Moto

        init(moto: Moto) async throws {
            self.moto = moto
            let fleet = try await MotoFleet(moto: moto, names: ["web"])
            table = fleet.table
            queue = fleet.anomalyQueue
            instanceID = fleet.instanceIDs[0]
            // No model folder: the `default` detector learns each series from its history, as a
            // fleet without `aiops train` runs it.
            environment = fleet.environment(moto, ["AIOPS_DRY_RUN": "true"])
        }

        /// The detector's next cycle scores the periods after `date`.
        func checkpoint(_ date: Date) async throws {
            try await DynamoDBIncidentStore(dynamoDB: DynamoDBClient(executor: moto.executor), table: table)
                .setCheckpoint(Agent.checkpointKey, ISO8601.string(from: date))
        }

        /// One scheduled invocation; the anomalies' times, from the topic.
        func cycle(_ runtime: RuntimeAPIServer, _ process: BootstrapProcess) async throws -> [Date] {
            let answer = runtime.invoke(ChainWorld.scheduledEvent)
            #expect(answer?.kind == .response, "\(answer?.body ?? "no answer")\n\(process.output)")
            let body = answer?.body ?? ""
            let count = body.firstRange(of: #/"anomalies":(\d+)/#).flatMap { Int(body[$0].split(separator: ":")[1]) }
            let messages = try await moto.receive(queue, count: count ?? 0)
            return try messages.map {
                try EventCodec.decodeAnomaly(Data(SNSNotification($0).message.utf8)).anomaly.timestamp
            }
            .sorted()
        }
    }

    /// A day-shaped CPU series with a daily batch job starting at `batch` (hours into the day), and
    /// faults of three periods at 97 %.
    static func value(at time: Date, batch: Double, faults: [Date]) -> Double {
        let seconds = time.timeIntervalSince1970
        let hour = seconds.truncatingRemainder(dividingBy: 86_400) / 3600
        var value = 30 + 12 * sin(2 * Double.pi * hour / 24) + Double(Int(seconds / coldStartPeriod) * 7919 % 13) / 6.5
        // The batch is normal, seen every day of the history; judged against half a day (what a cold
        // function used to rebuild from) it looks new.
        if hour >= batch && hour < batch + 0.25 { value += 25 }
        // Each fault higher than the one before: `default` judges a point against the extremes the
        // series has shown, so a second fault at the first one's level is, rightly, not news.
        for (index, fault) in faults.enumerated()
        where time >= fault && time < fault.addingTimeInterval(3 * coldStartPeriod) {
            value = 80 + 17 * Double(index) / Double(max(faults.count - 1, 1))
        }
        return value
    }

    @Test func twoColdStartsHoursApartFindWhatOneWarmProcessFinds() async throws {
        let moto = try Moto(ownServer: true)
        // The cycle's end is the newest complete period; near a period's end, wait for the next.
        let into = Date().timeIntervalSince1970.truncatingRemainder(dividingBy: Self.coldStartPeriod)
        if into > Self.coldStartPeriod - 90 { try await Task.sleep(for: .seconds(Self.coldStartPeriod - into + 2)) }
        let end = Date(
            timeIntervalSince1970: (Date().timeIntervalSince1970 / Self.coldStartPeriod).rounded(.down)
                * Self.coldStartPeriod
                - Self.coldStartPeriod)
        let phaseOne = end.addingTimeInterval(-8 * 3600)
        let phaseTwo = end.addingTimeInterval(-4 * 3600)
        let faults = [phaseOne.addingTimeInterval(2 * 3600), phaseTwo.addingTimeInterval(2 * 3600)]
        let times = stride(
            from: phaseOne.timeIntervalSince1970 - 2 * 86_400, through: end.timeIntervalSince1970,
            by: Self.coldStartPeriod
        )
        .map { Date(timeIntervalSince1970: $0) }
        let batch =
            phaseTwo.addingTimeInterval(3600).timeIntervalSince1970.truncatingRemainder(dividingBy: 86_400) / 3600
        let series = times.map { ($0, Self.value(at: $0, batch: batch, faults: faults)) }

        var found: [String: [Date]] = [:]
        for lifecycle in ["warm", "cold"] {
            let lane = try await Lane(moto: moto)
            // Phase one: the history and the first four hours exist; the cycle scores them.
            try await moto.seedCPU(instanceID: lane.instanceID, points: series.filter { $0.0 <= phaseTwo })
            try await lane.checkpoint(phaseOne)
            var runtime = try RuntimeAPIServer()
            var process = try BootstrapProcess(
                handler: "detector", runtimeAPI: runtime.endpoint, environment: lane.environment)
            var anomalies = try await lane.cycle(runtime, process)
            // Phase two, four hours on: the rest of the series; the next cycle scores it.
            try await moto.seedCPU(instanceID: lane.instanceID, points: series.filter { $0.0 > phaseTwo })
            try await lane.checkpoint(phaseTwo)
            if lifecycle == "cold" {
                // The environment was recycled: a new process, a new Runtime API, nothing kept.
                process.stop()
                runtime.stop()
                runtime = try RuntimeAPIServer()
                process = try BootstrapProcess(
                    handler: "detector", runtimeAPI: runtime.endpoint, environment: lane.environment)
            }
            anomalies += try await lane.cycle(runtime, process)
            process.stop()
            runtime.stop()
            found[lifecycle] = anomalies
        }
        let warm = try #require(found["warm"])
        // Both faults are found, by the warm process...
        for fault in faults {
            #expect(warm.contains { $0 >= fault && $0 < fault.addingTimeInterval(3 * Self.coldStartPeriod) }, "\(warm)")
        }
        // ...and the cold starts find exactly the same points.
        #expect(found["cold"] == warm)
    }
}
