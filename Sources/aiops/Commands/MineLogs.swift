import ArgumentParser
import Foundation
import LogAnalysis

/// `aiops mine-logs`: mines the log templates of a file with the Drain miner the root-cause
/// analysis uses, and writes each line's template.
struct MineLogs: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mine-logs",
        abstract: "Mine log templates (Drain) from a text or CSV file.",
        discussion: """
            Reads plain text (one message per line) or CSV (the messages in the column named by \
            --column; a file ending in .csv is read as CSV). Writes CSV with the header \
            line,template_id,template: `line` is the 1-based input line (the data row for CSV), and \
            `template` the final template of the line's group, after all lines were mined.
            """)

    @Option(name: .long, help: "The log file: text, one message per line, or CSV.")
    var input: String

    @Option(name: .long, help: "The CSV column holding the messages (makes the input CSV).")
    var column: String?

    @Option(name: .long, help: "Where to write the CSV of templates.")
    var out: String

    func run() throws {
        try FileAccess.checkReadableFile(input, "the input file")
        try FileAccess.checkWritableFile(out, "the templates file")
        let inputURL = URL(fileURLWithPath: input)
        let data: Data
        do {
            data = try Data(contentsOf: inputURL)
        } catch {
            throw MineLogsError(
                "cannot read the input file '\(input)': \(FileAccess.describe(error, path: input, writing: false))")
        }
        let isCSV = column != nil || inputURL.pathExtension.lowercased() == "csv"
        var miner = TemplateMiner()
        var matches: [LineMatch] = []
        if isCSV {
            let messages = try csvMessages(data)
            matches.reserveCapacity(messages.count)
            for message in messages { matches.append(miner.add(message)) }
        } else {
            data.withUnsafeBytes { raw in
                LogLines.forEach(in: raw.bindMemory(to: UInt8.self)) { line in
                    // Templates say what a line says, not when: a leading timestamp is left out.
                    let skip = TimestampPrefix.length(of: line)
                    matches.append(
                        miner.add(utf8: skip < line.count ? UnsafeBufferPointer(rebasing: line[skip...]) : line))
                }
            }
        }
        let templates = try write(matches, miner: miner)
        FileHandle.standardError.write(
            Data(
                "mined \(TerminalText.count(matches.count, "line")) into \(TerminalText.count(templates, "template")); wrote \(out)\n"
                    .utf8))
    }

    private func csvMessages(_ data: Data) throws -> [String] {
        guard let text = String(data: data, encoding: .utf8) else {
            throw MineLogsError("\(input) is not UTF-8 text")
        }
        let table: CSVTable
        do {
            table = try CSVTable(parsing: text)
        } catch {
            throw MineLogsError("\(input): \(error.message)")
        }
        let name = try column ?? Self.defaultColumn(table.header, file: input)
        do {
            return try table.column(name)
        } catch {
            throw MineLogsError("\(input): \(error.message)")
        }
    }

    /// Without --column, a CSV's message column is guessed only from the usual names.
    static func defaultColumn(_ header: [String], file: String) throws -> String {
        for name in ["Content", "content", "message", "Message", "msg"] where header.contains(name) { return name }
        let known = header.map { "\"\($0)\"" }.joined(separator: ", ")
        throw MineLogsError("\(file) is CSV: name the message column with --column (its columns are \(known))")
    }

    /// Writes the output CSV; returns the number of distinct templates.
    private func write(_ matches: [LineMatch], miner: TemplateMiner) throws -> Int {
        var cache: [LineMatch: LogTemplate] = [:]
        var output = "line,template_id,template\n"
        output.reserveCapacity(matches.count * 64)
        for (index, match) in matches.enumerated() {
            let template: LogTemplate
            if let known = cache[match] {
                template = known
            } else {
                template = miner.template(of: match)
                cache[match] = template
            }
            output += "\(index + 1),\(template.id),\(Self.csvField(template.text))\n"
        }
        do {
            try Data(output.utf8).write(to: URL(fileURLWithPath: out), options: .atomic)
        } catch {
            throw MineLogsError("cannot write '\(out)': \(FileAccess.describe(error, path: out, writing: true))")
        }
        return Set(cache.values.map(\.id)).count
    }

    /// Quotes a field when it holds a comma, a quote or a line break (RFC 4180).
    static func csvField(_ text: String) -> String {
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}

/// A failure of `mine-logs`: ArgumentParser prints its message as `Error: …` and exits with 1.
private struct MineLogsError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
