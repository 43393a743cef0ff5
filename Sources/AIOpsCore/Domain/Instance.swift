import Foundation

/// An EC2 instance (real or simulated) as the agent sees it.
public struct Instance: Sendable, Codable, Hashable, Identifiable {
    public var id: String
    public var name: String
    public var tags: [String: String]
    public var state: InstanceState

    public init(id: String, name: String, tags: [String: String] = [:], state: InstanceState = .running) {
        self.id = id
        self.name = name
        self.tags = tags
        self.state = state
    }

    /// True when the instance carries `tag` (a `key=value` pair, or a bare key meaning any value).
    public func carries(_ tag: TagSelector) -> Bool {
        guard let value = tags[tag.key] else { return false }
        return tag.value.map { $0 == value } ?? true
    }
}

/// The lifecycle state of an instance, named as EC2 names them.
public enum InstanceState: String, Sendable, Codable, Hashable, CaseIterable {
    case pending, running, stopping, stopped, rebooting
    case shuttingDown = "shutting-down"
    case terminated
}

/// A `key=value` tag filter such as `aiops:monitor=true`; a bare `key` matches any value.
public struct TagSelector: Sendable, Hashable, Codable, CustomStringConvertible {
    public var key: String
    public var value: String?

    public init(key: String, value: String?) {
        self.key = key
        self.value = value
    }

    /// Parses `key=value` or `key`. The key is everything before the last `=`, so keys may hold `:`.
    public init?(parsing text: String) {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty else { return nil }
        if let eq = trimmed.lastIndex(of: "=") {
            let key = String(trimmed[..<eq])
            guard !key.isEmpty else { return nil }
            self.init(key: key, value: String(trimmed[trimmed.index(after: eq)...]))
        } else {
            self.init(key: trimmed, value: nil)
        }
    }

    public var description: String { value.map { "\(key)=\($0)" } ?? key }

    public static let monitor = TagSelector(key: "aiops:monitor", value: "true")
    public static let remediate = TagSelector(key: "aiops:remediate", value: "true")
}
