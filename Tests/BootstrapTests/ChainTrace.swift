import TestSupport
import Testing

/// What the chain's spans must show: detection → analysis → remediation of one incident as one
/// trace, each function's root span the child of the publishing span of the function before it
/// (the `traceparent` in the SNS message attributes), each linked to Lambda's X-Ray trace.
enum ChainTrace {
    static func expect(_ spans: [OTLPReceiver.Span], anomalyTopic: String, criticalTopic: String, logs: String) {
        let detector = spans.filter { $0.service == "aiops-detector" }
        let rca = spans.filter { $0.service == "aiops-rca" }
        let remediation = spans.filter { $0.service == "aiops-remediation" }
        let names = spans.map { "\($0.service ?? "?") \($0.name) \($0.span_id)←\($0.parent_span_id)" }
        guard let root = detector.first(where: { $0.name == "detector" }) else {
            Issue.record("no root span of the detector: \(names)\n\(logs)")
            return
        }
        #expect(root.parent_span_id.isEmpty, "the detector's invocation starts the trace: \(names)")

        // One trace: every span of the three functions.
        #expect(Set((detector + rca + remediation).map(\.trace_id)) == [root.trace_id], "\(names)")
        // The stages as spans, without one per series.
        for name in ["detection cycle", "detect", "fetch metrics", "score", "upkeep", "publish \(topic(anomalyTopic))"]
        {
            #expect(detector.contains { $0.name == name }, "detector: no span \(name): \(names)")
        }
        for name in ["rca", "analyse anomaly", "fetch logs", "root cause", "publish \(topic(criticalTopic))"] {
            #expect(rca.contains { $0.name == name }, "rca: no span \(name): \(names)")
        }
        #expect(remediation.filter { $0.name == "remediate" }.count == 2, "the alert and its repeat: \(names)")
        #expect(spans.count < 60, "\(spans.count) spans: \(names)")

        // Parent links: within a function, each parent is a span of its own; across functions, the
        // root's parent is the previous function's publishing span.
        for (function, own) in [("detector", detector), ("rca", rca), ("remediation", remediation)] {
            let ids = Set(own.map(\.span_id))
            for span in own where span.name != function {
                #expect(ids.contains(span.parent_span_id), "\(function): \(span.name) has a foreign parent: \(names)")
            }
        }
        let anomalyPublish = detector.first { $0.name == "publish \(topic(anomalyTopic))" }
        let rcaRoot = rca.first { $0.name == "rca" }
        #expect(rcaRoot != nil && rcaRoot?.parent_span_id == anomalyPublish?.span_id, "\(names)")
        let alertPublish = rca.first { $0.name == "publish \(topic(criticalTopic))" }
        let remediationRoots = remediation.filter { $0.name == "remediation" }
        #expect(remediationRoots.count == 2, "\(names)")
        #expect(remediationRoots.allSatisfy { $0.parent_span_id == alertPublish?.span_id }, "\(names)")

        // Every invocation linked to its X-Ray trace, in W3C ids.
        for invocation in [root] + (rcaRoot.map { [$0] } ?? []) + remediationRoots {
            #expect(
                invocation.links.contains {
                    $0.trace_id == "5759e988bd862e3fe1be46a994272793" && $0.span_id == "53995c3f42cd8ad8"
                        && $0.attributes["aws.xray.trace_id"] == "1-5759e988-bd862e3fe1be46a994272793"
                }, "\(invocation.name): \(invocation.links)")
        }
    }

    private static func topic(_ arn: String) -> String {
        String(arn.split(separator: ":").last ?? "")
    }
}
