import Foundation

/// One condition of a silence: `instance=i-0abc`, `tag:Role=web`, `metric=CPUUtilization` or
/// `severity=critical`. Its text form is also its JSON form (API, CLI and stores share one parser).
public struct SilenceMatcher: Sendable, Hashable, Codable, CustomStringConvertible {
    public enum Field: String, Sendable, Hashable, CaseIterable {
        case instance, tag, metric, severity
    }

    public var field: Field
    /// The tag's key, for `tag` matchers only.
    public var key: String?
    public var value: String

    /// What is silenced: the instance (with its tags), the metric and the severity being decided.
    public struct Subject: Sendable, Hashable {
        public var instanceID: String
        public var tags: [String: String]
        public var metric: MetricName
        public var severity: Severity

        public init(instanceID: String, tags: [String: String], metric: MetricName, severity: Severity) {
            self.instanceID = instanceID
            self.tags = tags
            self.metric = metric
            self.severity = severity
        }
    }

    /// Parses `field=value` (or `tag:KEY=value`); the error says which forms are accepted.
    public init(parsing text: String) throws(AIOpsError) {
        let forms = "instance=ID, tag:KEY=VALUE, metric=NAME or severity=info|warning|critical"
        guard let equals = text.firstIndex(of: "=") else {
            throw AIOpsError(.invalidInput, "the matcher \"\(text)\" has no '=': write \(forms)")
        }
        let left = String(text[..<equals]).trimmingCharacters(in: .whitespaces)
        let value = String(text[text.index(after: equals)...]).trimmingCharacters(in: .whitespaces)
        guard !value.isEmpty else {
            throw AIOpsError(.invalidInput, "the matcher \"\(text)\" has no value: write \(forms)")
        }
        guard value.count <= 256 else { throw AIOpsError(.invalidInput, "the matcher's value is over 256 characters") }
        if left.hasPrefix("tag:") {
            let key = String(left.dropFirst(4))
            guard !key.isEmpty else { throw AIOpsError(.invalidInput, "the matcher \"\(text)\" names no tag key") }
            self.init(field: .tag, key: key, value: value)
            return
        }
        guard let field = Field(rawValue: left), field != .tag else {
            throw AIOpsError(.invalidInput, "the matcher \"\(text)\" has an unknown field \"\(left)\": write \(forms)")
        }
        if field == .severity, Severity(rawValue: value) == nil {
            throw AIOpsError(.invalidInput, "the severity \"\(value)\" is not one of info, warning, critical")
        }
        self.init(field: field, key: nil, value: value)
    }

    init(field: Field, key: String?, value: String) {
        self.field = field
        self.key = key
        self.value = value
    }

    public var description: String { field == .tag ? "tag:\(key ?? "")=\(value)" : "\(field.rawValue)=\(value)" }

    public func matches(_ subject: Subject) -> Bool {
        switch field {
        case .instance: subject.instanceID == value
        case .tag: subject.tags[key ?? ""] == value
        case .metric: subject.metric.rawValue == value
        case .severity: subject.severity.rawValue == value
        }
    }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        do { try self.init(parsing: text) } catch {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: error.message))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
