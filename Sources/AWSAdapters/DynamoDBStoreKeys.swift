import AIOpsCore
import AWSClient
import Foundation

/// The single-table layout of `DynamoDBIncidentStore`: every record is one item with a `pk`/`sk`
/// key, its document in `doc` (JSON), and index keys for the dashboard's access patterns.
///
/// | record | pk | sk | gsi1 (pk / sk) | gsi2 (pk / sk) |
/// |---|---|---|---|---|
/// | incident | `INC#id` | `META` | `INCIDENTS` / `millis#id` | `INST#instance` / `millis#id` |
/// | anomaly | `INC#id` | `ANOM#time#metric#instance` | | |
/// | chart point | `INC#id` | `PT#time` | | |
/// | snapshot | `SNAP#instance` | `META` | `SNAPSHOTS` / `instance` | |
/// | incident index entry | `INDEX#id` | `META` | `STATUS#status` / `millis#id` while unresolved | `VERDICT#verdict` / `millis#id` while judged |
/// | action | `ACTKEY#idempotency key` | `META` | `ACTIONS` / `millis#id` | `ACTINC#incident` / `millis#id` |
/// | audit record | `AUDIT#id` | `META` | `AUDIT` / `millis#id` | `AUDINC#incident` / `millis#id` |
/// | handled event | `EVENT#id` | `META` | | |
/// | checkpoint | `CHECKPOINT#key` | `META` | | |
/// | pending-action entry | `PENDING#action id` | `META` | `PENDING_ACTIONS` / `millis#id` while pending | |
/// | lease | `LEASE#key` | `META` | | |
/// | silence | `SILENCE#id` | `META` | `SILENCES` / `millis(expiry)#id` | |
/// | approval | `APPROVAL#id` | `META` | `APPROVALS_PENDING` / `millis(expiry)#id` while pending | |
///
/// Newest-first lists query an index backwards; `time` keys sort exactly by `Date`, `millis`
/// keys as `IncidentCursor` orders. Chart points, handled-event markers and leases carry `ttl`
/// (epoch seconds) for DynamoDB's TTL.
enum StoreKeys {
    static let incidents = "INCIDENTS"
    static let snapshots = "SNAPSHOTS"
    static let actions = "ACTIONS"
    static let audit = "AUDIT"
    static let pendingActions = "PENDING_ACTIONS"
    static let silences = "SILENCES"
    static let pendingApprovals = "APPROVALS_PENDING"
    /// The TTL attribute: the name `infrastructure/table.tf` declares, and `aws-setup` enables.
    static let ttl = "ttl"

    /// Whole milliseconds, rounded as `IncidentCursor` rounds them, zero-padded so text order is
    /// time order (from 1970 to the year 33658).
    static func millis(_ date: Date) throws(AIOpsError) -> String {
        let millis = (date.timeIntervalSince1970 * 1000).rounded()
        guard millis.isFinite, millis >= 0, millis < 1e15 else {
            throw AIOpsError(.invalidInput, "the date \(date) is out of the range the store keeps")
        }
        let text = String(Int64(millis))
        return String(repeating: "0", count: 15 - text.count) + text
    }

    /// `millis#id`: newest-first order with ties broken by id, as the cursor defines it.
    static func ordered(_ date: Date, _ id: String) throws(AIOpsError) -> String { "\(try millis(date))#\(id)" }

    /// An exact, order-preserving text form of a `Date` (its Double's bits, sign-adjusted, in hex).
    static func exact(_ date: Date) -> String {
        let bits = date.timeIntervalSinceReferenceDate.bitPattern
        let sortable = bits & (1 << 63) == 0 ? bits | (1 << 63) : ~bits
        let hex = String(sortable, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }

    static func json(_ value: some Encodable) throws -> String {
        try StoreDocumentJSON.encode(value)
    }

    /// Decodes an item's document; a damaged one is an error naming the item.
    static func decode<T: Decodable>(_ type: T.Type, _ item: DynamoDBItem) throws(AIOpsError) -> T {
        guard let text = item["doc"]?.string else {
            throw AIOpsError(.internalFailure, "the item \(item["pk"]?.string ?? "?") has no document")
        }
        do {
            return try StoreDocumentJSON.decoder().decode(type, from: Data(text.utf8))
        } catch {
            throw AIOpsError(
                .internalFailure, "the item \(item["pk"]?.string ?? "?") holds a damaged \(T.self)", underlying: error)
        }
    }
}
