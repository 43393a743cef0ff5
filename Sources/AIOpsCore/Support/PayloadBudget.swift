import Foundation

/// Size budgets for what the pipeline stores and publishes, set well under the services' limits
/// (a DynamoDB item: 400 KB; an SNS message: 256 KiB), so that one huge log line can never make
/// a write fail and lose the incident. See docs/pipeline.md, "Bounded payloads".
public struct PayloadBudget: Sendable, Hashable {
    /// UTF-8 bytes kept of one example line or template, the truncation mark included.
    public var lineBytes: Int
    /// Example lines kept per finding.
    public var examplesPerFinding: Int
    /// Findings kept per incident (the highest-ranked ones: findings come sorted by rank).
    public var findings: Int
    /// UTF-8 bytes kept of an incident's summary and of a person's feedback note.
    public var textBytes: Int
    /// Points kept of an anomaly event's chart (thinned evenly, the anomaly and the last point kept).
    public var chartPoints: Int
    /// The most bytes one encoded incident, alert or anomaly event may have.
    public var documentBytes: Int

    public init(
        lineBytes: Int = 2_048, examplesPerFinding: Int = 3, findings: Int = 10, textBytes: Int = 1_024,
        chartPoints: Int = 720, documentBytes: Int = 128 * 1_024
    ) {
        self.lineBytes = max(lineBytes, 64)
        self.examplesPerFinding = max(examplesPerFinding, 0)
        self.findings = max(findings, 0)
        self.textBytes = max(textBytes, 64)
        self.chartPoints = max(chartPoints, 2)
        self.documentBytes = max(documentBytes, 4_096)
    }

    /// The budget the pipeline and the adapters apply.
    public static let standard = PayloadBudget()

    /// What a cut line ends with; it says how much was cut, so nobody takes it for the whole line.
    public static func truncationMark(droppedBytes: Int) -> String { " …[truncated: \(droppedBytes) more bytes]" }

    /// True when `text` carries the mark `truncate` appends.
    public static func isTruncated(_ text: String) -> Bool {
        text.hasSuffix(" more bytes]") && text.contains(" …[truncated: ")
    }

    /// `text` cut to at most `bytes` UTF-8 bytes, mark included, on a Unicode scalar boundary (a
    /// cut never leaves invalid UTF-8, even inside one huge grapheme cluster). Unchanged when it fits.
    public static func truncate(_ text: String, toBytes bytes: Int) -> String {
        let total = text.utf8.count
        guard total > bytes else { return text }
        // The mark's own length depends on the number it carries: reserve for the largest.
        let room = max(bytes - truncationMark(droppedBytes: total).utf8.count, 0)
        var kept = 0
        var end = text.unicodeScalars.startIndex
        for scalar in text.unicodeScalars {
            let width = UTF8.width(scalar)
            guard kept + width <= room else { break }
            kept += width
            end = text.unicodeScalars.index(after: end)
        }
        return String(text.unicodeScalars[..<end]) + truncationMark(droppedBytes: total - kept)
    }

    /// Bytes of `value` as the pipeline encodes it (the same JSON the stores and SNS carry).
    public static func encodedSize(of value: some Encodable) -> Int {
        (try? EventCodec.encode(value).count) ?? Int.max
    }
}
