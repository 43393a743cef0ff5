import AIOpsCore
import Foundation
import SQLiteStore

/// Times the dashboard's list query (`GET /incidents?limit=50`) on a store of many incidents,
/// first page and deeper pages, unfiltered and filtered; prints p50 and p99 per query.
struct ListBenchmark {
    var incidents: Int
    var queries: Int

    func run() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("aiops-store-bench-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("bench.sqlite").path
        let store = try SQLiteIncidentStore(path: path)

        let clock = ContinuousClock()
        let seeding = try await clock.measure { try await seed(store) }
        let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
        print("seeded \(incidents) incidents with 3 findings each in \(format(seeding)) ms, file \(size / 1024) KiB")

        let middle = try await store.incidents(matching: IncidentFilter(), limit: incidents / 2, cursor: nil)
        let deepCursor = middle.nextCursor
        let origin = Date(timeIntervalSince1970: 1_760_000_000)
        let cases: [(String, IncidentFilter, String?)] = [
            ("first page", IncidentFilter(), nil),
            ("page in the middle", IncidentFilter(), deepCursor),
            ("status=open", IncidentFilter(status: .open), nil),
            ("severity=critical", IncidentFilter(severity: .critical), nil),
            ("instance", IncidentFilter(instanceID: instanceID(7)), nil),
            ("time range", IncidentFilter(from: origin, to: origin.addingTimeInterval(Double(incidents) * 30)), nil),
        ]
        // CPU time per query is what the machine's load does not inflate; wall time is what a client sees.
        print("query (limit 50, \(queries) runs)      p50 ms   p99 ms   max ms   cpu ms/query")
        for (name, filter, cursor) in cases {
            var samples: [Duration] = []
            samples.reserveCapacity(queries)
            let cpuBefore = Self.cpuSeconds()
            for _ in 0..<queries {
                let elapsed = try await clock.measure {
                    let page = try await store.incidents(matching: filter, limit: 50, cursor: cursor)
                    guard page.items.count == 50 else {
                        throw AIOpsError(.internalFailure, "\(name) returned \(page.items.count) incidents, not 50")
                    }
                }
                samples.append(elapsed)
            }
            let cpu = (Self.cpuSeconds() - cpuBefore) * 1000 / Double(queries)
            samples.sort()
            let p50 = samples[samples.count / 2]
            let p99 = samples[min(samples.count - 1, samples.count * 99 / 100)]
            print(
                name.padding(toLength: 32, withPad: " ", startingAt: 0)
                    + [p50, p99, samples[samples.count - 1]].map(format).joined() + String(format: "%15.3f", cpu))
        }
    }

    private func seed(_ store: SQLiteIncidentStore) async throws {
        let origin = Date(timeIntervalSince1970: 1_760_000_000)
        for start in stride(from: 0, to: incidents, by: 1000) {
            let batch = (start..<min(start + 1000, incidents)).map { n in
                let at = origin.addingTimeInterval(Double(n) * 60)
                let instance = instanceID(n % 32)
                let anomaly = Anomaly(
                    instanceID: instance, metric: .cpuUtilization, timestamp: at, value: 97, score: 0.9,
                    threshold: 0.6, expected: 20...45, detector: "bench")
                let findings = (0..<3).map { k in
                    Finding(
                        templateID: "T\(k)", template: "java.lang.OutOfMemoryError: <*> \(k)", level: .error,
                        count: 312, baselineRate: 0.5, novelty: .new, firstSeen: at,
                        examples: ["2026-11-25 14:02:00 ERROR java.lang.OutOfMemoryError: Java heap space"], rank: 1)
                }
                return Incident(
                    id: String(format: "inc-%08d", n), instanceID: instance, instanceName: "web-\(n % 32)",
                    metric: .cpuUtilization, openedAt: at, updatedAt: at,
                    status: IncidentStatus.allCases[n % 3], severity: Severity.allCases[n % 3],
                    summary: "CPUUtilization 97% (expected 20–45%) on \(instance)", anomaly: anomaly, peakScore: 0.9,
                    anomalyCount: 1, findings: findings)
            }
            try await store.save(contentsOf: batch)
        }
    }

    /// CPU time of this process so far, all threads (`clock` counts them all on Linux and macOS).
    private static func cpuSeconds() -> Double { Double(clock()) / Double(CLOCKS_PER_SEC) }

    private func instanceID(_ n: Int) -> String { "i-0" + String(format: "%017x", n) }

    private func format(_ duration: Duration) -> String {
        let millis = Double(duration.components.seconds) * 1000 + Double(duration.components.attoseconds) / 1e15
        return String(format: "%9.3f", millis)
    }
}
