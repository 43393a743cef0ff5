public import AIOpsCore

/// Which incidents a runbook is for. Every field that is set must hold (an empty list holds for
/// any incident); within a list, one entry is enough.
public struct RunbookSignature: Sendable, Hashable, Codable {
    /// The incident's metric is one of these.
    public var metrics: [MetricName]
    /// A finding's template, example line or consequence contains one of these, ignoring case.
    public var keywords: [String]
    /// The instance carries every one of these tags (`key=value`, or `key` for any value).
    public var tags: [TagSelector]
    /// The incident's fault class (`FaultClass.of`) is one of these.
    public var faultClasses: [FaultClass]

    public init(
        metrics: [MetricName] = [], keywords: [String] = [], tags: [TagSelector] = [], faultClasses: [FaultClass] = []
    ) {
        self.metrics = metrics
        self.keywords = keywords
        self.tags = tags
        self.faultClasses = faultClasses
    }

    /// True when `incident` on `instance` has this signature.
    public func matches(_ incident: Incident, on instance: Instance) -> Bool {
        guard metrics.isEmpty || metrics.contains(incident.metric) else { return false }
        guard tags.allSatisfy(instance.carries) else { return false }
        guard faultClasses.isEmpty || faultClasses.contains(FaultClass.of(incident)) else { return false }
        return keywords.isEmpty || incident.evidenceContains(anyOf: keywords.map { $0.lowercased() })
    }

    private enum CodingKeys: String, CodingKey {
        case metrics, keywords, tags
        case faultClasses = "fault_classes"
    }

    /// Tags are written as `key=value` strings, the way `AIOPS_REMEDIATE_TAG` takes them.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        metrics = try c.decodeIfPresent([MetricName].self, forKey: .metrics) ?? []
        keywords = try c.decodeIfPresent([String].self, forKey: .keywords) ?? []
        faultClasses = try c.decodeIfPresent([FaultClass].self, forKey: .faultClasses) ?? []
        tags = try (c.decodeIfPresent([String].self, forKey: .tags) ?? []).map { text in
            guard let tag = TagSelector(parsing: text) else {
                throw AIOpsError(.invalidInput, "runbook tag '\(text)' is not key=value or key")
            }
            return tag
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(metrics, forKey: .metrics)
        try c.encode(keywords, forKey: .keywords)
        try c.encode(tags.map(\.description), forKey: .tags)
        try c.encode(faultClasses, forKey: .faultClasses)
    }
}
