/// One tree of the complete layout (see `CompiledForest`), walked for many rows at once. Eight rows
/// walk side by side so that eight independent chains of loads keep the core busy while each
/// waits on its own; every step is branch-free, since a mispredicted branch per level would cost
/// more than the whole walk.
struct CompleteTree {
    /// `2^depth − 1` internal nodes, breadth-first: node i has children 2i+1 and 2i+2.
    let feature: UnsafePointer<Int32>
    let threshold: UnsafePointer<Double>
    /// Offset so that `leaves[slot]` is the path length of the bottom slot `slot`.
    let leaves: UnsafePointer<Double>
    let depth: Int

    @inline(__always)
    private func step(_ slot: Int, _ value: Double) -> Int {
        2 &* slot &+ 1 &+ Int(unsafeBitCast(value > threshold[slot], to: UInt8.self))
    }

    /// Adds this tree's path length of each row of `block` to `sums`.
    func addPathLengths(_ block: FeatureBlock, into sums: UnsafeMutablePointer<Double>) {
        let shift = FeatureBlock.blockShift
        let rowCount = block.rowCount
        var r = 0
        // A compile-time shift leaves a register free for the walks (a variable shift must sit
        // in CL); other layouts (a single row) take the one-by-one loop below.
        while r + 8 <= rowCount, block.shift == shift {
            // One base pointer for all eight walks: row k of the group is at offset k.
            let x = block.values + r
            var s0 = 0
            var s1 = 0
            var s2 = 0
            var s3 = 0
            var s4 = 0
            var s5 = 0
            var s6 = 0
            var s7 = 0
            for _ in 0..<depth {
                s0 = step(s0, x[Int(feature[s0]) &<< shift])
                s1 = step(s1, x[(Int(feature[s1]) &<< shift) &+ 1])
                s2 = step(s2, x[(Int(feature[s2]) &<< shift) &+ 2])
                s3 = step(s3, x[(Int(feature[s3]) &<< shift) &+ 3])
                s4 = step(s4, x[(Int(feature[s4]) &<< shift) &+ 4])
                s5 = step(s5, x[(Int(feature[s5]) &<< shift) &+ 5])
                s6 = step(s6, x[(Int(feature[s6]) &<< shift) &+ 6])
                s7 = step(s7, x[(Int(feature[s7]) &<< shift) &+ 7])
            }
            addLeaves(s0, s1, s2, s3, s4, s5, s6, s7, to: sums + r)
            r += 8
        }
        while r < rowCount {
            var slot = 0
            for _ in 0..<depth { slot = step(slot, block.value(row: r, feature: Int(feature[slot]))) }
            sums[r] += leaves[slot]
            r += 1
        }
    }

    /// `addPathLengths` for one-feature data: the values stay in registers, no feature lookup.
    func addSingleFeaturePathLengths(_ block: FeatureBlock, into sums: UnsafeMutablePointer<Double>) {
        let rows = block.values
        let rowCount = block.rowCount
        var r = 0
        while r + 8 <= rowCount {
            let v0 = rows[r]
            let v1 = rows[r + 1]
            let v2 = rows[r + 2]
            let v3 = rows[r + 3]
            let v4 = rows[r + 4]
            let v5 = rows[r + 5]
            let v6 = rows[r + 6]
            let v7 = rows[r + 7]
            var s0 = 0
            var s1 = 0
            var s2 = 0
            var s3 = 0
            var s4 = 0
            var s5 = 0
            var s6 = 0
            var s7 = 0
            for _ in 0..<depth {
                s0 = step(s0, v0)
                s1 = step(s1, v1)
                s2 = step(s2, v2)
                s3 = step(s3, v3)
                s4 = step(s4, v4)
                s5 = step(s5, v5)
                s6 = step(s6, v6)
                s7 = step(s7, v7)
            }
            addLeaves(s0, s1, s2, s3, s4, s5, s6, s7, to: sums + r)
            r += 8
        }
        while r < rowCount {
            let value = rows[r]
            var slot = 0
            for _ in 0..<depth { slot = step(slot, value) }
            sums[r] += leaves[slot]
            r += 1
        }
    }

    @inline(__always)
    private func addLeaves(
        _ s0: Int, _ s1: Int, _ s2: Int, _ s3: Int, _ s4: Int, _ s5: Int, _ s6: Int, _ s7: Int,
        to sums: UnsafeMutablePointer<Double>
    ) {
        sums[0] += leaves[s0]
        sums[1] += leaves[s1]
        sums[2] += leaves[s2]
        sums[3] += leaves[s3]
        sums[4] += leaves[s4]
        sums[5] += leaves[s5]
        sums[6] += leaves[s6]
        sums[7] += leaves[s7]
    }
}
