import ArgumentParser
import Foundation
import LogAnalysis

/// `aiops-bench drain`: grouping accuracy of the template miner on the LogHub-2k samples against
/// both truths (LogHub's `EventId` and the corrected one of Khan et al.), and its throughput on
/// one core.
struct DrainBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "drain",
        abstract: "Template miner: grouping accuracy on LogHub-2k and lines/s on one core.")

    @Option(help: "The folder holding the LogHub samples (default: ../shared/testdata/loghub).")
    var data: String = "../shared/testdata/loghub"

    @Option(help: "Least seconds to spend timing the miner.")
    var seconds: Double = 3

    static let datasets = ["Android", "Apache", "BGL", "HDFS", "OpenSSH", "Spark", "Windows", "Zookeeper"]

    func run() throws {
        let root = URL(fileURLWithPath: data)
        var corpora: [[String]] = []
        print("dataset      lines  templates  GA(LogHub)  GA(corrected)")
        var sums = (0.0, 0.0)
        for name in Self.datasets {
            let folder = root.appendingPathComponent(name)
            let original = try Self.table(folder.appendingPathComponent("\(name)_2k.log_structured.csv"))
            let corrected = try Self.table(folder.appendingPathComponent("\(name)_2k.log_structured_corrected.csv"))
            let lines = try original.column("Content")
            var miner = TemplateMiner()
            let matches = lines.map { miner.add($0) }
            let templates = matches.map { miner.templateText(of: $0) }
            let a = GroupingAccuracy.score(predicted: templates, truth: try original.column("EventId"))
            let b = GroupingAccuracy.score(predicted: templates, truth: try corrected.column("EventId"))
            sums.0 += a
            sums.1 += b
            corpora.append(lines)
            let distinct = Set(templates).count
            print(
                name.padding(toLength: 11, withPad: " ", startingAt: 0)
                    + String(format: "%6d %10d %11.3f %14.3f", lines.count, distinct, a, b))
        }
        let count = Double(Self.datasets.count)
        print(String(format: "mean                           %11.4f %14.4f", sums.0 / count, sums.1 / count))
        try throughput(corpora)
    }

    /// Mines every corpus with a fresh miner, again and again until `seconds` of this thread's CPU
    /// time have passed, from UTF-8 bytes held in memory (as the CLI does from a file). CPU time,
    /// not wall time, so other work on the machine does not skew the figure.
    private func throughput(_ corpora: [[String]]) throws {
        let buffers: [[UInt8]] = corpora.map { lines in Array(lines.joined(separator: "\n").utf8) }
        let totalLines = corpora.reduce(0) { $0 + $1.count }
        var rounds = 0
        var clusters = 0
        let wallStart = Date()
        let cpuStart = Self.threadCPUTime()
        while Self.threadCPUTime() - cpuStart < seconds || rounds < 3 {
            for buffer in buffers {
                var miner = TemplateMiner()
                buffer.withUnsafeBufferPointer { bytes in
                    LogLines.forEach(in: bytes) { _ = miner.add(utf8: $0) }
                }
                clusters &+= miner.clusterCount
            }
            rounds += 1
        }
        let cpu = Self.threadCPUTime() - cpuStart
        let wall = Date().timeIntervalSince(wallStart)
        let lines = Double(totalLines * rounds)
        print(
            String(
                format: "throughput: %.0f lines/s on one core (CPU time; %.0f lines/s wall clock); "
                    + "%d lines x %d rounds, %d clusters per round",
                lines / cpu, lines / wall, totalLines, rounds, clusters / rounds))
    }

    private static func threadCPUTime() -> Double {
        var spec = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &spec)
        return Double(spec.tv_sec) + Double(spec.tv_nsec) / 1e9
    }

    private static func table(_ url: URL) throws -> CSVTable {
        let text: String
        do {
            text = try String(contentsOf: url, encoding: .utf8)
        } catch {
            throw ValidationError("cannot read \(url.path): \(error.localizedDescription) (pass --data FOLDER)")
        }
        return try CSVTable(parsing: text)
    }
}
