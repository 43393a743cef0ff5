public import Foundation

/// Scores detector outputs already on disk in NAB's results layout: what reproduces the
/// published scores without running anything.
public enum ResultsScoring {
    /// Reads `<resultsRoot>/<detector>/…` and scores it against `labels`. Files without an entry in
    /// the labels are an error: scoring them as window-free would silently change the score.
    public static func score(
        resultsRoot: URL, detector: String, labels: NABLabels, profiles: [NABProfile] = NABProfile.all
    ) throws(EvaluationError) -> [NABProfileScore] {
        try RunScoring.score(
            RunScoring.loadResults(resultsRoot: resultsRoot, detector: detector), labels: labels, profiles: profiles)
    }

    /// Pairs a file's scores with its windows from `labels`.
    public static func scoredFile(key: String, csv: SeriesCSV, scores: [Double], labels: NABLabels)
        throws(EvaluationError) -> NABScoredFile
    {
        guard let windows = labels.windows(for: key) else {
            throw EvaluationError(
                .badLabels, "the labels file has no entry for \(key); add `\"\(key)\": []` if it has no anomaly")
        }
        let layout = try NABFileLayout(timestamps: csv.timestamps, windows: windows, file: key)
        return NABScoredFile(key: key, layout: layout, scores: scores)
    }
}
