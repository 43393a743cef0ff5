import Detection

/// An inline SVG chart of one file: the series, its labelled windows, the probationary period, the
/// detections at the chosen threshold and, below, the anomaly score.
struct SeriesChart {
    var values: [Double]
    var scores: [Double]
    var windows: [ClosedRange<Int>]
    var probation: Int
    var threshold: Double?
    var expected: [ClosedRange<Double>?]

    let width = 960.0
    let height = 220.0
    let scoreHeight = 60.0
    let margin = 4.0

    func render() -> String {
        let n = values.count
        guard n > 1 else { return "<p>(too few points to chart)</p>" }
        let finite = values.filter(\.isFinite)
        let low = finite.min() ?? 0
        let high = finite.max() ?? 1
        let span = high > low ? high - low : 1
        func x(_ i: Int) -> Double { margin + (width - 2 * margin) * Double(i) / Double(n - 1) }
        func y(_ v: Double) -> Double { margin + (height - 2 * margin) * (1 - (v - low) / span) }
        func ys(_ s: Double) -> Double { height + 8 + (scoreHeight - 4) * (1 - min(max(s, 0), 1)) }
        var svg =
            #"<svg class="chart" viewBox="0 0 \#(f(width)) \#(f(height + scoreHeight + 12))" "#
            + #"role="img" xmlns="http://www.w3.org/2000/svg">"#
        svg +=
            #"<rect class="probation" x="\#(f(x(0)))" y="0" width="\#(f(x(probation) - x(0)))" "#
            + #"height="\#(f(height + scoreHeight + 12))"><title>probationary period (not scored)</title></rect>"#
        for window in windows {
            svg +=
                #"<rect class="window" x="\#(f(x(window.lowerBound)))" y="0" "#
                + #"width="\#(f(max(x(window.upperBound) - x(window.lowerBound), 1)))" height="\#(f(height))">"#
                + "<title>labelled anomaly window, rows \(window.lowerBound)–\(window.upperBound)</title></rect>"
        }
        svg += band(x: x, y: y)
        svg += #"<polyline class="series" points="\#(polyline(values, x: x, y: y))"/>"#
        svg += #"<polyline class="score" points="\#(polyline(scores, x: x, y: ys))"/>"#
        if let threshold {
            svg +=
                #"<line class="threshold" x1="\#(f(x(0)))" x2="\#(f(x(n - 1)))" y1="\#(f(ys(threshold)))" "#
                + #"y2="\#(f(ys(threshold)))"/>"#
            for i in probation..<min(n, scores.count) where scores[i] >= threshold {
                svg +=
                    #"<circle class="detection" cx="\#(f(x(i)))" cy="\#(f(y(values[i])))" r="3.5">"#
                    + "<title>detection at row \(i): score \(ScoreTable.format(scores[i], 3))</title></circle>"
            }
        }
        return svg + "</svg>"
    }

    /// The expected band, when the detector gave one, as a filled polygon (sampled like the series).
    private func band(x: (Int) -> Double, y: (Double) -> Double) -> String {
        let rows = sample(values.count).filter { $0 < expected.count && expected[$0] != nil }
        guard rows.count > 1 else { return "" }
        let clampLow = values.min() ?? 0
        let clampHigh = values.max() ?? 1
        func clamp(_ v: Double) -> Double { min(max(v, clampLow), clampHigh) }
        let upper = rows.compactMap { i in expected[i].map { "\(f(x(i))),\(f(y(clamp($0.upperBound))))" } }
        let lower = rows.reversed().compactMap { i in expected[i].map { "\(f(x(i))),\(f(y(clamp($0.lowerBound))))" } }
        return
            #"<polygon class="band" points="\#((upper + lower).joined(separator: " "))"><title>expected range</title></polygon>"#
    }

    /// At most ~2 points per pixel column: the min and max of each bucket keep spikes visible.
    private func polyline(_ data: [Double], x: (Int) -> Double, y: (Double) -> Double) -> String {
        let buckets = Int(width)
        guard data.count > buckets * 2 else {
            return data.indices.map { "\(f(x($0))),\(f(y(data[$0])))" }.joined(separator: " ")
        }
        var points: [String] = []
        for b in 0..<buckets {
            let start = b * data.count / buckets
            let end = max(start + 1, (b + 1) * data.count / buckets)
            var lowIndex = start
            var highIndex = start
            for i in start..<end {
                if data[i] < data[lowIndex] { lowIndex = i }
                if data[i] > data[highIndex] { highIndex = i }
            }
            for i in [lowIndex, highIndex].sorted() { points.append("\(f(x(i))),\(f(y(data[i])))") }
        }
        return points.joined(separator: " ")
    }

    private func sample(_ count: Int) -> [Int] {
        let step = max(1, count / 600)
        return Array(stride(from: 0, to: count, by: step))
    }

    private func f(_ v: Double) -> String { ScoreTable.format(v, 1) }
}
