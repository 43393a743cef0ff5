import ArgumentParser
import Foundation
import LogAnalysis

/// `aiops-bench drain`: grouping accuracy of the template miner on the LogHub-2k samples against
/// both truths (LogHub's `EventId` and the corrected one of Khan et al.), the leave-one-data-set-out
/// search that chose the miner's rules, a held-out check on generated logs, and the throughput on
/// one core.
struct DrainBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "drain",
        abstract: "Template miner: grouping accuracy on LogHub-2k (and leave-one-out), lines/s on one core.")

    @Option(help: "The folder holding the LogHub samples (default: ../shared/testdata/loghub).")
    var data: String = "../shared/testdata/loghub"

    @Option(help: "Least seconds to spend timing the miner.")
    var seconds: Double = 3

    @Flag(help: "Skip the leave-one-out search over configurations.")
    var noSearch = false

    @Flag(help: "List, for the generated logs, each event whose lines did not get one template of their own.")
    var showGenerated = false

    static let datasets = ["Android", "Apache", "BGL", "HDFS", "OpenSSH", "Spark", "Windows", "Zookeeper"]

    struct Corpus {
        var name: String
        var lines: [String]
        var truth: [String]
        var corrected: [String]
    }

    func run() throws {
        let root = URL(fileURLWithPath: data)
        var corpora: [Corpus] = []
        for name in Self.datasets {
            let folder = root.appendingPathComponent(name)
            let original = try Self.table(folder.appendingPathComponent("\(name)_2k.log_structured.csv"))
            let corrected = try Self.table(folder.appendingPathComponent("\(name)_2k.log_structured_corrected.csv"))
            corpora.append(
                Corpus(
                    name: name, lines: try original.column("Content"), truth: try original.column("EventId"),
                    corrected: try corrected.column("EventId")))
        }
        let shipped = MinerConfiguration()
        print("shipped configuration: \(Self.describe(shipped))")
        print("dataset      lines  templates  GA(LogHub)  GA(corrected)")
        var sums = (0.0, 0.0)
        for corpus in corpora {
            let templates = Self.mine(corpus.lines, shipped)
            let a = GroupingAccuracy.score(predicted: templates, truth: corpus.truth)
            let b = GroupingAccuracy.score(predicted: templates, truth: corpus.corrected)
            sums.0 += a
            sums.1 += b
            print(
                corpus.name.padding(toLength: 11, withPad: " ", startingAt: 0)
                    + String(format: "%6d %10d %11.3f %14.3f", corpus.lines.count, Set(templates).count, a, b))
        }
        let count = Double(corpora.count)
        print(String(format: "mean (in-sample)               %11.4f %14.4f", sums.0 / count, sums.1 / count))
        if !noSearch { leaveOneOut(corpora) }
        generated(shipped)
        try throughput(corpora.map(\.lines))
    }

    /// Every configuration the rules were chosen from: the Drain parameters and each generic rule
    /// on or off.
    static func grid() -> [MinerConfiguration] {
        var grid: [MinerConfiguration] = []
        for threshold in [0.5, 0.6, 0.7] {
            for enumeration in [0, 2] {
                for rules in 0..<(1 << ruleNames.count) {
                    grid.append(
                        MinerConfiguration(
                            depth: 4, similarityThreshold: threshold, enumerationLimit: enumeration,
                            pathsAreValues: rules & 1 != 0, calendarWordsAreValues: rules & 2 != 0,
                            unitsFollowAnyValue: rules & 4 != 0, quotedSpansAreValues: rules & 8 == 0,
                            collapseWildcardRuns: rules & 16 != 0, bracketSpacesAreNotSeparators: rules & 32 != 0,
                            digitSuffixWords: rules & 64 != 0, searchAllOnMiss: rules & 128 != 0))
                }
            }
        }
        return grid
    }

    /// The generic rules, in the order of their bits in `grid()`.
    static let ruleNames = ["paths", "calendar", "units", "quotes-split", "collapse", "brackets", "suffix", "search"]

    /// How many of the generic rules a configuration turns on: when the data cannot tell two
    /// configurations apart, the one with more generic rules is chosen (they exist for logs the
    /// eight sets do not show), then the one listed first.
    static func rulesOn(_ c: MinerConfiguration) -> Int { bits(c).nonzeroBitCount }

    /// Mean GAs closer than this (a tenth of a line in 2,000 per set) are a tie.
    static let tie = 0.00005

    /// Leave one data set out: for each set, the configuration with the best mean GA (LogHub's
    /// truth) on the other seven, scored on the one left out. The mean of those held-out scores is
    /// what the rules are worth on logs they were not chosen on.
    private func leaveOneOut(_ corpora: [Corpus]) {
        let grid = Self.grid()
        // scores[c][s]: GA of configuration c on set s.
        let scores: [[Double]] = grid.map { configuration in
            corpora.map { GroupingAccuracy.score(predicted: Self.mine($0.lines, configuration), truth: $0.truth) }
        }
        print("leave-one-data-set-out over \(grid.count) configurations (chosen on 7, scored on the 8th):")
        var heldOut = 0.0
        for (s, corpus) in corpora.enumerated() {
            var best = 0
            var bestMean = -1.0
            for c in grid.indices {
                var mean = 0.0
                for t in corpora.indices where t != s { mean += scores[c][t] }
                mean /= Double(corpora.count - 1)
                if mean > bestMean + Self.tie
                    || (mean > bestMean - Self.tie && Self.rulesOn(grid[c]) > Self.rulesOn(grid[best]))
                {
                    best = c
                    bestMean = max(mean, bestMean)
                }
            }
            best = Self.dropSuspects(best, on: corpora.indices.filter { $0 != s }, grid: grid, scores: scores)
            heldOut += scores[best][s]
            print(
                "  \(corpus.name.padding(toLength: 10, withPad: " ", startingAt: 0)) "
                    + String(format: "held-out GA %.3f (mean on the others %.4f) ", scores[best][s], bestMean)
                    + Self.describe(grid[best]))
        }
        print(String(format: "leave-one-out mean GA (LogHub): %.4f", heldOut / Double(corpora.count)))
        var all = 0
        var allMean = -1.0
        for c in grid.indices {
            let mean = scores[c].reduce(0, +) / Double(corpora.count)
            if mean > allMean + Self.tie
                || (mean > allMean - Self.tie && Self.rulesOn(grid[c]) > Self.rulesOn(grid[all]))
            {
                all = c
                allMean = max(mean, allMean)
            }
        }
        all = Self.dropSuspects(all, on: Array(corpora.indices), grid: grid, scores: scores, report: true)
        allMean = scores[all].reduce(0, +) / Double(corpora.count)
        print(String(format: "chosen on all eight (the shipped defaults): %.4f ", allMean) + Self.describe(grid[all]))
        // What each rule is worth: the configuration chosen on all eight with that one rule flipped.
        for (bit, name) in Self.ruleNames.enumerated() {
            guard let flipped = grid.indices.first(where: { Self.differsOnlyIn(grid[$0], grid[all], bit: bit) }) else {
                continue
            }
            let deltas = zip(scores[flipped], scores[all]).map { $1 - $0 }
            print(
                "  rule \(name.padding(toLength: 12, withPad: " ", startingAt: 0)) GA gain per set: "
                    + deltas.map { String(format: "%+.3f", $0) }.joined(separator: " "))
        }
    }

    /// Held-out check on generated lines with known events (not used to choose anything).
    private func generated(_ configuration: MinerConfiguration) {
        var generator = GeneratedLogs(seed: 20_261_204)
        let sample = generator.lines(4000)
        var miner = TemplateMiner(configuration: configuration)
        let matches = sample.map { miner.add(TimestampPrefix.strip($0.line)) }
        let templates = matches.map { miner.templateText(of: $0) }
        let ga = GroupingAccuracy.score(predicted: templates, truth: sample.map(\.event))
        let events = Set(sample.map(\.event)).count
        if showGenerated {
            var byEvent: [String: Set<String>] = [:]
            var byTemplate: [String: Set<String>] = [:]
            for (line, template) in zip(sample, templates) {
                byEvent[line.event, default: []].insert(template)
                byTemplate[template, default: []].insert(line.event)
            }
            for (event, mined) in byEvent.sorted(by: { $0.key < $1.key })
            where mined.count > 1 || mined.contains(where: { byTemplate[$0, default: []].count > 1 }) {
                print("  \(event): \(mined.count) templates, e.g. \(mined.sorted().prefix(3))")
            }
        }
        print(
            String(
                format: "generated logs (held out): GA %.3f on %d lines of %d events, %d templates", ga, sample.count,
                events, Set(templates).count))
    }

    static func mine(_ lines: [String], _ configuration: MinerConfiguration) -> [String] {
        var miner = TemplateMiner(configuration: configuration)
        let matches = lines.map { miner.add($0) }
        return matches.map { miner.templateText(of: $0) }
    }

    /// Each rule's plain form (the miner without it): bit set where the plain form has it on.
    /// Only `quotes-split` is on when plain: without a rule, a quote is just a character.
    static let plainBits = 1 << 3

    /// A rule whose gain over its plain form comes from one data set alone is suspect: it fits a
    /// quirk of that set, not logs. Such a rule is put back to its plain form.
    static func dropSuspects(
        _ chosen: Int, on sets: [Int], grid: [MinerConfiguration], scores: [[Double]], report: Bool = false
    ) -> Int {
        var best = chosen
        for bit in ruleNames.indices where (bits(grid[best]) ^ plainBits) & (1 << bit) != 0 {
            guard let plain = grid.indices.first(where: { differsOnlyIn(grid[$0], grid[best], bit: bit) }) else {
                continue
            }
            let gains = sets.map { scores[best][$0] - scores[plain][$0] }
            let helped = gains.filter { $0 > tie }.count
            let hurt = gains.filter { $0 < -tie }.count
            if helped == 1 && hurt == 0 {
                if report {
                    let set = DrainBench.datasets[sets[gains.firstIndex { $0 > tie } ?? 0]]
                    print("  rule \(ruleNames[bit]) helps \(set) alone: suspect, put back to its plain form")
                }
                best = plain
            }
        }
        return best
    }

    static func bits(_ c: MinerConfiguration) -> Int {
        [
            c.pathsAreValues, c.calendarWordsAreValues, c.unitsFollowAnyValue, !c.quotedSpansAreValues,
            c.collapseWildcardRuns, c.bracketSpacesAreNotSeparators, c.digitSuffixWords, c.searchAllOnMiss,
        ].enumerated().reduce(0) { $0 | ($1.element ? 1 << $1.offset : 0) }
    }

    static func differsOnlyIn(_ a: MinerConfiguration, _ b: MinerConfiguration, bit: Int) -> Bool {
        a.similarityThreshold == b.similarityThreshold && a.enumerationLimit == b.enumerationLimit
            && bits(a) ^ bits(b) == 1 << bit
    }

    static func describe(_ c: MinerConfiguration) -> String {
        "st \(c.similarityThreshold), enum \(c.enumerationLimit), paths \(c.pathsAreValues ? 1 : 0), "
            + "calendar \(c.calendarWordsAreValues ? 1 : 0), units \(c.unitsFollowAnyValue ? 1 : 0), "
            + "quoted \(c.quotedSpansAreValues ? 1 : 0), collapse \(c.collapseWildcardRuns ? 1 : 0), "
            + "brackets \(c.bracketSpacesAreNotSeparators ? 1 : 0), suffix \(c.digitSuffixWords ? 1 : 0), "
            + "search \(c.searchAllOnMiss ? 1 : 0)"
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
