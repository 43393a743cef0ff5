import AIOpsCore
import Foundation
import SQLiteStore

/// A test helper, not a product: the child process that the crash-safety test kills, and the list
/// benchmark of the store.
///
///     aiops-store-torture write-loop DB UNTIL   apply workload steps until UNTIL, resuming from the
///                                               store's checkpoint (and replaying the last 3 steps)
///     aiops-store-torture lease-race DB HOLDER KEYS
///                                               try to take leases `race:0` … `race:KEYS-1` as HOLDER,
///                                               printing `won N` for each one granted
///     aiops-store-torture bench [INCIDENTS] [QUERIES]
///                                               time `incidents(limit: 50)` over INCIDENTS stored
@main
struct StoreTorture {
    static func main() async {
        let arguments = Array(CommandLine.arguments.dropFirst())
        do {
            switch arguments.first {
            case "write-loop" where arguments.count == 3:
                guard let until = Int(arguments[2]) else { throw usage }
                try await writeLoop(path: arguments[1], until: until)
            case "lease-race" where arguments.count == 4:
                guard let keys = Int(arguments[3]) else { throw usage }
                try await leaseRace(path: arguments[1], holder: arguments[2], keys: keys)
            case "bench":
                let incidents = arguments.count > 1 ? Int(arguments[1]) : 10_000
                let queries = arguments.count > 2 ? Int(arguments[2]) : 2_000
                guard let incidents, let queries, incidents > 0, queries > 0 else { throw usage }
                try await ListBenchmark(incidents: incidents, queries: queries).run()
            default:
                throw usage
            }
        } catch {
            FileHandle.standardError.write(Data("aiops-store-torture: \(error)\n".utf8))
            exit(1)
        }
    }

    static let usage = AIOpsError(
        .invalidInput,
        "usage: aiops-store-torture write-loop DB UNTIL | lease-race DB HOLDER KEYS | bench [INCIDENTS] [QUERIES]")

    /// Races other processes for the same leases: each must be granted to exactly one of them.
    static func leaseRace(path: String, holder: String, keys: Int) async throws {
        let store = try SQLiteIncidentStore(path: path)
        let now = Date()
        for n in 0..<max(keys, 0) {
            let grant = try await store.acquireLease(
                "race:\(n)", holder: holder, until: now.addingTimeInterval(3600), now: now)
            if grant == .acquired { FileHandle.standardOutput.write(Data("won \(n)\n".utf8)) }
        }
    }

    /// Resumes where the checkpoint says, replaying the last steps as a restarted agent replays
    /// redelivered events, and reports each step once it is durable.
    static func writeLoop(path: String, until: Int) async throws {
        let store = try SQLiteIncidentStore(path: path)
        let next = Int(try await store.checkpoint("torture.next") ?? "0") ?? 0
        let workload = TortureWorkload(store: store)
        for n in max(0, next - 3)..<max(until, 0) {
            try await workload.apply(n)
            try await store.setCheckpoint("torture.next", String(max(n + 1, next)))
            // Unbuffered: the parent reads this after a SIGKILL.
            FileHandle.standardOutput.write(Data("committed \(n)\n".utf8))
        }
    }
}
