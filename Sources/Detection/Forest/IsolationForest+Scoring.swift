extension IsolationForest {
    /// Batches smaller than this are scored on the calling thread: spreading them costs more
    /// than it saves.
    static let parallelScoringThreshold = 8192
    /// Rows scored together, tree by tree (log2): their features and sums stay in L1 while a tree
    /// walks them all.
    static let scoringBlockShift = FeatureBlock.blockShift
    static let scoringBlock = 1 << scoringBlockShift

    /// s(x) of every row of `data`, in order; batches are spread over up to `threads` threads.
    /// Fails when `data` does not have the forest's feature count.
    public func scores(_ data: FeatureMatrix, threads: Int = defaultThreadCount) throws(DetectionError) -> [Double] {
        guard data.columnCount == featureCount else {
            throw DetectionError(
                .invalidInput, "the data has \(data.columnCount) feature(s), the forest was trained on \(featureCount)")
        }
        let rowCount = data.rowCount
        let workers = rowCount < Self.parallelScoringThreshold ? 1 : max(1, threads)
        return data.values.withUnsafeBufferPointer { values in
            [Double](unsafeUninitializedCapacity: rowCount) { output, initialized in
                guard let input = values.baseAddress, let out = output.baseAddress else {
                    initialized = 0
                    return
                }
                let shared = SharedBuffers(input: input, output: out)
                Parallel.forEachRange(count: rowCount, threads: workers) { range in
                    scoreRows(
                        shared.input + range.lowerBound * featureCount, count: range.count,
                        into: shared.output + range.lowerBound)
                }
                initialized = rowCount
            }
        }
    }

    /// s(x) of one row. Fails when the row does not have the forest's feature count.
    public func score(_ row: [Double]) throws(DetectionError) -> Double {
        guard row.count == featureCount else {
            throw DetectionError(
                .invalidInput, "the row has \(row.count) feature(s), the forest was trained on \(featureCount)")
        }
        return row.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return 1 }
            return score(unchecked: base)
        }
    }

    /// s(x) of one row of `featureCount` values at `row`, with no allocation.
    func score(unchecked row: UnsafePointer<Double>) -> Double {
        var sum = 0.0
        withUnsafeMutablePointer(to: &sum) {
            compiled.accumulatePathLengths(FeatureBlock(values: row, shift: 0, rowCount: 1), into: $0)
        }
        return score(pathLengthSum: sum)
    }

    /// Scores `count` rows from `rows` (row-major) into `output`, a block at a time, each block
    /// transposed to feature-major first (see `FeatureBlock`).
    private func scoreRows(_ rows: UnsafePointer<Double>, count: Int, into output: UnsafeMutablePointer<Double>) {
        let blockSize = Self.scoringBlock
        let columns = featureCount
        withUnsafeTemporaryAllocation(of: Double.self, capacity: blockSize * (columns + 1)) { scratch in
            guard let sum = scratch.baseAddress else { return }
            let transposed = sum + blockSize
            var start = 0
            while start < count {
                let n = min(blockSize, count - start)
                let block: FeatureBlock
                if columns == 1 {
                    block = FeatureBlock(values: rows + start, shift: Self.scoringBlockShift, rowCount: n)
                } else {
                    let source = rows + start * columns
                    for r in 0..<n {
                        for f in 0..<columns { transposed[f &* blockSize &+ r] = source[r &* columns &+ f] }
                    }
                    block = FeatureBlock(
                        values: UnsafePointer(transposed), shift: Self.scoringBlockShift, rowCount: n)
                }
                sum.initialize(repeating: 0, count: n)
                compiled.accumulatePathLengths(block, into: sum)
                for i in 0..<n { output[start + i] = score(pathLengthSum: sum[i]) }
                start += n
            }
        }
    }
}

/// The input and output of a parallel scoring pass. Safe to share: the input is only read, and
/// each worker writes only its own disjoint range of the output.
private struct SharedBuffers: @unchecked Sendable {
    let input: UnsafePointer<Double>
    let output: UnsafeMutablePointer<Double>
}
