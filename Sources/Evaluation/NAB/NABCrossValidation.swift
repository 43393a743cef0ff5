/// A detector's score when its threshold is never chosen on the files it is scored on: each
/// category in turn is held out, the threshold is optimised on the other categories, and the
/// held-out files are scored at it. What a change does here, category by category, says whether
/// it generalises or only fits the corpus (NAB's own score picks the threshold on every file).
public struct NABCrossValidation: Sendable, Hashable {
    /// One held-out category.
    public struct Fold: Sendable, Hashable {
        public var category: String
        /// The threshold optimised on every other category.
        public var threshold: Double
        /// The held-out files' raw score at that threshold.
        public var raw: Double
        /// The held-out files' score normalised against their own null and perfect detectors;
        /// nil for a category without windows.
        public var normalised: Double?
        public var windows: Int
    }

    public var profile: NABProfile
    public var folds: [Fold]
    /// The held-out raw scores summed over the folds.
    public var raw: Double
    /// That sum normalised as NAB normalises a corpus score.
    public var normalised: Double

    /// Holds out each category of `files` (the part of the key before its last `/`) in turn.
    public static func run(_ files: [NABScoredFile], profile: NABProfile) -> NABCrossValidation {
        func category(_ file: NABScoredFile) -> String {
            guard let slash = file.key.lastIndex(of: "/") else { return "" }
            return String(file.key[..<slash])
        }
        var categories: [String] = []
        for file in files where !categories.contains(category(file)) { categories.append(category(file)) }
        var folds: [Fold] = []
        for held in categories {
            let training = files.filter { category($0) != held }
            let test = files.filter { category($0) == held }
            let threshold = NABScorer.score(training, profiles: [profile]).first?.threshold ?? 1.1
            let scores = test.map { NABScorer.fileScore($0, profile: profile, threshold: threshold) }
            let raw = scores.reduce(0) { $0 + $1.raw }
            let windows = test.reduce(0) { $0 + $1.layout.windows.count }
            let counted = test.reduce(0) { $0 + $1.layout.countedWindows.count }
            folds.append(
                Fold(
                    category: held, threshold: threshold, raw: raw,
                    normalised: windows == 0
                        ? nil : NABScorer.normalise(raw, profile: profile, windows: windows, counted: counted),
                    windows: windows))
        }
        let raw = folds.reduce(0) { $0 + $1.raw }
        let windows = files.reduce(0) { $0 + $1.layout.windows.count }
        let counted = files.reduce(0) { $0 + $1.layout.countedWindows.count }
        return NABCrossValidation(
            profile: profile, folds: folds, raw: raw,
            normalised: NABScorer.normalise(raw, profile: profile, windows: windows, counted: counted))
    }
}
