import Foundation
import Testing

/// The CloudWatch Embedded Metric Format lines in a function's output, each checked against the
/// specification (docs.aws.amazon.com, "Embedded metric format specification"): a `_aws` member
/// with an integer millisecond `Timestamp` and `CloudWatchMetrics` directives; each directive
/// with a `Namespace`, `Dimensions` (arrays of at most 30 names) and at most 100 `Metrics`
/// (`Name`, a valid `Unit`); every dimension a top-level string member and every metric a
/// top-level number or array of at most 100 numbers.
struct EMFLines {
    struct Metric {
        var name: String
        var dimensions: [String: String]
        var values: [Double]
        var unit: String?
        var total: Double { values.reduce(0, +) }
    }

    static let units: Set<String> = [
        "Seconds", "Microseconds", "Milliseconds", "Bytes", "Kilobytes", "Megabytes", "Gigabytes", "Terabytes",
        "Bits", "Kilobits", "Megabits", "Gigabits", "Terabits", "Percent", "Count", "Bytes/Second",
        "Kilobytes/Second", "Megabytes/Second", "Gigabytes/Second", "Terabytes/Second", "Bits/Second",
        "Kilobits/Second", "Megabits/Second", "Gigabits/Second", "Terabits/Second", "Count/Second", "None",
    ]

    var metrics: [Metric] = []
    /// What broke the specification, one sentence per fault.
    var faults: [String] = []
    var lineCount = 0

    /// Reads every line of `output` that carries `_aws` (the JSON logs around them are skipped).
    init(_ output: String, near now: Date = Date()) {
        for line in output.split(separator: "\n") where line.contains(#""_aws""#) {
            lineCount += 1
            guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] else {
                faults.append("not a JSON object: \(line)")
                continue
            }
            check(object, now: now, line: String(line))
        }
    }

    private mutating func check(_ object: [String: Any], now: Date, line: String) {
        guard let aws = object["_aws"] as? [String: Any] else { return faults.append("_aws is not an object: \(line)") }
        // An integer on the wire: JSONSerialization would read 1.5 as a number too.
        guard let stamp = aws["Timestamp"] as? NSNumber,
            [",", "}"].contains(where: { line.contains(#""Timestamp":\#(stamp.int64Value)"# + $0) }),
            abs(stamp.doubleValue / 1000 - now.timeIntervalSince1970) < 3600
        else { return faults.append("_aws.Timestamp is not an integer of milliseconds near now: \(line)") }
        guard let directives = aws["CloudWatchMetrics"] as? [[String: Any]], !directives.isEmpty else {
            return faults.append("_aws.CloudWatchMetrics is not a non-empty array of objects: \(line)")
        }
        for directive in directives {
            guard let namespace = directive["Namespace"] as? String, (1...255).contains(namespace.count) else {
                faults.append("a directive without a Namespace: \(line)")
                continue
            }
            guard let sets = directive["Dimensions"] as? [[String]] else {
                faults.append("Dimensions is not an array of arrays of names: \(line)")
                continue
            }
            var dimensions: [String: String] = [:]
            for set in sets {
                if set.count > 30 { faults.append("a dimension set of more than 30: \(line)") }
                for name in set {
                    guard let value = object[name] as? String, !value.isEmpty else {
                        faults.append("dimension \(name) is not a top-level string: \(line)")
                        continue
                    }
                    dimensions[name] = value
                }
            }
            guard let declared = directive["Metrics"] as? [[String: Any]], (1...100).contains(declared.count) else {
                faults.append("Metrics is not an array of 1 to 100 objects: \(line)")
                continue
            }
            for metric in declared {
                guard let name = metric["Name"] as? String, (1...1024).contains(name.count) else {
                    faults.append("a metric without a Name: \(line)")
                    continue
                }
                let unit = metric["Unit"] as? String
                if let unit, !Self.units.contains(unit) { faults.append("\(name): unit \(unit) is not one of EMF's") }
                let values: [Double]
                if let number = object[name] as? NSNumber {
                    values = [number.doubleValue]
                } else if let array = object[name] as? [NSNumber], (1...100).contains(array.count) {
                    values = array.map(\.doubleValue)
                } else {
                    faults.append("metric \(name) is not a top-level number or array of 1 to 100 numbers: \(line)")
                    continue
                }
                metrics.append(Metric(name: name, dimensions: dimensions, values: values, unit: unit))
            }
        }
    }

    /// The sum of `name`'s values whose dimensions include `match`.
    func total(_ name: String, _ match: [String: String] = [:]) -> Double {
        metrics.filter { metric in metric.name == name && match.allSatisfy { metric.dimensions[$0.key] == $0.value } }
            .reduce(0) { $0 + $1.total }
    }

    /// Expects valid lines, from `function`, holding each of `names` with a positive value.
    static func expect(
        _ output: String, function: String, _ names: [String: [String: String]],
        sourceLocation: SourceLocation = #_sourceLocation
    ) {
        let lines = EMFLines(output)
        #expect(lines.lineCount > 0, "no EMF line from \(function)\n\(output)", sourceLocation: sourceLocation)
        #expect(lines.faults.isEmpty, "\(lines.faults)", sourceLocation: sourceLocation)
        #expect(
            lines.metrics.allSatisfy { $0.dimensions["function"] == function }, sourceLocation: sourceLocation)
        for (name, match) in names {
            #expect(
                lines.total(name, match) > 0, "\(function): no \(name) \(match)\n\(output)",
                sourceLocation: sourceLocation)
        }
    }
}
