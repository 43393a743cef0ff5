import ArgumentParser
import Detection
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Train and score throughput of the Isolation Forest on synthetic data, single-threaded and on
/// all cores. `scripts/bench/isolation_forest.sh` runs it beside scikit-learn on the same data.
struct IsolationForestBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "iforest",
        abstract: "Isolation Forest: train and score points/s, single-threaded and on all cores.")

    @Option(help: "Cases as ROWSxFEATURES, comma-separated.")
    var cases = "4032x1,20160x4,1000000x4"
    @Option(help: "Trees per forest.")
    var trees = 100
    @Option(help: "Points per tree (ψ).")
    var sampleSize = 256
    @Option(help: "Timed runs per measurement; the fastest counts.")
    var repeats = 5
    @Option(help: "Write each case's data here (raw little-endian float64, row-major) for the reference run.")
    var dataDir: String?
    @Flag(help: "Print one JSON object per measurement instead of a table.")
    var json = false

    func run() throws {
        let parsed = try cases.split(separator: ",").map(Self.parseCase)
        let allCores = IsolationForest.defaultThreadCount
        let threadCounts = allCores > 1 ? [1, allCores] : [1]
        if !json {
            print("Isolation Forest, \(trees) trees, ψ=\(sampleSize), best of \(repeats); \(allCores) cores")
            print(
                pad("case", 12) + pad("phase", 7) + pad("threads", 9) + pad("seconds", 12) + pad("points/s", 14)
                    + "points/CPU-s")
        }
        for (rows, columns) in parsed {
            let data = try Self.syntheticData(rows: rows, columns: columns)
            if let dataDir { try write(data, rows: rows, columns: columns, to: dataDir) }
            let parameters = IsolationForest.Parameters(trees: trees, sampleSize: sampleSize, seed: 7)
            for threads in threadCounts {
                var forest: IsolationForest?
                let train = try best {
                    forest = try IsolationForest.train(data, parameters: parameters, threads: threads)
                }
                report(rows: rows, columns: columns, phase: "train", threads: threads, timing: train)
                guard let forest else { continue }
                var checksum = 0.0
                let score = try best { checksum += try forest.scores(data, threads: threads).reduce(0, +) }
                report(rows: rows, columns: columns, phase: "score", threads: threads, timing: score)
                // Keeps the optimiser from dropping the scoring.
                if checksum.isNaN { print("NaN scores") }
            }
        }
    }

    /// The fastest of `repeats` runs: wall-clock seconds, and the CPU seconds the process spent in
    /// that run (on a busy machine the CPU time of a single-threaded run is the steadier figure).
    private func best(_ body: () throws -> Void) throws -> Timing {
        var fastest = Timing(seconds: .infinity, cpuSeconds: .infinity)
        for _ in 0..<max(1, repeats) {
            let cpuStart = Self.processCPUSeconds()
            let start = ContinuousClock.now
            try body()
            let elapsed = ContinuousClock.now - start
            let cpu = Self.processCPUSeconds() - cpuStart
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
            if seconds < fastest.seconds { fastest = Timing(seconds: seconds, cpuSeconds: cpu) }
        }
        return fastest
    }

    struct Timing {
        var seconds: Double
        var cpuSeconds: Double
    }

    static func processCPUSeconds() -> Double {
        var spec = timespec()
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &spec)
        return Double(spec.tv_sec) + Double(spec.tv_nsec) * 1e-9
    }

    private func report(rows: Int, columns: Int, phase: String, threads: Int, timing: Timing) {
        let rate = Double(rows) / timing.seconds
        let cpuRate = Double(rows) / timing.cpuSeconds
        if json {
            print(
                #"{"implementation":"aiops","rows":\#(rows),"features":\#(columns),"phase":"\#(phase)","threads":\#(threads),"seconds":\#(timing.seconds),"cpu_seconds":\#(timing.cpuSeconds),"points_per_second":\#(rate),"points_per_cpu_second":\#(cpuRate)}"#
            )
        } else {
            print(
                pad("\(rows)x\(columns)", 12) + pad(phase, 7) + pad("\(threads)", 9)
                    + pad(String(format: "%.5f", timing.seconds), 12) + pad(String(format: "%.0f", rate), 14)
                    + String(format: "%.0f", cpuRate))
        }
    }

    private func pad(_ text: String, _ width: Int) -> String {
        text.count >= width ? text + " " : text + String(repeating: " ", count: width - text.count)
    }

    private func write(_ data: FeatureMatrix, rows: Int, columns: Int, to folder: String) throws {
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let url = URL(fileURLWithPath: folder).appendingPathComponent("\(rows)x\(columns).f64")
        try data.values.withUnsafeBytes { try Data($0).write(to: url) }
    }

    static func parseCase(_ text: Substring) throws -> (Int, Int) {
        let parts = text.split(separator: "x")
        guard parts.count == 2, let rows = Int(parts[0]), let columns = Int(parts[1]), rows >= 2, columns >= 1 else {
            throw ValidationError("'\(text)' is not a case like 4032x1")
        }
        return (rows, columns)
    }

    /// Gaussian clusters (a daily-cycle-like mixture) with 1% uniform outliers, from a fixed seed.
    static func syntheticData(rows: Int, columns: Int) throws -> FeatureMatrix {
        var random = SeededGenerator(seed: 2024)
        var values = [Double]()
        values.reserveCapacity(rows * columns)
        for _ in 0..<rows {
            let outlier = random.nextUnit() < 0.01
            let centre = random.nextUnit() < 0.7 ? 20.0 : 60.0
            for column in 0..<columns {
                if outlier {
                    values.append(random.nextUnit() * 200 - 50)
                } else {
                    // Box–Muller.
                    let u = max(random.nextUnit(), 1e-300)
                    let gaussian = (-2 * log(u)).squareRoot() * cos(2 * Double.pi * random.nextUnit())
                    values.append(centre + Double(column) * 5 + 4 * gaussian)
                }
            }
        }
        return try FeatureMatrix(values: values, columnCount: columns)
    }
}
