import AIOpsCore
import ArgumentParser
import Detection
import Foundation

/// `aiops-bench detector`: how long the agent's tick takes for a fleet — one new point scored for
/// each of N instances, each detector warmed on its own history first — and what the state costs.
struct DetectorBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "detector", abstract: "Time scoring one new point for each of N instances (one core).")

    @Option(help: "Detector name from the catalogue.")
    var detector: String = DetectorCatalog.defaultName

    @Option(help: "Number of instances.")
    var instances: Int = 10_000

    @Option(help: "Points of history each instance's detector sees before the timed tick.")
    var history: Int = 1_000

    @Option(help: "Timed ticks (the figure is their median).")
    var ticks: Int = 5

    func run() throws {
        guard DetectorCatalog.names.contains(detector) else {
            throw ValidationError(
                "unknown detector `\(detector)`; known: \(DetectorCatalog.names.joined(separator: ", "))")
        }
        let start = Date(timeIntervalSince1970: 1_700_000_000)
        var rng = SplitMix(seed: 7)
        func value(_ instance: Int, _ t: Int) -> Double {
            let daily = sin(Double(t) * 2 * .pi / 288)
            return 40 + 10 * daily + Double(instance % 13) + 3 * rng.nextUnit()
        }
        let warmClock = ContinuousClock.now
        var fleet: [any StreamingDetector] = []
        fleet.reserveCapacity(instances)
        for i in 0..<instances {
            guard var d = DetectorCatalog.make(detector, context: DetectorContext(trainingPoints: history / 2)) else {
                continue
            }
            for t in 0..<history {
                _ = d.observe(MetricPoint(timestamp: start.addingTimeInterval(Double(t) * 300), value: value(i, t)))
            }
            fleet.append(d)
        }
        let warmSeconds = (ContinuousClock.now - warmClock).seconds
        var timings: [Double] = []
        // The thread's CPU time too: on a shared machine the wall clock also counts other work.
        var cpuTimings: [Double] = []
        var flagged = 0
        for tick in 0..<ticks {
            let t = history + tick
            let time = start.addingTimeInterval(Double(t) * 300)
            let points = (0..<instances).map { MetricPoint(timestamp: time, value: value($0, t)) }
            let began = ContinuousClock.now
            let cpuBegan = Self.threadCPUSeconds()
            for i in fleet.indices where fleet[i].observe(points[i]).isAnomaly { flagged += 1 }
            cpuTimings.append(Self.threadCPUSeconds() - cpuBegan)
            timings.append((ContinuousClock.now - began).seconds)
        }
        timings.sort()
        cpuTimings.sort()
        let cpuMedian = cpuTimings[cpuTimings.count / 2]
        let median = timings[timings.count / 2]
        print(
            "detector \(detector): \(instances) instances, \(history) points of history each (warm-up \(format(warmSeconds)) s)"
        )
        print(
            "one tick (score one new point per instance, one core): median \(format(median)) s, "
                + "best \(format(timings[0])) s, \(format(median / Double(max(instances, 1)) * 1e6)) µs per instance")
        print(
            "CPU time of the tick: median \(format(cpuMedian)) s, "
                + "\(format(cpuMedian / Double(max(instances, 1)) * 1e6)) µs per instance")
        print("anomalies flagged in the timed ticks: \(flagged)")
    }

    /// CPU seconds the calling thread has used (`CLOCK_THREAD_CPUTIME_ID`).
    static func threadCPUSeconds() -> Double {
        var spec = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &spec)
        return Double(spec.tv_sec) + Double(spec.tv_nsec) / 1e9
    }

    private func format(_ x: Double) -> String { String(format: "%.4f", x) }
}

/// A small deterministic generator: the benchmark's data is the same on every run.
private struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func nextUnit() -> Double {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return Double((z ^ (z >> 31)) >> 11) / Double(1 << 53)
    }
}

extension Duration {
    fileprivate var seconds: Double {
        let (s, attoseconds) = components
        return Double(s) + Double(attoseconds) / 1e18
    }
}
