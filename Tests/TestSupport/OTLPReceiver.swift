import Foundation

/// `scripts/otlp-receiver.py` on loopback: an OTLP/HTTP endpoint that decodes every export with
/// the OpenTelemetry protobuf definitions and keeps its spans, for the `OTEL_*` settings of a child
/// process (a Lambda function's `bootstrap`, the CLI).
public final class OTLPReceiver: Sendable {
    /// One span as the receiver decoded it (ids in hex; an empty parent: a root span).
    /// Attribute values as text (numbers and booleans in their JSON form).
    public struct Span: Decodable, Sendable {
        public struct Link: Decodable, Sendable {
            public var trace_id: String
            public var span_id: String
            public var attributes: [String: String]
        }
        public var service: String?
        public var name: String
        public var trace_id: String
        public var span_id: String
        public var parent_span_id: String
        public var attributes: [String: String]
        public var links: [Link]
        /// The `x-…` headers of the export that carried the span (lower-cased names).
        public var export_headers: [String: String]?
    }

    private let process: BackgroundProcess
    private let folder: TemporaryDirectory
    public let port: Int

    public init() async throws {
        folder = try TemporaryDirectory("otlp")
        let script = Paths.packageRoot.appendingPathComponent("scripts/otlp-receiver.py")
        process = try BackgroundProcess(try MotoServer.python(), [script.path, folder.file("spans.jsonl").path])
        let line = try await process.line(containing: "listening on", timeout: 60)
        guard let port = Int(line.split(separator: " ").last ?? "") else {
            throw TestSupportError("the OTLP receiver said: \(line)")
        }
        self.port = port
    }

    deinit { process.terminate() }

    /// The variables that send a function's spans here, as an operator's would to a collector.
    public var environment: [String: String] {
        ["OTEL_EXPORTER_OTLP_ENDPOINT": "http://127.0.0.1:\(port)", "OTEL_EXPORTER_OTLP_PROTOCOL": "http/protobuf"]
    }

    /// Every span received so far.
    public func spans() throws -> [Span] {
        let file = folder.file("spans.jsonl")
        guard FileManager.default.fileExists(atPath: file.path) else { return [] }
        return try String(contentsOf: file, encoding: .utf8).split(separator: "\n").map {
            try JSONDecoder().decode(Span.self, from: Data($0.utf8))
        }
    }

    /// What the receiver said on standard error (an undecodable export), for a failure's message.
    public var stderr: String { process.stderr }
}
