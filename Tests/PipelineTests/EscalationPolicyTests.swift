import AIOpsCore
import Foundation
import Pipeline
import Testing

@Suite struct EscalationPolicyTests {
    static func finding(_ level: LogLevel, _ novelty: Finding.Novelty, count: Int = 12) -> Finding {
        Finding(
            templateID: "t", template: "java.lang.OutOfMemoryError: <*>", level: level, count: count, baselineRate: 0,
            novelty: novelty, firstSeen: Date(timeIntervalSince1970: 0), examples: ["x"], rank: 1)
    }
    static func analysis(_ findings: [Finding], confirmed: Bool = true) -> Analysis {
        Analysis(findings: findings, summary: "s", hasErrorEvidence: confirmed, linesExamined: 100)
    }

    @Test(arguments: [
        (LogLevel.error, Finding.Novelty.new, Severity.critical),
        (.fatal, .surging, .critical),
        (.error, .steady, .warning),
        (.warn, .new, .warning),
        (.info, .surging, .warning),
    ])
    func errorEvidenceMakesItCritical(level: LogLevel, novelty: Finding.Novelty, expected: Severity) {
        let (severity, reason) = EscalationPolicy().judge(
            Self.analysis([Self.finding(level, novelty)]), statusChecksFailing: false)
        #expect(severity == expected)
        #expect(reason.hasPrefix(expected.rawValue))
    }

    @Test func noEvidenceIsAWarningAndStatusChecksAreCritical() {
        let policy = EscalationPolicy()
        #expect(policy.judge(Self.analysis([]), statusChecksFailing: false).severity == .warning)
        let (severity, reason) = policy.judge(Self.analysis([]), statusChecksFailing: true)
        #expect(severity == .critical)
        #expect(reason.contains("status checks"))
    }

    @Test func errorsTheAnalyzerDiscountedAreNotEvidence() {
        // Errors that rose only with the traffic: the analyzer says no error evidence.
        let surge = Self.analysis([Self.finding(.error, .surging)], confirmed: false)
        #expect(EscalationPolicy().judge(surge, statusChecksFailing: false).severity == .warning)
        #expect(EscalationPolicy().evidence(in: surge).isEmpty)
    }

    @Test func theRulesAreConfigurable() {
        let evidence = Self.analysis([Self.finding(.warn, .new)], confirmed: false)
        #expect(
            EscalationPolicy(evidenceLevel: .warn).judge(evidence, statusChecksFailing: false).severity == .critical)
        let errors = Self.analysis([Self.finding(.error, .new, count: 2)])
        #expect(
            EscalationPolicy(minimumEvidenceCount: 3).judge(errors, statusChecksFailing: false).severity == .warning)
        #expect(
            EscalationPolicy(criticalOnErrorEvidence: false).judge(errors, statusChecksFailing: false).severity
                == .warning)
        #expect(
            EscalationPolicy(criticalOnStatusCheckFailure: false).judge(Self.analysis([]), statusChecksFailing: true)
                .severity == .warning)
        #expect(
            EscalationPolicy(withoutEvidence: .info).judge(Self.analysis([]), statusChecksFailing: false).severity
                == .info)
    }
}
