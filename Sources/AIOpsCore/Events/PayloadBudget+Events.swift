import Foundation

extension Incident {
    /// The incident within `budget`: findings, summary and note cut as `PayloadBudget` says; then,
    /// should its JSON still exceed `documentBytes` (text that escapes to several bytes a
    /// character), examples and then the lowest-ranked findings are dropped until it fits.
    public func bounded(_ budget: PayloadBudget = .standard) -> Incident {
        var incident = self
        incident.findings = findings.prefix(budget.findings).map { $0.bounded(budget) }
        incident.summary = PayloadBudget.truncate(summary, toBytes: budget.textBytes)
        if let note = feedback?.note {
            incident.feedback?.note = PayloadBudget.truncate(note, toBytes: budget.textBytes)
        }
        while PayloadBudget.encodedSize(of: incident) > budget.documentBytes, incident.shed() {}
        return incident
    }

    /// Drops one piece of evidence, the least telling first (extra examples, then the
    /// lowest-ranked findings, then the last example); false when nothing is left to drop.
    mutating func shed() -> Bool {
        if let last = findings.lastIndex(where: { $0.examples.count > 1 }) {
            findings[last].examples.removeLast()
        } else if findings.count > 1 {
            findings.removeLast()
        } else if findings.first?.examples.isEmpty == false {
            findings[0].examples.removeLast()
        } else if !findings.isEmpty {
            findings.removeLast()
        } else {
            return false
        }
        return true
    }
}

extension CriticalAlert {
    /// The alert within `budget`: its incident bounded so that the whole message fits.
    public func bounded(_ budget: PayloadBudget = .standard) -> CriticalAlert {
        var alert = self
        alert.incident = incident.bounded(budget)
        while PayloadBudget.encodedSize(of: alert) > budget.documentBytes, alert.incident.shed() {}
        return alert
    }
}

extension AnomalyEvent {
    /// The event within `budget`: its chart thinned evenly to `chartPoints`, keeping the
    /// anomaly's point and the newest one.
    public func bounded(_ budget: PayloadBudget = .standard) -> AnomalyEvent {
        var event = self
        let keep: (Date) -> Bool = { $0 == self.anomaly.timestamp }
        event.recent = Self.thin(recent, to: budget.chartPoints, keeping: { keep($0.timestamp) })
        event.scored = scored.map { Self.thin($0, to: budget.chartPoints, keeping: { keep($0.timestamp) }) }
        return event
    }

    static func thin<Point>(_ points: [Point], to count: Int, keeping pinned: (Point) -> Bool) -> [Point] {
        guard points.count > count, count >= 2 else { return points }
        let step = Double(points.count - 1) / Double(count - 1)
        var chosen = Set((0..<count).map { Int((Double($0) * step).rounded()) })
        chosen.insert(points.count - 1)
        var thinned: [Point] = []
        for (index, point) in points.enumerated() where chosen.contains(index) || pinned(point) {
            thinned.append(point)
        }
        return thinned
    }
}
