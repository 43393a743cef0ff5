import AIOpsCore
import Foundation
import Simulator

/// Wednesday 2026-11-25 00:00 UTC: tests start their clocks on known weekdays.
let wednesday = Date(timeIntervalSince1970: 1_795_564_800)

extension Date {
    /// `hours` after this date.
    func plus(hours: Double = 0, minutes: Double = 0, seconds: Double = 0) -> Date {
        addingTimeInterval(hours * 3600 + minutes * 60 + seconds)
    }
}

/// A fleet on a virtual clock starting at `start`.
func makeFleet(
    seed: UInt64 = 42, instances: Int = 8, start: Date = wednesday,
    configure: (inout FleetConfiguration) -> Void = { _ in }
) throws -> (SimulatedFleet, VirtualClock) {
    var configuration = FleetConfiguration(seed: seed, instanceCount: instances)
    configure(&configuration)
    let clock = VirtualClock(start: start)
    return (try SimulatedFleet(configuration: configuration, clock: clock), clock)
}

extension SimulatedFleet {
    func first(_ role: InstanceRole) -> FleetMember? { members.first { $0.role == role } }

    /// One metric of one instance over `[from, to)`.
    func points(_ metric: MetricName, of id: String, from: Date, to: Date, period: Int = 60) async throws
        -> [MetricPoint]
    {
        try await fetch(MetricQuery(instanceIDs: [id], metrics: [metric], start: from, end: to, period: period))[0]
            .points
    }

    func messages(of id: String, from: Date, to: Date) async throws -> [String] {
        try await events(instanceID: id, from: from, to: to).map(\.message)
    }
}

/// Lines a person (or the analyzer) would read as errors, in the formats the fleet writes.
func isError(_ line: String) -> Bool {
    let bytes = Array(line.utf8)
    return errorMarkers.contains { bytes.contains(subsequence: $0) }
}

private let errorMarkers: [[UInt8]] = [
    " ERROR ", "[error]", "ERROR/", "ERROR:", "FATAL:", "Exception", "Error:", "OutOfMemoryError", "ERROR [",
    "error:", "Failed with result", "status=1/FAILURE",
].map { Array($0.utf8) }

extension [UInt8] {
    /// Plain byte search: `String.contains` is slow in debug builds, and the tests scan thousands of lines.
    func contains(subsequence needle: [UInt8]) -> Bool {
        guard needle.count <= count, let first = needle.first else { return needle.isEmpty }
        var i = 0
        while i <= count - needle.count {
            if self[i] == first {
                var j = 1
                while j < needle.count && self[i + j] == needle[j] { j += 1 }
                if j == needle.count { return true }
            }
            i += 1
        }
        return false
    }
}

/// A line with its variable parts masked (tokens holding a digit, and the names after `user`,
/// `customer`, `category`…): its template, roughly.
func mask(_ line: String) -> String {
    var out: [UInt8] = []
    var token: [UInt8] = []
    var maskNext = false
    let names: [[UInt8]] = ["user", "customer", "category", "from", "for", "by", "of", "q"].map { Array($0.utf8) }
    func flush() {
        let variable = maskNext || token.contains { $0 >= 0x30 && $0 <= 0x39 }
        out += variable ? [0x23] : token
        maskNext = names.contains(token)
        token.removeAll(keepingCapacity: true)
    }
    for byte in line.utf8 {
        if byte == 0x20 {
            flush()
            out.append(0x20)
        } else {
            token.append(byte)
        }
    }
    flush()
    return String(decoding: out, as: UTF8.self)
}

func mean(_ values: [Double]) -> Double { values.isEmpty ? .nan : values.reduce(0, +) / Double(values.count) }
