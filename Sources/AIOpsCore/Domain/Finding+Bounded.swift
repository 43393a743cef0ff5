extension Finding {
    /// The finding within `budget`: template and example lines cut to `lineBytes` (and marked),
    /// at most `examplesPerFinding` examples; its consequences bounded the same way (at most
    /// `findings` of them, one example each) and each variable's values cut to `lineBytes` too.
    /// Generic over what analysis put in the examples.
    public func bounded(_ budget: PayloadBudget = .standard) -> Finding {
        var finding = self
        finding.template = PayloadBudget.truncate(template, toBytes: budget.lineBytes)
        finding.examples = examples.prefix(budget.examplesPerFinding).map {
            PayloadBudget.truncate($0, toBytes: budget.lineBytes)
        }
        var consequenceBudget = budget
        consequenceBudget.examplesPerFinding = min(budget.examplesPerFinding, 1)
        finding.consequences = consequences.prefix(budget.findings).map {
            var consequence = $0.bounded(consequenceBudget)
            consequence.consequences = []
            return consequence
        }
        finding.values = values.prefix(budget.findings).map { variable in
            var variable = variable
            variable.top = variable.top.prefix(budget.examplesPerFinding).map { count in
                var count = count
                count.value = PayloadBudget.truncate(count.value, toBytes: budget.lineBytes)
                return count
            }
            return variable
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
