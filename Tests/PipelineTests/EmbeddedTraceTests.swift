import AIOpsCore
import InMemoryTracing
import Pipeline
import Testing
import Tracing

/// In one process (`aiops run`, `aiops demo`) the in-process bus carries the trace context as the
/// SNS attributes do between functions: an incident's remediation is in the trace of the cycle
/// that detected it, through the analysis, each stage a span, none per series.
@Suite struct EmbeddedTraceTests {
    @Test func aRemediationIsInTheTraceOfTheCycleThatDetectedIt() async throws {
        let clock = ManualClock(EmbeddedChainTests.start)
        let fleet = await EmbeddedChainTests.fleet(clock: clock)
        let store = InMemoryIncidentStore()
        let tracer = InMemoryTracer()
        let run = try await withTracer(tracer) {
            try await runCycles(
                clock: clock, from: EmbeddedChainTests.start, through: EmbeddedChainTests.end, interval: 300,
                base: store, crashAt: nil
            ) { store in
                await EmbeddedChainTests.make(store, fleet: fleet, clock: clock, notifier: RecordingNotifier())
            }
        }
        #expect(await fleet.calls == ["reboot \(Fixture.web1.id)"])
        let spans = tracer.finishedSpans
        let byID = Dictionary(spans.map { ($0.spanID, $0) }) { first, _ in first }
        let cycles = spans.filter { $0.operationName == "detection cycle" }
        let cycleCount = await run.pipeline.agent.cycles
        #expect(cycles.count == cycleCount, "one trace per cycle")
        #expect(cycles.allSatisfy { $0.parentSpanID == nil })

        // The reboot's span, up to its cycle: the stages in order, one trace id.
        let remediation = try #require(
            spans.first {
                $0.operationName == "remediate"
                    && $0.attributes["aiops.instance-id"]?.toSpanAttribute()
                        == .string(Fixture.web1.id)
            })
        var chain: [String] = []
        var span: FinishedInMemorySpan? = remediation
        while let current = span {
            chain.append(current.operationName)
            #expect(current.traceID == remediation.traceID)
            span = current.parentSpanID.flatMap { byID[$0] }
        }
        #expect(
            chain == [
                "remediate", "publish aiops-critical-alerts", "analyse anomaly", "publish aiops-anomalies", "detect",
                "detection cycle",
            ])
        // Bounded: a handful of spans per cycle, whatever the fleet (here 3 instances).
        #expect(spans.count < cycleCount * 12 + 40, "\(spans.count) spans in \(cycleCount) cycles")
    }
}
