import AIOpsCore
import Foundation

/// The templates of both windows, counted per (template, severity), with the anomaly window's
/// first occurrence and example lines.
struct TemplateTally {
    struct Entry {
        var templateID: String
        var template: String
        var level: LogLevel
        var count = 0
        var baselineCount = 0
        var firstSeen = Date.distantFuture
        /// The position of its first line among the anomaly window's lines: the tie-breaker for
        /// lines written in the same instant, which a cascade writes in causal order.
        var firstIndex = Int.max
        var examples: [String] = []
        /// Lines per bucket of the anomaly window (`bucketCount` equal parts), to tell which
        /// templates move together.
        var series: [Int] = []
        /// The indices (in the anomaly window's lines) of its first `maxLineIndices` lines, to read
        /// the values its variables took.
        var lines: [Int] = []
    }

    /// Buckets of the anomaly window: one a minute over the default 20-minute window.
    static let bucketCount = 20
    /// Lines kept per template to count its values: enough for counts a person reads, bounded.
    static let maxLineIndices = 10_000

    private struct Key: Hashable {
        var template: String
        var level: LogLevel
    }

    var entries: [Entry]
    var currentLines: Int
    var baselineLines: Int

    static func count(
        current: [LogEvent], baseline: [LogEvent], miner configuration: MinerConfiguration, maxExamples: Int,
        window: DateInterval? = nil
    )
        -> TemplateTally
    {
        var miner = TemplateMiner(configuration: configuration)
        // Baseline first, in time order: templates then generalise the same way whatever the anomaly.
        let baselineMatches = baseline.map { miner.add(TimestampPrefix.strip($0.message)) }
        let currentMatches = current.map { miner.add(TimestampPrefix.strip($0.message)) }
        var templates: [LineMatch: LogTemplate] = [:]
        func template(_ match: LineMatch) -> LogTemplate {
            if let known = templates[match] { return known }
            let resolved = miner.template(of: match)
            templates[match] = resolved
            return resolved
        }
        var index: [Key: Int] = [:]
        var entries: [Entry] = []
        let start = window?.start ?? current.map(\.timestamp).min() ?? Date()
        let end = window?.end ?? current.map(\.timestamp).max() ?? start
        let width = max(end.timeIntervalSince(start), 1) / Double(bucketCount)
        for (position, (event, match)) in zip(current, currentMatches).enumerated() {
            let resolved = template(match)
            let key = Key(template: resolved.id, level: SeverityClassifier.level(of: event.message))
            let slot: Int
            if let existing = index[key] {
                slot = existing
            } else {
                slot = entries.count
                index[key] = slot
                var entry = Entry(templateID: resolved.id, template: resolved.text, level: key.level)
                entry.series = [Int](repeating: 0, count: bucketCount)
                entries.append(entry)
            }
            entries[slot].count += 1
            if event.timestamp < entries[slot].firstSeen {
                entries[slot].firstSeen = event.timestamp
                entries[slot].firstIndex = position
            }
            let bucket = Int((event.timestamp.timeIntervalSince(start) / width).rounded(.down))
            entries[slot].series[min(max(bucket, 0), bucketCount - 1)] += 1
            if entries[slot].lines.count < maxLineIndices { entries[slot].lines.append(position) }
            if entries[slot].examples.count < maxExamples, !entries[slot].examples.contains(event.message) {
                entries[slot].examples.append(event.message)
            }
        }
        for (event, match) in zip(baseline, baselineMatches) {
            let key = Key(template: template(match).id, level: SeverityClassifier.level(of: event.message))
            if let slot = index[key] { entries[slot].baselineCount += 1 }
        }
        return TemplateTally(entries: entries, currentLines: current.count, baselineLines: baseline.count)
    }
}
