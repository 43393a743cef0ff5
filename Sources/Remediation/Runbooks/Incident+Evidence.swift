import AIOpsCore

extension Incident {
    /// True when a log finding's template, one of its example lines or one of its consequences
    /// contains one of `phrases` (lower-case), ignoring case.
    func evidenceContains(anyOf phrases: [String]) -> Bool {
        findings.contains { finding in
            guard finding.kind == .log else { return false }
            return ([finding.template] + finding.examples + finding.consequences.map(\.template)).contains { text in
                let lowered = text.lowercased()
                return phrases.contains { lowered.contains($0) }
            }
        }
    }
}
