/// Grouping accuracy of a log parser (Zhu et al., ICSE-SEIP 2019): a line counts as correct when
/// the set of lines in its mined group is exactly the set of lines in its true group.
public enum GroupingAccuracy {
    /// The share of lines whose mined group equals their true group; 1 for no lines. The two
    /// arrays are paired by index (extra elements of the longer one are ignored).
    public static func score<P: Hashable, T: Hashable>(predicted: [P], truth: [T]) -> Double {
        let total = min(predicted.count, truth.count)
        guard total > 0 else { return 1 }
        var predictedSizes: [P: Int] = [:]
        var truthSizes: [T: Int] = [:]
        var truthOfPredicted: [P: T] = [:]
        var mixed: Set<P> = []
        for (p, t) in zip(predicted, truth) {
            predictedSizes[p, default: 0] += 1
            truthSizes[t, default: 0] += 1
            if let seen = truthOfPredicted[p] {
                if seen != t { mixed.insert(p) }
            } else {
                truthOfPredicted[p] = t
            }
        }
        var correct = 0
        for (p, size) in predictedSizes where !mixed.contains(p) {
            if let t = truthOfPredicted[p], truthSizes[t] == size { correct += size }
        }
        return Double(correct) / Double(total)
    }

}
