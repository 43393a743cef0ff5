import AIOpsCore
import Foundation

/// Where a series younger than its detector's horizon (a new instance) starts: the history of a
/// peer in its group (same Auto Scaling group, or a shared configured tag such as `Role`), scaled
/// to the new series' level and followed by its own points. No I/O.
enum GroupStart {
    /// Own points (at or before the cycle's start) a young series waits for before it starts from
    /// its group: they set its level. Six 5-minute points, half the rolling median's window: fewer
    /// and one boot-time outlier would set the scale.
    static let ownPointsNeeded = 6
    /// Peers whose history is read for a young series; the longest one is used.
    static let peersRead = 3
    /// The widest level ratio between a peer and the new series that scaling bridges.
    static let scaleLimits = 0.2...5.0

    /// The group of `instance`: the first of `tags` it carries, as `tag=value`.
    static func group(of instance: Instance, tags: [String]) -> String? {
        for tag in tags { if let value = instance.tags[tag], !value.isEmpty { return "\(tag)=\(value)" } }
        return nil
    }

    /// Up to `peersRead` other instances of `instance`'s group, by id.
    static func peers(of instance: Instance, among instances: [Instance], tags: [String]) -> [Instance] {
        guard let group = group(of: instance, tags: tags) else { return [] }
        return instances.filter { $0.id != instance.id && self.group(of: $0, tags: tags) == group }
            .sorted { $0.id < $1.id }.prefix(peersRead).map { $0 }
    }

    /// The peer points before the series' own first one (the latest `horizon − own` of them),
    /// scaled by the ratio of the two medians over the time both have points; nil when the peer
    /// has nothing to add.
    static func prefix(own: [MetricPoint], peer: [MetricPoint], horizon: Int) -> [MetricPoint]? {
        guard let first = own.first?.timestamp else { return nil }
        let before = peer.filter { $0.timestamp < first }.suffix(max(horizon - own.count, 0))
        guard !before.isEmpty else { return nil }
        let overlap = peer.filter { $0.timestamp >= first && $0.timestamp <= (own.last?.timestamp ?? first) }
        var scale = 1.0
        if let mine = median(own.map(\.value)), let theirs = median(overlap.map(\.value)), mine > 0, theirs > 0 {
            scale = min(max(mine / theirs, scaleLimits.lowerBound), scaleLimits.upperBound)
        }
        return before.map { MetricPoint(timestamp: $0.timestamp, value: $0.value * scale) }
    }

    private static func median(_ values: [Double]) -> Double? {
        guard !values.isEmpty else { return nil }
        let sorted = values.sorted()
        return sorted.count % 2 == 1
            ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
    }
}
