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

    /// Adds this tree's path length of each row (row-major, `columns` values each) to `sums`.
    func addPathLengths(
        rows: UnsafePointer<Double>, rowCount: Int, columns: Int, into sums: UnsafeMutablePointer<Double>
    ) {
        var r = 0
        while r + 8 <= rowCount {
            let x0 = rows + r * columns
            let x1 = x0 + columns
            let x2 = x1 + columns
            let x3 = x2 + columns
            let x4 = x3 + columns
            let x5 = x4 + columns
            let x6 = x5 + columns
            let x7 = x6 + columns
            var s0 = 0
            var s1 = 0
            var s2 = 0
            var s3 = 0
            var s4 = 0
            var s5 = 0
            var s6 = 0
            var s7 = 0
            for _ in 0..<depth {
                s0 = step(s0, x0[Int(feature[s0])])
                s1 = step(s1, x1[Int(feature[s1])])
                s2 = step(s2, x2[Int(feature[s2])])
                s3 = step(s3, x3[Int(feature[s3])])
                s4 = step(s4, x4[Int(feature[s4])])
                s5 = step(s5, x5[Int(feature[s5])])
                s6 = step(s6, x6[Int(feature[s6])])
                s7 = step(s7, x7[Int(feature[s7])])
            }
            sums[r] += leaves[s0]
            sums[r + 1] += leaves[s1]
            sums[r + 2] += leaves[s2]
            sums[r + 3] += leaves[s3]
            sums[r + 4] += leaves[s4]
            sums[r + 5] += leaves[s5]
            sums[r + 6] += leaves[s6]
            sums[r + 7] += leaves[s7]
            r += 8
        }
        while r < rowCount {
            let x = rows + r * columns
            var slot = 0
            for _ in 0..<depth { slot = step(slot, x[Int(feature[slot])]) }
            sums[r] += leaves[slot]
            r += 1
        }
    }

    /// `addPathLengths` for one-feature data: the value stays in a register, no feature lookup.
    func addSingleFeaturePathLengths(
        rows: UnsafePointer<Double>, rowCount: Int, into sums: UnsafeMutablePointer<Double>
    ) {
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
            sums[r] += leaves[s0]
            sums[r + 1] += leaves[s1]
            sums[r + 2] += leaves[s2]
            sums[r + 3] += leaves[s3]
            sums[r + 4] += leaves[s4]
            sums[r + 5] += leaves[s5]
            sums[r + 6] += leaves[s6]
            sums[r + 7] += leaves[s7]
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
}
