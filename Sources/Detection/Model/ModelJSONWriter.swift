internal import AIOpsCore

/// Writes JSON text by hand, so the model file has a stable key order and layout that people can
/// read: sections on their own lines, one tree per line. (Foundation's encoder orders keys by hash
/// or alphabet and puts every number on its own line.)
struct ModelJSONWriter {
    private(set) var text = ""

    mutating func raw(_ fragment: String) { text += fragment }

    /// Opens a model file with what every kind starts with: format, version, kind and features,
    /// each on its own line (the reader checks them first, `ModelFileHeader`).
    mutating func header(kind: String, features: [String]) {
        raw("{\n  \"format\": ")
        string(IsolationForestModel.formatName)
        raw(",\n  \"formatVersion\": ")
        number(IsolationForestModel.formatVersion)
        raw(",\n  \"kind\": ")
        string(kind)
        raw(",\n  \"features\": ")
        array(features) { $0.string($1) }
    }

    mutating func string(_ value: String) { text += JSONString.quoted(value) }

    /// A double in its shortest round-trip form (`3.0`, `1e-07`): reading it back gives the same
    /// bits. JSON has no NaN or infinity: those become `null` (the model never holds them).
    mutating func number(_ value: Double) { text += value.isFinite ? value.description : "null" }

    mutating func number(_ value: some BinaryInteger) { text += String(value) }

    mutating func array<T>(_ values: [T], _ element: (inout ModelJSONWriter, T) -> Void) {
        text += "["
        for (index, value) in values.enumerated() {
            if index > 0 { text += "," }
            element(&self, value)
        }
        text += "]"
    }

    mutating func value(_ json: JSONValue) {
        switch json {
        case .null: text += "null"
        case .bool(let flag): text += flag ? "true" : "false"
        case .number(let number):
            // Whole numbers without the `.0` Double adds: a count reads as a count. Below 2^53
            // every whole double is exact as an integer, so this loses nothing.
            if number.rounded() == number, abs(number) < 9_007_199_254_740_992, !(number == 0 && number.sign == .minus)
            {
                text += String(Int64(number))
            } else {
                self.number(number)
            }
        case .string(let string): self.string(string)
        case .array(let elements): array(elements) { $0.value($1) }
        case .object(let members):
            text += "{"
            for (index, member) in members.enumerated() {
                if index > 0 { text += ", " }
                string(member.key)
                text += ": "
                value(member.value)
            }
            text += "}"
        }
    }
}
