public import AIOpsCore

/// Which channels hear of an incident: the default ones always, plus those of every route whose
/// conditions the incident meets (all of a route's conditions must hold).
public struct ChannelRouting: Sendable, Hashable, Codable {
    /// A rule: incidents of these severities, on instances with these tags, go to these channels.
    public struct Route: Sendable, Hashable, Codable {
        /// Any of these severities; nil or empty: any severity.
        public var severities: [Severity]?
        /// Every one of these tags with exactly this value (`{"Team": "payments"}`); nil: any instance.
        public var tags: [String: String]?
        /// Channel names (`slack`, or a name the config file gives).
        public var channels: [String]

        public init(severities: [Severity]? = nil, tags: [String: String]? = nil, channels: [String]) {
            self.severities = severities
            self.tags = tags
            self.channels = channels
        }

        func matches(severity: Severity, instance: Instance) -> Bool {
            if let severities, !severities.isEmpty, !severities.contains(severity) { return false }
            return (tags ?? [:]).allSatisfy { instance.tags[$0.key] == $0.value }
        }
    }

    public var routes: [Route]
    /// Channels told of every incident.
    public var defaults: [String]

    public init(routes: [Route] = [], defaults: [String]) {
        self.routes = routes
        self.defaults = defaults
    }

    /// The channel names for an incident of `severity` on `instance`, defaults first, each once.
    public func channels(severity: Severity, instance: Instance) -> [String] {
        var seen: Set<String> = []
        return (defaults + routes.filter { $0.matches(severity: severity, instance: instance) }.flatMap(\.channels))
            .filter { seen.insert($0).inserted }
    }
}
