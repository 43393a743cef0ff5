public import Foundation

/// Durations as people write them in flags and `AIOPS_*` variables: `2h`, `90m`, `45s`, `1d`,
/// `1h30m`, or plain seconds. One reader, so every setting takes the same forms.
public enum DurationText {
    /// The seconds `text` stands for; nil when it is not a positive duration in one of the forms.
    public static func seconds(_ text: String) -> TimeInterval? {
        let trimmed = text.trimmingCharacters(in: .whitespaces).lowercased()
        if let seconds = Double(trimmed) { return seconds > 0 && seconds.isFinite ? seconds : nil }
        var total = 0.0
        var number = ""
        for character in trimmed {
            if character.isNumber || character == "." {
                number.append(character)
                continue
            }
            let unit: Double? =
                switch character {
                case "h": 3600
                case "m": 60
                case "s": 1
                case "d": 86_400
                default: nil
                }
            guard let unit, let value = Double(number) else { return nil }
            total += value * unit
            number = ""
        }
        guard number.isEmpty, total > 0, total.isFinite else { return nil }
        return total
    }
}
