import Detection
import Foundation

/// The rows `aiops score` writes, produced in chunks so a million rows never sit in one string.
struct ScoreCSV {
    var table: MetricTable
    var outputs: [DetectorOutput]
    /// Streaming detectors explain each point: the expected band and the feature that drove the score.
    var explained: Bool

    func write(to handle: FileHandle) throws {
        var text = "timestamp,score,is_anomaly" + table.columns.map { "," + Self.escape($0) }.joined()
        text += explained ? ",expected_low,expected_high,driving_feature\n" : "\n"
        for row in 0..<table.rowCount {
            let output = outputs[row]
            text += Self.escape(table.timestampTexts[row])
            text += ","
            text += output.score.description
            text += output.isAnomaly ? ",1" : ",0"
            for column in 0..<table.values.columnCount {
                text += ","
                text += table.values[row, column].description
            }
            if explained {
                text += "," + (output.expected.map { $0.lowerBound.description } ?? "")
                text += "," + (output.expected.map { $0.upperBound.description } ?? "")
                text += "," + Self.escape(output.drivingFeature ?? "")
            }
            text += "\n"
            if text.utf8.count > 1 << 20 {
                try handle.write(contentsOf: Data(text.utf8))
                text = ""
            }
        }
        try handle.write(contentsOf: Data(text.utf8))
    }

    /// Quotes a field that holds a comma, a quote or a line break.
    static func escape(_ field: String) -> String {
        guard field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return field }
        return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
