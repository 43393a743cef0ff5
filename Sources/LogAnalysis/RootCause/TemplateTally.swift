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
        var examples: [String] = []
    }

    private struct Key: Hashable {
        var template: String
        var level: LogLevel
    }

    var entries: [Entry]
    var currentLines: Int
    var baselineLines: Int

    static func count(
        current: [LogEvent], baseline: [LogEvent], miner configuration: MinerConfiguration, maxExamples: Int
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
        for (event, match) in zip(current, currentMatches) {
            let resolved = template(match)
            let key = Key(template: resolved.id, level: SeverityClassifier.level(of: event.message))
            let slot: Int
            if let existing = index[key] {
                slot = existing
            } else {
                slot = entries.count
                index[key] = slot
                entries.append(Entry(templateID: resolved.id, template: resolved.text, level: key.level))
            }
            entries[slot].count += 1
            entries[slot].firstSeen = min(entries[slot].firstSeen, event.timestamp)
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
