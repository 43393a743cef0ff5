public import AIOpsCore
public import Foundation

/// A labelled fault: something that went wrong on an instance from `start` until `end`.
public struct LabelledFault: Sendable, Hashable, Codable {
    public var instanceID: String
    public var start: Date
    /// Nil: it lasted until the end of the recording.
    public var end: Date?
    /// What it was (e.g. `cpu_runaway`), when the labels say.
    public var kind: String?

    public init(instanceID: String, start: Date, end: Date?, kind: String?) {
        self.instanceID = instanceID
        self.start = start
        self.end = end
        self.kind = kind
    }

    enum CodingKeys: String, CodingKey {
        case instanceID = "instance_id"
        case start, end, kind
    }
}

/// Reads a labels file: a JSON array of `{"instance_id", "start", "end", "kind"}` objects (times
/// in ISO 8601; `end` null or absent while a fault lasted to the end; `kind` optional; other
/// keys ignored). The simulator's fault history has this shape.
public enum FaultLabels {
    public static func load(_ url: URL) throws(EvaluationError) -> [LabelledFault] {
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw EvaluationError(.missingFile, "cannot read the labels file \(url.path)", underlying: error)
        }
        let rows: [Row]
        do {
            rows = try JSONDecoder().decode([Row].self, from: data)
        } catch {
            throw EvaluationError(
                .badLabels,
                "\(url.path): expected a JSON array of {\"instance_id\", \"start\", \"end\", \"kind\"}: "
                    + EventCodec.describe(error))
        }
        var faults: [LabelledFault] = []
        for (index, row) in rows.enumerated() {
            func date(_ text: String?, _ key: String) throws(EvaluationError) -> Date? {
                guard let text else { return nil }
                guard let date = ISO8601.date(from: text) else {
                    throw EvaluationError(
                        .badLabels, "\(url.path): fault \(index + 1): '\(key)' is not a time: '\(text)'")
                }
                return date
            }
            guard !row.instanceID.isEmpty, let start = try date(row.start, "start") else {
                throw EvaluationError(.badLabels, "\(url.path): fault \(index + 1) needs an instance_id and a start")
            }
            let end = try date(row.end, "end")
            if let end, end < start {
                throw EvaluationError(.badLabels, "\(url.path): fault \(index + 1) ends before it starts")
            }
            faults.append(LabelledFault(instanceID: row.instanceID, start: start, end: end, kind: row.kind))
        }
        return faults.sorted { ($0.start, $0.instanceID) < ($1.start, $1.instanceID) }
    }

    private struct Row: Decodable {
        var instanceID: String
        var start: String?
        var end: String?
        var kind: String?
        enum CodingKeys: String, CodingKey {
            case instanceID = "instance_id"
            case start, end, kind
        }
    }
}
