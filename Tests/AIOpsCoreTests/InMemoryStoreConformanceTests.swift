import AIOpsCore
import TestSupport
import Testing

/// The in-memory store is the reference the durable stores are held to: it passes the same checks.
@Suite struct InMemoryStoreConformanceTests {
    @Test(arguments: IncidentStoreConformance.checks)
    func conforms(_ check: IncidentStoreConformance.Check) async throws {
        try await check.run { _ in InMemoryIncidentStore() }
    }
}
