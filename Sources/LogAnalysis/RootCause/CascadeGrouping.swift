import AIOpsCore
import Foundation

/// One cause, one finding: a fault writes a cascade (the pool runs dry, the ORM logs it, the
/// framework wraps it, the controller fails the request), and each line becomes its own new
/// template. Templates that start together and move together in the anomaly window are grouped;
/// the group leads with its most severe line, the earliest among those (a cascade is written in
/// causal order), and lists the others as its consequences.
enum CascadeGrouping {
    /// Two templates start together when their first lines are at most this far apart: a minute,
    /// the resolution of the series they are compared on.
    static let startTolerance: TimeInterval = 60
    /// …and move together when their per-bucket counts have at least this cosine similarity.
    /// Lines of one cascade are written per failing request, so their series are near-proportional
    /// (≈1); unrelated templates that share a start but not a course fall well below it.
    static let minimumSimilarity = 0.9

    /// Groups the new findings. Only a new template has a start: a surging or steady one was
    /// already there, and one that merely grows with the traffic moves with every other such
    /// template without sharing a cause, so those stay on their own.
    static func group(_ scored: [RootCauseAnalyzer.Scored]) -> [RootCauseAnalyzer.Scored] {
        let changed = scored.indices.filter { scored[$0].finding.novelty == .new }
        var parent = Array(scored.indices)
        func root(_ i: Int) -> Int {
            var i = i
            while parent[i] != i {
                parent[i] = parent[parent[i]]
                i = parent[i]
            }
            return i
        }
        for (n, a) in changed.enumerated() {
            for b in changed[(n + 1)...] where together(scored[a], scored[b]) {
                let (ra, rb) = (root(a), root(b))
                if ra != rb { parent[max(ra, rb)] = min(ra, rb) }
            }
        }
        var members: [Int: [Int]] = [:]
        for i in scored.indices { members[root(i), default: []].append(i) }
        return members.values.map { indices in
            let ordered = indices.sorted { leads(scored[$0], scored[$1]) }
            var lead = scored[ordered[0]]
            guard ordered.count > 1 else { return lead }
            let rest = ordered.dropFirst().map { scored[$0] }
            lead.finding.consequences = rest.map(\.finding)
            lead.finding.rank = max(lead.finding.rank, rest.map(\.finding.rank).max() ?? 0)
            lead.isErrorEvidence = lead.isErrorEvidence || rest.contains { $0.isErrorEvidence }
            lead.pValue = min(lead.pValue, rest.map(\.pValue).min() ?? 1)
            return lead
        }
    }

    /// Whether two new templates started within `startTolerance` and moved alike.
    static func together(_ a: RootCauseAnalyzer.Scored, _ b: RootCauseAnalyzer.Scored) -> Bool {
        guard abs(a.finding.firstSeen.timeIntervalSince(b.finding.firstSeen)) <= startTolerance else { return false }
        return cosine(a.series, b.series) >= minimumSimilarity
    }

    /// The lead of a group comes first: the most severe, then the earliest, then the first written.
    static func leads(_ a: RootCauseAnalyzer.Scored, _ b: RootCauseAnalyzer.Scored) -> Bool {
        if a.finding.level != b.finding.level { return a.finding.level > b.finding.level }
        if a.finding.firstSeen != b.finding.firstSeen { return a.finding.firstSeen < b.finding.firstSeen }
        if a.firstIndex != b.firstIndex { return a.firstIndex < b.firstIndex }
        return a.finding.templateID < b.finding.templateID
    }

    static func cosine(_ a: [Int], _ b: [Int]) -> Double {
        var dot = 0.0
        var na = 0.0
        var nb = 0.0
        for (x, y) in zip(a, b) {
            dot += Double(x) * Double(y)
            na += Double(x) * Double(x)
            nb += Double(y) * Double(y)
        }
        guard na > 0, nb > 0 else { return 0 }
        return dot / (na.squareRoot() * nb.squareRoot())
    }
}
