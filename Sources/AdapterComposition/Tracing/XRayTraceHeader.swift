public import Tracing

/// Lambda's X-Ray trace header (`Lambda-Runtime-Trace-Id`, `_X_AMZN_TRACE_ID`):
/// `Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1`.
///
/// Its ids are W3C ids written differently, as AWS's X-Ray propagator converts them: the trace id
/// is the root's 8 hex digits of time followed by its 24 of identifier, the span id the parent.
public struct XRayTraceHeader: Sendable, Hashable {
    /// `1-5759e988-bd862e3fe1be46a994272793`.
    public var root: String
    /// 16 hex digits; Lambda sets it when the invocation has an X-Ray segment.
    public var parent: String?
    public var sampled: Bool

    /// nil for a header without a well-formed root.
    public init?(_ header: String) {
        var fields: [Substring: Substring] = [:]
        for field in header.split(separator: ";") {
            let parts = field.split(separator: "=", maxSplits: 1)
            if parts.count == 2 { fields[parts[0].trimmingPrefix(" ")] = parts[1] }
        }
        guard let root = fields["Root"] else { return nil }
        let pieces = root.split(separator: "-")
        guard pieces.count == 3, pieces[0] == "1", Self.isHex(pieces[1], count: 8), Self.isHex(pieces[2], count: 24)
        else { return nil }
        self.root = String(root)
        parent = fields["Parent"].flatMap { Self.isHex($0, count: 16) ? String($0).lowercased() : nil }
        sampled = fields["Sampled"] == "1"
    }

    /// The W3C trace id (32 lowercase hex digits).
    public var traceID: String {
        root.split(separator: "-").dropFirst().joined().lowercased()
    }

    /// The W3C `traceparent` of the X-Ray segment; nil without a parent.
    public var traceparent: String? {
        parent.map { "00-\(traceID)-\($0)-\(sampled ? "01" : "00")" }
    }

    /// A link from a span to the X-Ray segment, in the current tracer's terms (its propagator reads
    /// the `traceparent`); nil without a parent, or when tracing is off.
    public func link() -> SpanLink? {
        guard let traceparent else { return nil }
        var context = ServiceContext.topLevel
        InstrumentationSystem.tracer.extract(["traceparent": traceparent], into: &context, using: HeaderExtractor())
        var attributes = SpanAttributes()
        attributes["aws.xray.trace_id"] = root
        return SpanLink(context: context, attributes: attributes)
    }

    private static func isHex(_ text: Substring, count: Int) -> Bool {
        text.count == count && text.allSatisfy(\.isHexDigit)
    }
}

/// Reads trace headers from a dictionary (an X-Ray header turned W3C, message attributes).
public struct HeaderExtractor: Extractor {
    public init() {}

    public func extract(key: String, from carrier: [String: String]) -> String? {
        carrier[key]
    }
}
