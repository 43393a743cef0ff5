/// Text for the person at the terminal: input echoed back in an error is made safe to print, and
/// counts agree with their nouns.
enum TerminalText {
    /// Longest line of an error message: a binary file's "header" must not fill the screen.
    static let maximumLineLength = 400

    /// `text` with control characters (escape sequences, NUL, bell…) shown as `\u{1B}` and the
    /// like, and each line cut to `maximumLineLength` characters, saying how much was left out.
    static func safe(_ text: String) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false).map { line in
            var out = ""
            var shown = 0
            for scalar in line.unicodeScalars {
                if shown >= maximumLineLength {
                    out += "… (\(line.unicodeScalars.count - shown) more characters)"
                    break
                }
                let isControl = scalar.value < 0x20 && scalar != "\t" || (0x7F...0x9F).contains(scalar.value)
                out += isControl ? "\\u{\(String(scalar.value, radix: 16, uppercase: true))}" : String(scalar)
                shown += 1
            }
            return out
        }.joined(separator: "\n")
    }

    /// "1 anomaly", "3 anomalies": `plural` defaults to `singular` + "s".
    static func count(_ number: Int, _ singular: String, plural: String? = nil) -> String {
        "\(number) \(number == 1 ? singular : plural ?? singular + "s")"
    }
}
