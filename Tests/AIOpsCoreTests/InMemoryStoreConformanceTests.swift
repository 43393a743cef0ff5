import AIOpsCore
import Testing
import TestSupport

/// The in-memory store is the reference the durable stores are held to: it passes the same checks.
@Suite struct InMemoryStoreConformanceTests {
    @Test(arguments: IncidentStoreConformance.checks)
    func conforms(_ check: IncidentStoreConformance.Check) async throws {
        try await check.run { _ in InMemoryIncidentStore() }
    }
}
