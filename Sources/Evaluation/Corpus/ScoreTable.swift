/// The plain-text score tables `aiops evaluate` prints.
public enum ScoreTable {
    /// One line per file (raw and normalised score per profile), then the totals.
    public static func render(detector: String, scores: [NABProfileScore]) -> String {
        guard let first = scores.first else { return "" }
        let keyWidth = max(first.files.map(\.key.count).max() ?? 4, 4)
        func pad(_ s: String, _ width: Int, left: Bool = false) -> String {
            let fill = String(repeating: " ", count: max(0, width - s.count))
            return left ? s + fill : fill + s
        }
        var lines: [String] = []
        var header = pad("file", keyWidth, left: true) + pad("windows", 8)
        for score in scores { header += pad(score.profile.name, 22) }
        lines.append(header)
        lines.append(
            pad("", keyWidth, left: true) + pad("", 8)
                + String(repeating: pad("raw   norm  hit FP", 22), count: scores.count))
        for (i, file) in first.files.enumerated() {
            var line = pad(file.key, keyWidth, left: true) + pad("\(file.windows)", 8)
            for score in scores {
                let f = score.files[i]
                let norm = f.normalised.map { format($0, 1) } ?? "-"
                line +=
                    pad(format(f.raw, 2), 8) + pad(norm, 7) + pad("\(f.detectedWindows)", 4)
                    + pad("\(f.falsePositives)", 3)
            }
            lines.append(line)
        }
        lines.append("")
        for score in scores {
            lines.append(
                "\(detector) \(pad(score.profile.name, 18, left: true)) normalised \(pad(format(score.normalised, 1), 6))"
                    + "  raw \(format(score.raw, 2))  threshold \(format(score.threshold, 6))")
        }
        return lines.joined(separator: "\n")
    }

    /// One line per profile: the cross-validated total, then each held-out category's score.
    public static func render(detector: String, crossValidation: [NABCrossValidation]) -> String {
        var lines: [String] = []
        for result in crossValidation {
            let name = result.profile.name
            var line =
                "\(detector) \(name + String(repeating: " ", count: max(0, 18 - name.count))) "
                + "cross-validated by category \(format(result.normalised, 1)):"
            for fold in result.folds {
                let score = fold.normalised.map { format($0, 1) } ?? "raw \(format(fold.raw, 2))"
                line += " \(fold.category) \(score) (θ \(format(fold.threshold, 3)));"
            }
            lines.append(String(line.dropLast()))
        }
        return lines.joined(separator: "\n")
    }

    /// `value` with `digits` decimals.
    public static func format(_ value: Double, _ digits: Int) -> String {
        var scale = 1.0
        for _ in 0..<digits { scale *= 10 }
        let rounded = (value * scale).rounded() / scale
        var text = "\(abs(rounded) < 0.5 / scale ? 0 : rounded)"
        if let dot = text.firstIndex(of: "."), !text.contains("e") {
            let decimals = text.distance(from: dot, to: text.endIndex) - 1
            if decimals < digits { text += String(repeating: "0", count: digits - decimals) }
            if digits == 0 { text = String(text[..<dot]) }
        }
        return text
    }
}
