import AIOpsCore
import Foundation
import SQLiteStore
import TestSupport
import Testing

/// The dashboard lists 50 incidents out of many: every list query must read an index range in
/// the wanted order, never scan or sort the table, and fetch findings of the page only.
@Suite struct QueryPlanTests {
    static let cursor = IncidentCursor(incident: StoreFixtures.incident("inc-5", openedAt: StoreFixtures.time(5)))
        .encoded
    static let filters: [IncidentFilter] = [
        IncidentFilter(),
        IncidentFilter(status: .open),
        IncidentFilter(severity: .critical),
        IncidentFilter(instanceID: "i-0123456789abcdef0"),
        IncidentFilter(from: StoreFixtures.time(0), to: StoreFixtures.time(60)),
        IncidentFilter(status: .acknowledged, instanceID: "i-0123456789abcdef0"),
    ]

    @Test(arguments: filters, [nil, cursor])
    func listsFromAnIndex(_ filter: IncidentFilter, _ cursor: String?) async throws {
        let folder = try TemporaryDirectory("store")
        let store = try SQLiteIncidentStore(path: folder.file("store.sqlite").path)
        let plan = try await store.queryPlan(matching: filter, limit: 51, cursor: cursor)
        let incidentSteps = plan.filter { $0.contains(" incident") }
        #expect(incidentSteps.count == 1, "\(plan)")
        // SEARCH: a range of an index; SCAN … USING INDEX (no filter at all): the index in order,
        // stopped by the LIMIT. Never a plain SCAN of the table.
        #expect(incidentSteps.allSatisfy { $0.contains(" incident USING INDEX incident_") }, "\(plan)")
        #expect(!plan.contains { $0.contains("TEMP B-TREE") }, "no sort of the matching rows: \(plan)")
        let findingSteps = plan.filter { $0.contains(" finding") }
        #expect(
            findingSteps == [
                "SEARCH finding USING PRIMARY KEY (incident_id=?)",
                "SEARCH finding_example USING PRIMARY KEY (incident_id=?)",
            ], "\(plan)")
    }

    /// 10,000 incidents, pages of 50: every one is listed once, newest first, with its findings.
    @Test func pagesThroughTenThousandIncidents() async throws {
        let folder = try TemporaryDirectory("store")
        let store = try SQLiteIncidentStore(path: folder.file("store.sqlite").path)
        let all = (0..<10_000).map { n in
            StoreFixtures.incident(
                String(format: "inc-%05d", n), instance: "i-0\(String(format: "%017x", n % 40))",
                openedAt: StoreFixtures.time(Double(n / 3)), status: IncidentStatus.allCases[n % 3], findings: n % 4)
        }
        for start in stride(from: 0, to: all.count, by: 2_500) {
            try await store.save(contentsOf: Array(all[start..<start + 2_500]))
        }
        let seen = try await store.allIncidents(pageSize: 50)
        #expect(seen.count == 10_000)
        #expect(seen == all.sorted { IncidentCursor(incident: $0).precedes(IncidentCursor(incident: $1)) })
        let open = try await store.incidents(matching: IncidentFilter(status: .open), limit: 50, cursor: nil)
        #expect(open.items.count == 50 && open.items.allSatisfy { $0.status == .open })
        #expect(open.items.first?.id == "inc-09999")

        // The list without findings: the same incidents and cursors, findings left out.
        for filter in Self.filters {
            var cursor: String?
            for _ in 0..<3 {
                let full = try await store.incidents(matching: filter, limit: 50, cursor: cursor)
                let light = try await store.incidentSummaries(matching: filter, limit: 50, cursor: cursor)
                #expect(light.nextCursor == full.nextCursor)
                #expect(light.items.allSatisfy { $0.findings.isEmpty })
                #expect(light.items.map(\.id) == full.items.map(\.id))
                var stripped = full.items
                for index in stripped.indices { stripped[index].findings = [] }
                #expect(light.items == stripped)
                cursor = full.nextCursor
                if cursor == nil { break }
            }
        }
    }
}
