extension IncidentStore {
    /// Every incident that `filter` matches, newest first: `incidents(matching:limit:cursor:)` read
    /// page after page, `pageSize` a page, until the store says there is no next page.
    ///
    /// For the readers that need the whole set (the janitor, health snapshots, the false-positive
    /// ledger, reports); a list shown to a person pages itself instead.
    public func allIncidents(matching filter: IncidentFilter = IncidentFilter(), pageSize: Int = 500) async throws
        -> [Incident]
    {
        var all: [Incident] = []
        var cursor: String?
        repeat {
            let page = try await incidents(matching: filter, limit: pageSize, cursor: cursor)
            all += page.items
            cursor = page.nextCursor
        } while cursor != nil
        return all
    }
}
