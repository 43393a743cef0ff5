import Foundation
import TestSupport

/// `scripts/otlp-receiver.py` on loopback: an OTLP/HTTP endpoint that decodes every export with
/// the OpenTelemetry protobuf definitions and keeps its spans, for the functions' `OTEL_*` settings.
final class OTLPReceiver: Sendable {
    /// One span as the receiver decoded it (ids in hex; an empty parent: a root span).
    struct Span: Decodable, Sendable {
        struct Link: Decodable, Sendable {
            var trace_id: String
            var span_id: String
            var attributes: [String: String]
        }
        var service: String?
        var name: String
        var trace_id: String
        var span_id: String
        var parent_span_id: String
        var links: [Link]
    }

    private let process: BackgroundProcess
    private let folder: TemporaryDirectory
    let port: Int

    init() async throws {
        folder = try TemporaryDirectory("otlp")
        let script = Paths.packageRoot.appendingPathComponent("scripts/otlp-receiver.py")
        process = try BackgroundProcess(try MotoServer.python(), [script.path, folder.file("spans.jsonl").path])
        let line = try await process.line(containing: "listening on", timeout: 60)
        guard let port = Int(line.split(separator: " ").last ?? "") else {
            throw ChainSetupError(description: "the OTLP receiver said: \(line)")
        }
        self.port = port
    }

    deinit { process.terminate() }

    /// The variables that send a function's spans here, as an operator's would to a collector.
    var environment: [String: String] {
        ["OTEL_EXPORTER_OTLP_ENDPOINT": "http://127.0.0.1:\(port)", "OTEL_EXPORTER_OTLP_PROTOCOL": "http/protobuf"]
    }

    /// Every span received so far, and what the receiver said on standard error (for a failure).
    func spans() throws -> [Span] {
        let file = folder.file("spans.jsonl")
        guard FileManager.default.fileExists(atPath: file.path) else { return [] }
        return try String(contentsOf: file, encoding: .utf8).split(separator: "\n").map {
            try JSONDecoder().decode(Span.self, from: Data($0.utf8))
        }
    }

    var stderr: String { process.stderr }
}
