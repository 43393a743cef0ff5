import AIOpsCore
import Foundation

/// One instance's recorded log: a text file of timestamped lines, `<timestamp> <message>`, where
/// the timestamp is ISO 8601 (`2026-11-25T14:02:00Z`, `…00.123Z`, `…00+01:00`) or
/// `YYYY-MM-DD HH:MM:SS` (UTC). A line that does not start with a timestamp continues the line
/// before it (a stack trace), joined to it with a line break.
enum LogFile {
    static func read(_ url: URL, instanceID: String) throws(EvaluationError) -> [LogEvent] {
        let text: String
        do {
            text = try String(contentsOf: url, encoding: .utf8)
        } catch {
            throw EvaluationError(.ioFailure, "cannot read the log file \(url.path) as UTF-8 text", underlying: error)
        }
        var events: [LogEvent] = []
        var number = 0
        // `\r\n` is one Character in Swift: split on any line break, not on "\n".
        for line in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline) {
            number += 1
            if line.allSatisfy(\.isWhitespace) { continue }
            if let (time, message) = split(line) {
                events.append(LogEvent(timestamp: time, message: message, source: instanceID))
            } else if var last = events.popLast() {
                last.message += "\n" + line
                events.append(last)
            } else {
                throw EvaluationError(
                    .badRecording,
                    "\(url.path) line \(number): the first line must start with a timestamp "
                        + "(ISO 8601 or YYYY-MM-DD HH:MM:SS), found '\(line.prefix(40))'")
            }
        }
        // Stable: lines of the same second keep their order in the file.
        return events.enumerated().sorted { ($0.element.timestamp, $0.offset) < ($1.element.timestamp, $1.offset) }
            .map(\.element)
    }

    /// The line's timestamp and the message after it, or nil when it does not start with one.
    static func split(_ line: Substring) -> (Date, String)? {
        // `YYYY-MM-DD HH:MM:SS` is two words; try it before the one-word ISO 8601 forms.
        if line.count >= 19, line[line.index(line.startIndex, offsetBy: 10)] == " " {
            let end = line.index(line.startIndex, offsetBy: 19)
            if let date = ISO8601.date(from: String(line[..<end])) {
                return (date, String(line[end...].drop { $0 == " " || $0 == "\t" }))
            }
        }
        let word = line.prefix { $0 != " " && $0 != "\t" }
        guard word.count >= 10, word.first?.isNumber == true, let date = ISO8601.date(from: String(word)) else {
            return nil
        }
        return (date, String(line[word.endIndex...].drop { $0 == " " || $0 == "\t" }))
    }
}
