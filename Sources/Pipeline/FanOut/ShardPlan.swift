public import AIOpsCore

/// Which shard each instance belongs to: stable for an instance while the shard count stays, and
/// when the fleet grows past another multiple of the shard size only about 1/n of the instances
/// move (Lamping and Veach's jump consistent hash over a 64-bit FNV-1a hash of the instance id),
/// so each shard's series mostly stay where their detectors are warm.
public struct ShardPlan: Sendable, Hashable {
    /// Instances per shard, on average (a hash spreads them: a shard may hold a few more).
    public var shardSize: Int

    public init(shardSize: Int) {
        self.shardSize = max(1, shardSize)
    }

    /// ceil(instances / shardSize), at least 1.
    public func shardCount(instances: Int) -> Int {
        max(1, (instances + shardSize - 1) / shardSize)
    }

    /// The instances split into `shardCount(instances:)` shards, by shard number; an empty shard
    /// (possible with few instances per shard) is left out. Each shard keeps the input's order.
    public func shards(_ instances: [Instance]) -> [Int: [Instance]] {
        let count = shardCount(instances: instances.count)
        var shards: [Int: [Instance]] = [:]
        for instance in instances {
            shards[Self.shard(of: instance.id, count: count), default: []].append(instance)
        }
        return shards
    }

    /// The shard of `instanceID` among `count`.
    public static func shard(of instanceID: String, count: Int) -> Int {
        jumpHash(fnv1a(instanceID), buckets: max(1, count))
    }

    static func fnv1a(_ text: String) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01b3
        }
        return hash
    }

    /// Jump consistent hash (Lamping and Veach, 2014).
    static func jumpHash(_ key: UInt64, buckets: Int) -> Int {
        var key = key
        var bucket: Int64 = -1
        var next: Int64 = 0
        while next < Int64(buckets) {
            bucket = next
            key = key &* 2_862_933_555_777_941_757 &+ 1
            next = Int64(Double(bucket + 1) * (Double(Int64(1) << 31) / Double((key >> 33) &+ 1)))
        }
        return Int(bucket)
    }
}
