import Detection
import Foundation

/// A self-contained HTML page (no external assets) about one detector's run: the score table and a
/// chart per file. Every text is escaped: file names and labels come from outside.
public struct HTMLReport {
    public var detector: String
    public var runs: [FileRun]
    public var scores: [NABProfileScore]
    /// The profile whose threshold decides which points are drawn as detections.
    public var chosen: NABProfileScore?
    public var labels: NABLabels?

    public init(
        detector: String, runs: [FileRun], scores: [NABProfileScore], chosen: NABProfileScore?, labels: NABLabels?
    ) {
        self.detector = detector
        self.runs = runs
        self.scores = scores
        self.chosen = chosen
        self.labels = labels
    }

    public func render() -> String {
        var html = """
            <!doctype html><html lang="en"><head><meta charset="utf-8">
            <title>aiops evaluate: \(HTML.escape(detector))</title><style>\(Self.style)</style></head><body>
            <h1>Detector <code>\(HTML.escape(detector))</code></h1>
            """
        if scores.isEmpty {
            html += "<p>No labels were given: charts show the anomaly score only.</p>"
        } else {
            html += totals()
            if let chosen {
                html +=
                    "<p>Detections drawn at the <b>\(HTML.escape(chosen.profile.name))</b> threshold "
                    + "\(ScoreTable.format(chosen.threshold, 4)).</p>"
            }
        }
        html +=
            #"<p class="legend"><span class="k-series"></span>series <span class="k-window"></span>labelled window "#
            + #"<span class="k-probation"></span>probationary period <span class="k-band"></span>expected range "#
            + #"<span class="k-detection"></span>detection <span class="k-score"></span>anomaly score (lower panel)</p>"#
        for (i, run) in runs.enumerated() { html += section(run, index: i) }
        return html + "</body></html>\n"
    }

    private func totals() -> String {
        var rows = scores.map { score in
            "<tr><td>\(HTML.escape(score.profile.name))</td><td>\(ScoreTable.format(score.normalised, 1))</td>"
                + "<td>\(ScoreTable.format(score.raw, 2))</td><td>\(ScoreTable.format(score.threshold, 4))</td></tr>"
        }.joined()
        rows = "<tr><th>profile</th><th>normalised</th><th>raw</th><th>threshold</th></tr>" + rows
        return "<h2>NAB score</h2><table>\(rows)</table>"
    }

    private func section(_ run: FileRun, index: Int) -> String {
        let windows = labels?.windows(for: run.file.key) ?? []
        let layout = try? NABFileLayout(timestamps: run.series.timestamps, windows: windows, file: run.file.key)
        let fileScore = chosen?.files.first { $0.key == run.file.key }
        var caption = "\(run.series.values.count) points"
        if let fileScore {
            caption +=
                ", \(fileScore.detectedWindows) of \(fileScore.windows) windows detected, "
                + "\(fileScore.falsePositives) false positives, raw score \(ScoreTable.format(fileScore.raw, 2))"
            if let norm = fileScore.normalised { caption += ", normalised \(ScoreTable.format(norm, 1))" }
        }
        let chart = SeriesChart(
            values: run.series.values, scores: run.scores, windows: layout?.windows ?? [],
            probation: NABFileLayout.probationaryPeriod(rows: run.series.values.count), threshold: chosen?.threshold,
            expected: run.outputs.map(\.expected))
        return "<section id=\"f\(index)\"><h3>\(HTML.escape(run.file.key))</h3><p>\(HTML.escape(caption))</p>"
            + chart.render() + "</section>"
    }

    static let style = """
        body{font:14px system-ui,sans-serif;margin:2em;color:#222}table{border-collapse:collapse}
        td,th{border:1px solid #ccc;padding:2px 8px;text-align:right}svg.chart{width:100%;max-width:960px;height:auto;
        border:1px solid #ddd}.series{fill:none;stroke:#1f5fa8;stroke-width:1}.score{fill:none;stroke:#888;stroke-width:1}
        .window{fill:#f5c542;opacity:.35}.probation{fill:#999;opacity:.12}.band{fill:#4caf50;opacity:.15}
        .detection{fill:#d62728}.threshold{stroke:#d62728;stroke-dasharray:4 3}.legend span{display:inline-block;
        width:12px;height:12px;margin:0 4px 0 12px;vertical-align:middle}.k-series{background:#1f5fa8}
        .k-window{background:#f5c542}.k-probation{background:#ddd}.k-band{background:#cfe8d0}.k-detection{background:#d62728}
        .k-score{background:#888}
        """
}
