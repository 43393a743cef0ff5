public import AIOpsCore

extension Incident {
    /// Merges the analysis's copy `mine` (edited from `base`, nil for one it created) into this,
    /// the stored copy read after another write came first. Counts, peak and times only grow; the
    /// analysis's findings, summary and severity are taken when it changed them and they are not
    /// below what is stored. The status, the resolution and a verdict stay as stored: those are a
    /// person's decisions (or the janitor's), which an analysis never overrides or reopens.
    /// Returns whether anything changed.
    public mutating func mergeAnalysis(_ mine: Incident, from base: Incident?) -> Bool {
        let before = self
        anomalyCount = Swift.max(anomalyCount, mine.anomalyCount)
        if mine.peakScore > peakScore { peakScore = mine.peakScore }
        updatedAt = Swift.max(updatedAt, mine.updatedAt)
        correlation.merge(mine.correlation)
        if let origin = mine.correlation.origin, origin != base?.correlation.origin { correlation.origin = origin }
        let rewrote =
            base.map { mine.findings != $0.findings || mine.summary != $0.summary || mine.severity != $0.severity }
            ?? true
        // Whether a silence held back its page is the analysis's decision, taken when it changed it.
        if mine.silenced != (base?.silenced ?? false) { silenced = mine.silenced }
        if rewrote && mine.severity >= severity {
            severity = mine.severity
            findings = mine.findings
            summary = mine.summary
        }
        return self != before
    }
}
