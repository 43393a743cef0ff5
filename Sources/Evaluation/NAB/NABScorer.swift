/// One file's detector output, ready to be scored: its layout and one score per row.
public struct NABScoredFile: Sendable {
    /// `<category>/<name>.csv`, the key of the windows file.
    public var key: String
    public var layout: NABFileLayout
    public var scores: [Double]

    public init(key: String, layout: NABFileLayout, scores: [Double]) {
        self.key = key
        self.layout = layout
        self.scores = scores
    }
}

/// One file's score at a threshold.
public struct NABFileScore: Sendable, Hashable {
    public var key: String
    /// S_file(θ): the file's raw score.
    public var raw: Double
    /// The file's score normalised against its own null and perfect detectors; nil without windows.
    public var normalised: Double?
    public var windows: Int
    public var detectedWindows: Int
    /// Detected rows outside every window.
    public var falsePositives: Int
}

/// A detector's score on a corpus for one profile.
public struct NABProfileScore: Sendable, Hashable {
    public var profile: NABProfile
    /// θ*: rows with a score at or above it are detections.
    public var threshold: Double
    /// S_det: the optimised raw corpus score.
    public var raw: Double
    /// 100·(S_det − S_null)/(S_perfect − S_null).
    public var normalised: Double
    public var files: [NABFileScore]
}

/// NAB's scorer: one threshold per detector and profile, shared by all files and chosen to
/// maximise the corpus score, then normalised against the null and perfect detectors.
public enum NABScorer {
    /// Scores `files` under each profile.
    public static func score(_ files: [NABScoredFile], profiles: [NABProfile] = NABProfile.all) -> [NABProfileScore] {
        let pool = Pool(files)
        return profiles.map { profile in
            let (threshold, raw) = pool.optimise(profile)
            let fileScores = files.map { fileScore($0, profile: profile, threshold: threshold) }
            let windows = files.reduce(0) { $0 + $1.layout.windows.count }
            let counted = files.reduce(0) { $0 + $1.layout.countedWindows.count }
            return NABProfileScore(
                profile: profile, threshold: threshold, raw: raw,
                normalised: normalise(raw, profile: profile, windows: windows, counted: counted),
                files: fileScores)
        }
    }

    /// 100·(S − S_null)/(S_perfect − S_null), with S_null = −A_FN·counted and S_perfect = A_TP·windows.
    public static func normalise(_ raw: Double, profile: NABProfile, windows: Int, counted: Int) -> Double {
        let null = -profile.falseNegative * Double(counted)
        let perfect = profile.truePositive * Double(windows)
        guard perfect > null else { return 0 }
        return 100 * (raw - null) / (perfect - null)
    }

    /// The raw score of one file when rows scoring at least `threshold` are detections.
    public static func fileScore(_ file: NABScoredFile, profile: NABProfile, threshold: Double) -> NABFileScore {
        let layout = file.layout
        var best = [Double?](repeating: nil, count: layout.windows.count)
        var raw = 0.0
        var falsePositives = 0
        for i in layout.probation..<min(layout.count, file.scores.count) where file.scores[i] >= threshold {
            switch layout.weights[i] {
            case .window(let k, let unit):
                best[k] = max(best[k] ?? -.infinity, profile.truePositive * unit)
            case .outside(let unit):
                raw += profile.falsePositive * unit
                falsePositives += 1
            }
        }
        var detected = 0
        let counted = layout.countedWindows
        for k in counted {
            if let reward = best[k] {
                raw += reward
                detected += 1
            } else {
                raw -= profile.falseNegative
            }
        }
        let normalised: Double? =
            layout.windows.isEmpty
            ? nil : normalise(raw, profile: profile, windows: layout.windows.count, counted: counted.count)
        return NABFileScore(
            key: file.key, raw: raw, normalised: normalised, windows: counted.count, detectedWindows: detected,
            falsePositives: falsePositives)
    }
}

/// The scorable rows of all files, sorted once by score (descending) and swept per profile.
private struct Pool {
    var scores: [Double] = []
    /// Global window index of each row, or −1 outside windows.
    var window: [Int32] = []
    var unit: [Double] = []
    var order: [Int] = []
    var windowCount = 0
    /// Windows that count (some row after probation), by global index.
    var counted: [Bool] = []

    init(_ files: [NABScoredFile]) {
        for file in files {
            let layout = file.layout
            let base = windowCount
            windowCount += layout.windows.count
            counted += layout.windows.map { $0.upperBound >= layout.probation }
            for i in layout.probation..<min(layout.count, file.scores.count) {
                scores.append(file.scores[i])
                switch layout.weights[i] {
                case .window(let k, let u):
                    window.append(Int32(base + k))
                    unit.append(u)
                case .outside(let u):
                    window.append(-1)
                    unit.append(u)
                }
            }
        }
        order = scores.indices.sorted { scores[$0] > scores[$1] }
    }

    /// The best threshold and its raw score: walks down the sorted rows, evaluating S after each
    /// run of equal scores; ties keep the higher threshold (the first one found).
    func optimise(_ profile: NABProfile) -> (threshold: Double, raw: Double) {
        var contribution = [Double?](repeating: nil, count: windowCount)
        var total = -profile.falseNegative * Double(counted.lazy.filter { $0 }.count)
        let top = scores.max() ?? 0
        var bestThreshold = top >= 1.1 ? top.nextUp : 1.1
        var bestRaw = total
        var position = 0
        while position < order.count {
            let value = scores[order[position]]
            while position < order.count, scores[order[position]] == value {
                let row = order[position]
                let k = Int(window[row])
                if k < 0 {
                    total += profile.falsePositive * unit[row]
                } else {
                    let reward = profile.truePositive * unit[row]
                    if let current = contribution[k] {
                        if reward > current {
                            total += reward - current
                            contribution[k] = reward
                        }
                    } else {
                        total += reward + profile.falseNegative
                        contribution[k] = reward
                    }
                }
                position += 1
            }
            if total > bestRaw {
                bestRaw = total
                bestThreshold = value
            }
        }
        return (bestThreshold, bestRaw)
    }
}
