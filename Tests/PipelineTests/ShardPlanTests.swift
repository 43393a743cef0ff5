import AIOpsCore
import Foundation
import Pipeline
import Testing

/// How the scheduled detector splits a fleet into shards for its workers.
struct ShardPlanTests {
    static func fleet(_ count: Int) -> [Instance] {
        (0..<count).map { Instance(id: String(format: "i-%017x", $0 &* 2_654_435_761), name: "web-\($0)") }
    }

    @Test func everyInstanceIsInExactlyOneShardAndShardsAreBalanced() {
        let plan = ShardPlan(shardSize: 150)
        let instances = Self.fleet(10_000)
        let shards = plan.shards(instances)
        #expect(plan.shardCount(instances: 10_000) == 67)
        #expect(shards.keys.allSatisfy { (0..<67).contains($0) })
        let placed = shards.values.flatMap { $0 }.map(\.id)
        #expect(placed.count == 10_000)
        #expect(Set(placed) == Set(instances.map(\.id)))
        // 10,000 / 67 = 149.3 on average; a hash spreads them binomially (sd ≈ 12).
        let sizes = shards.values.map(\.count)
        #expect(sizes.min() ?? 0 >= 100, "\(sizes.sorted())")
        #expect(sizes.max() ?? .max <= 200, "\(sizes.sorted())")
    }

    @Test func shardsAreStableAndGrowthMovesFewInstances() {
        let instances = Self.fleet(3_000)
        let before = instances.map { ShardPlan.shard(of: $0.id, count: 20) }
        #expect(before == instances.map { ShardPlan.shard(of: $0.id, count: 20) })
        // A 21st shard takes about 1/21 of the instances from the others; nobody else moves.
        let after = instances.map { ShardPlan.shard(of: $0.id, count: 21) }
        let moved = zip(before, after).filter { $0 != $1 }
        #expect(moved.allSatisfy { $0.1 == 20 })
        #expect((100...190).contains(moved.count), "\(moved.count) of 3000 moved")
    }

    @Test func aFleetOfOneShardIsOneShard() {
        let plan = ShardPlan(shardSize: 5)
        #expect(plan.shardCount(instances: 0) == 1)
        #expect(plan.shardCount(instances: 5) == 1)
        #expect(plan.shardCount(instances: 6) == 2)
        #expect(plan.shards(Self.fleet(5)).keys.sorted() == [0])
        #expect(ShardPlan(shardSize: 0).shardSize == 1)
    }
}
