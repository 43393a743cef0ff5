import Detection
public import Foundation

/// Scores detector runs against NAB labels.
public enum RunScoring {
    /// Pairs each run with its windows and scores the lot under `profiles`.
    public static func score(_ runs: [FileRun], labels: NABLabels, profiles: [NABProfile] = NABProfile.all)
        throws(EvaluationError) -> [NABProfileScore]
    {
        var files: [NABScoredFile] = []
        for run in runs {
            files.append(
                try ResultsScoring.scoredFile(key: run.file.key, csv: run.series, scores: run.scores, labels: labels))
        }
        return NABScorer.score(files, profiles: profiles)
    }

    /// Leave-one-category-out scores of the runs under `profiles` (see `NABCrossValidation`).
    public static func crossValidate(
        _ runs: [FileRun], labels: NABLabels, profiles: [NABProfile] = NABProfile.all
    ) throws(EvaluationError) -> [NABCrossValidation] {
        var files: [NABScoredFile] = []
        for run in runs {
            files.append(
                try ResultsScoring.scoredFile(key: run.file.key, csv: run.series, scores: run.scores, labels: labels))
        }
        return profiles.map { NABCrossValidation.run(files, profile: $0) }
    }

    /// Reads `<resultsRoot>/<detector>/…` back as runs (scores only), for scoring and reports
    /// without running the detector.
    public static func loadResults(resultsRoot: URL, detector: String) throws(EvaluationError) -> [FileRun] {
        let folder = resultsRoot.appendingPathComponent(detector, isDirectory: true)
        let files = try CorpusFile.results(under: folder, detector: detector)
        guard !files.isEmpty else { throw EvaluationError(.missingFile, "no results CSV under \(folder.path)") }
        var runs: [FileRun] = []
        for file in files {
            let csv = try SeriesCSV(contentsOf: file.url, requireScores: true)
            let outputs = (csv.scores ?? []).map { DetectorOutput(score: $0, isAnomaly: false) }
            runs.append(FileRun(file: file, series: csv, outputs: outputs))
        }
        return runs
    }
}
