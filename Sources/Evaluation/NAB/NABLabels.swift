public import AIOpsCore
public import Foundation

/// NAB's `combined_windows.json`: for each `<category>/<name>.csv`, its anomaly windows as
/// inclusive `[start, end]` timestamps.
public struct NABLabels: Sendable {
    public var windows: [String: [(start: Date, end: Date)]]

    public init(windows: [String: [(start: Date, end: Date)]]) { self.windows = windows }

    /// Reads a windows file.
    public init(contentsOf url: URL) throws(EvaluationError) {
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            throw EvaluationError(.missingFile, "cannot read the labels file \(url.path)", underlying: error)
        }
        try self.init(json: data, name: url.path)
    }

    /// Parses a windows document; `name` appears in error messages.
    public init(json: Data, name: String) throws(EvaluationError) {
        let document: [String: [[String]]]
        do { document = try JSONDecoder().decode([String: [[String]]].self, from: json) } catch {
            throw EvaluationError(
                .badLabels,
                "\(name) is not a NAB windows file: expected {\"<category>/<name>.csv\": [[start, end], …]}",
                underlying: error)
        }
        var windows: [String: [(start: Date, end: Date)]] = [:]
        for (key, pairs) in document {
            windows[key] = try pairs.map { pair throws(EvaluationError) in
                guard pair.count == 2, let start = Timestamp.parse(pair[0][...]),
                    let end = Timestamp.parse(pair[1][...])
                else {
                    throw EvaluationError(
                        .badLabels, "\(name): window \(pair) of \(key) is not a [start, end] pair of timestamps")
                }
                return (start, end)
            }
        }
        self.windows = windows
    }

    /// The windows of `key`, also trying its last two path components (`<category>/<name>.csv`)
    /// when the corpus is laid out deeper or shallower than NAB's.
    public func windows(for key: String) -> [(start: Date, end: Date)]? {
        if let found = windows[key] { return found }
        let parts = key.split(separator: "/")
        if parts.count > 2, let found = windows[parts.suffix(2).joined(separator: "/")] { return found }
        let name = parts.last.map(String.init) ?? key
        let matches = windows.keys.filter { $0.split(separator: "/").last.map(String.init) == name }
        return matches.count == 1 ? windows[matches[0]] : nil
    }
}
