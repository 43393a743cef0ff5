import Foundation
import TestSupport
import Testing

/// `scripts/fetch-testdata.sh` as a person runs it: the committed checksum list against the shared
/// copy, and a fetch from a local mirror laid out as the public sources are.
@Suite struct FetchTestDataScriptTests {
    static let script = Paths.packageRoot.appendingPathComponent("scripts/fetch-testdata.sh")
    static let shared = Paths.packageRoot.deletingLastPathComponent().appendingPathComponent("shared/testdata")
    static let hasShared = FileManager.default.fileExists(atPath: shared.path)
    static let hasAll = ReferenceData.DataSet.allCases.allSatisfy(ReferenceData.has)

    /// The files the checksum list names.
    static func listed() throws -> [String] {
        let text = try String(
            contentsOf: Paths.packageRoot.appendingPathComponent("scripts/testdata.sha256"), encoding: .utf8)
        return text.split(separator: "\n").filter { !$0.hasPrefix("#") }.map { String($0.dropFirst(66)) }
    }

    static func run(_ arguments: [String], mirror: URL? = nil) throws -> ProcessResult {
        try Subprocess.run(
            URL(fileURLWithPath: "/bin/bash"), [script.path] + arguments,
            environment: mirror.map { ["AIOPS_TESTDATA_MIRROR": $0.absoluteString] } ?? [:])
    }

    @Test(.enabled(if: hasShared, "no ../shared/testdata beside the checkout to compare the list with"))
    func theChecksumListMatchesTheSharedCopy() throws {
        let files = try Self.listed()
        #expect(files.contains("nab/labels/combined_windows.json"))
        #expect(files.filter { $0.hasPrefix("sigv4/") && $0.hasSuffix(".authz") }.count == 33)
        let result = try Self.run(["--verify", Self.shared.path])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.contains("\(files.count) files verified"))
    }

    /// Lays out a mirror of the sources from the reference data, with NAB's labels and one results
    /// file as NAB publishes them (all 58 files' labels, more columns, LF line ends), so the
    /// script's cut to the development corpus is exercised too.
    static func mirror(in folder: TemporaryDirectory) throws -> (root: URL, plan: [(file: String, source: String)]) {
        let plan = try run(["--plan"])
        #expect(plan.status == 0, "\(plan.stderr)")
        let root = folder.file("mirror")
        var entries: [(String, String)] = []
        for line in plan.stdout.split(separator: "\n") {
            let fields = line.split(separator: "\t").map(String.init)
            try #require(fields.count == 3, "plan line: \(line)")
            let target = root.appendingPathComponent(fields[1])
            try FileManager.default.createDirectory(
                at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
            try FileManager.default.copyItem(at: ReferenceData.root.appendingPathComponent(fields[0]), to: target)
            entries.append((fields[0], fields[1]))
        }
        let labels = try #require(entries.first { $0.0 == "nab/labels/combined_windows.json" }).1
        let labelsURL = root.appendingPathComponent(labels)
        var windows = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: labelsURL)) as? [String: Any])
        windows["realAWSCloudwatch/ec2_cpu_utilization_24ae8d.csv"] = [
            ["2014-02-26 22:05:00.000000", "2014-02-27 17:15:00.000000"]
        ]
        try JSONSerialization.data(withJSONObject: windows, options: [.prettyPrinted, .sortedKeys]).write(to: labelsURL)
        let taxi = try #require(entries.first { $0.0.hasSuffix("results/numenta/realKnownCause/numenta_nyc_taxi.csv") })
        let taxiURL = root.appendingPathComponent(taxi.1)
        let wide = try String(contentsOf: taxiURL, encoding: .utf8).split(separator: "\r\n").enumerated().map {
            let cells = $0.element.split(separator: ",", omittingEmptySubsequences: false)
            return (cells.prefix(3) + [$0.offset == 0 ? "raw_score" : "0.5"] + cells.dropFirst(3)).joined(
                separator: ",")
        }
        try (wide.joined(separator: "\n") + "\n").write(to: taxiURL, atomically: true, encoding: .utf8)
        return (root, entries)
    }

    @Test(.enabled(if: hasAll, "needs the reference data to lay out a mirror: run scripts/fetch-testdata.sh"))
    func fetchesFromAMirrorRefusesAChangedFileByNameAndWritesWhereEachCameFrom() throws {
        let folder = try TemporaryDirectory("fetch-testdata")
        let (mirror, plan) = try Self.mirror(in: folder)
        let dest = folder.file("cache")

        // One byte changed in one file: refused, by name, and no cache is left behind.
        let authz = try #require(plan.first { $0.file == "sigv4/get-vanilla/get-vanilla.authz" })
        let authzURL = mirror.appendingPathComponent(authz.source)
        let original = try Data(contentsOf: authzURL)
        try (original.dropLast() + Data("0".utf8)).write(to: authzURL)
        let refused = try Self.run(["--dest", dest.path], mirror: mirror)
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("checksum mismatch: sigv4/get-vanilla/get-vanilla.authz"), "\(refused.stderr)")
        #expect(!FileManager.default.fileExists(atPath: dest.path))

        try original.write(to: authzURL)
        let fetched = try Self.run(["--dest", dest.path], mirror: mirror)
        #expect(fetched.status == 0, "\(fetched.stderr)")
        for file in ["nab/labels/combined_windows.json", "nab/results/numenta/realKnownCause/numenta_nyc_taxi.csv"] {
            #expect(
                try Data(contentsOf: dest.appendingPathComponent(file))
                    == Data(contentsOf: ReferenceData.root.appendingPathComponent(file)), "\(file)")
        }
        let provenance = try String(contentsOf: dest.appendingPathComponent("PROVENANCE.md"), encoding: .utf8)
        #expect(provenance.contains("| sigv4/get-vanilla/get-vanilla.authz | \(mirror.absoluteString)"))
        #expect(provenance.contains("numenta/NAB/"))
        #expect(FileManager.default.fileExists(atPath: dest.appendingPathComponent("loghub/LICENSE.loghub").path))
        let again = try Self.run(["--dest", dest.path], mirror: mirror)
        #expect(again.status == 0)
        #expect(again.stderr.contains("already holds the reference data"))
    }

    @Test func withoutANetworkItStopsAtOnceAndSaysTheTestsWillBeSkipped() throws {
        let folder = try TemporaryDirectory("fetch-testdata-offline")
        // Port 1 on loopback: nothing listens, the connection is refused as with no network.
        let result = try Self.run(
            ["--dest", folder.file("cache").path], mirror: URL(string: "http://127.0.0.1:1")!)
        #expect(result.status == 2)
        #expect(result.stderr.contains("cannot reach http://127.0.0.1:1"), "\(result.stderr)")
        #expect(result.stderr.contains("will be skipped"))
        #expect(!FileManager.default.fileExists(atPath: folder.file("cache").path))
    }
}
