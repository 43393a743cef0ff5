internal import AIOpsCore

extension ModelJSONWriter {
    /// The `training` object, its features one per line.
    mutating func training(_ training: TrainingSummary) {
        raw("{\n    \"rows\": ")
        number(training.rows)
        for (key, date) in [("start", training.start), ("end", training.end)] {
            guard let date else { continue }
            raw(",\n    \"\(key)\": ")
            string(ISO8601.string(from: date))
        }
        raw(",\n    \"features\": [")
        for (index, feature) in training.features.enumerated() {
            raw(index == 0 ? "\n      {\"name\": " : ",\n      {\"name\": ")
            string(feature.name)
            for (key, value) in [
                ("min", feature.min), ("max", feature.max), ("mean", feature.mean), ("std", feature.std),
            ] {
                raw(", \"\(key)\": ")
                number(value)
            }
            raw("}")
        }
        raw("\n    ]\n  }")
    }

    /// An object with each member on its own line at `indent`, nested objects up to `depth`
    /// levels broken the same way: a detector's state reads as a list of parts, not one long line.
    mutating func object(_ json: JSONValue, indent: Int, depth: Int) {
        guard depth > 0, case .object(let members) = json, !members.isEmpty else {
            value(json)
            return
        }
        let pad = String(repeating: " ", count: indent)
        raw("{")
        for (index, member) in members.enumerated() {
            raw(index == 0 ? "\n" : ",\n")
            raw(pad + "  ")
            string(member.key)
            raw(": ")
            object(member.value, indent: indent + 2, depth: depth - 1)
        }
        raw("\n" + pad + "}")
    }
}
