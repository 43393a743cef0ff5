import Foundation
import SQLiteStore
import TestSupport
import Testing

/// Leases raced by separate processes on one store file: SQLite's single writer and the
/// conditional upsert give each lease to exactly one of them.
@Suite struct LeaseProcessRaceTests {
    @Test func eachLeaseGoesToExactlyOneProcess() async throws {
        let folder = try TemporaryDirectory("lease-race")
        let path = folder.file("store.sqlite").path
        try SQLiteIncidentStore(path: path).close()
        let keys = 300
        let racers = (0..<3).map { n in
            let process = Process()
            process.executableURL = TortureChild.executable
            process.arguments = ["lease-race", path, "racer-\(n)", String(keys)]
            let output = folder.file("racer-\(n).out")
            _ = FileManager.default.createFile(atPath: output.path, contents: nil)
            return (process, output)
        }
        var handles: [FileHandle] = []
        for (process, output) in racers {
            let handle = try FileHandle(forWritingTo: output)
            handles.append(handle)
            process.standardOutput = handle
        }
        for (process, _) in racers { try process.run() }
        for (process, _) in racers { process.waitUntilExit() }
        for handle in handles { try handle.close() }
        #expect(racers.allSatisfy { $0.0.terminationStatus == 0 })
        let wins = try racers.map { _, output in
            try String(contentsOf: output, encoding: .utf8).split(separator: "\n").compactMap {
                Int($0.dropFirst("won ".count))
            }
        }
        let all = wins.flatMap { $0 }
        #expect(all.count == keys, "every lease granted once, not \(all.count) times")
        #expect(Set(all).count == keys)
        print("lease race: \(wins.map(\.count)) leases won by each of 3 processes")
    }
}
