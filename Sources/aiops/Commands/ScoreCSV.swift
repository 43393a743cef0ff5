import Detection
import Foundation

/// The rows `aiops score` writes, produced in chunks so a million rows never sit in one string.
struct ScoreCSV {
    var model: IsolationForestModel
    var table: MetricTable
    var scores: [Double]

    func write(to handle: FileHandle) throws {
        var text = "timestamp,score,is_anomaly" + model.features.map { "," + Self.escape($0) }.joined() + "\n"
        for row in 0..<table.rowCount {
            text += Self.escape(table.timestampTexts[row])
            text += ","
            text += scores[row].description
            text += model.isAnomaly(score: scores[row]) ? ",1" : ",0"
            for column in 0..<table.values.columnCount {
                text += ","
                text += table.values[row, column].description
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
