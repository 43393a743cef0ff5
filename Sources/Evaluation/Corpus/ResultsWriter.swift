import AIOpsCore
import Foundation

/// Writes a run in NAB's results format: `timestamp,value,anomaly_score`.
enum ResultsWriter {
    static func write(_ run: FileRun, to url: URL) throws(EvaluationError) {
        var text = "timestamp,value,anomaly_score\n"
        text.reserveCapacity(run.outputs.count * 48)
        for i in run.outputs.indices {
            text += CSVTime.format(run.series.timestamps[i])
            text += ","
            text += "\(run.series.values[i])"
            text += ","
            text += "\(run.outputs[i].score)"
            text += "\n"
        }
        do {
            try FileManager.default.createDirectory(
                at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: url, options: .atomic)
        } catch {
            throw EvaluationError(.ioFailure, "cannot write results to \(url.path)", underlying: error)
        }
    }
}

/// NAB's timestamp format, `YYYY-MM-DD HH:MM:SS` in UTC.
enum CSVTime {
    static func format(_ date: Date) -> String {
        let seconds = Int(date.timeIntervalSince1970.rounded(.down))
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let rest = seconds - days * 86_400
        let (year, month, day) = Timestamp.civil(fromDays: days)
        func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
        return "\(year)-\(two(month))-\(two(day)) \(two(rest / 3600)):\(two(rest % 3600 / 60)):\(two(rest % 60))"
    }
}
