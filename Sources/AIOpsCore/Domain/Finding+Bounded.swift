extension Finding {
    /// The finding within `budget`: template and example lines cut to `lineBytes` (and marked),
    /// at most `examplesPerFinding` examples. Generic over what analysis put in the examples.
    public func bounded(_ budget: PayloadBudget = .standard) -> Finding {
        var finding = self
        finding.template = PayloadBudget.truncate(template, toBytes: budget.lineBytes)
        finding.examples = examples.prefix(budget.examplesPerFinding).map {
            PayloadBudget.truncate($0, toBytes: budget.lineBytes)
        }
        return finding
    }
}

extension Analysis {
    /// The analysis within `budget`: its highest-ranked findings, each bounded, and its summary cut.
    public func bounded(_ budget: PayloadBudget = .standard) -> Analysis {
        var analysis = self
        analysis.findings = findings.prefix(budget.findings).map { $0.bounded(budget) }
        analysis.summary = PayloadBudget.truncate(summary, toBytes: budget.textBytes)
        return analysis
    }
}
