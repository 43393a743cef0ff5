import Foundation
public import Logging

/// Writes one JSON object per line, as CloudWatch Logs Insights and `jq` read them:
/// `{"timestamp","level","message","logger",…metadata}`, the metadata under its own keys
/// (`aiops.incident-id`, `aws.request-id`), so one grep for an id finds every line about it.
public struct JSONLogHandler: LogHandler {
    public var metadata: Logger.Metadata = [:]
    public var logLevel: Logger.Level
    private let label: String
    private let stream: LogSetup.Stream

    public init(label: String, level: Logger.Level = .info, stream: LogSetup.Stream = .standardOutput) {
        self.label = label
        self.logLevel = level
        self.stream = stream
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        var object: [String: Any] = [
            "timestamp": Date().formatted(.iso8601),
            "level": event.level.rawValue.uppercased(),
            "message": event.message.description,
            "logger": label,
        ]
        if let error = event.error { object["error"] = "\(error)" }
        for (key, value) in metadata.merging(event.metadata ?? [:], uniquingKeysWith: { $1 }) {
            object[key] = value.description
        }
        guard var line = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]) else { return }
        line.append(0x0A)
        stream.handle.write(line)
    }
}
