import AIOpsCore
import Foundation
import Hummingbird

/// Reads and checks a request's query parameters; every problem is a 400 naming the parameter.
struct QueryParameters {
    private let values: [String: [String]]

    init(_ request: Request) {
        var values: [String: [String]] = [:]
        for (key, value) in request.uri.queryParameters {
            values[String(key), default: []].append(String(value))
        }
        self.values = values
    }

    /// The parameter's value, nil when absent; given twice or empty is an error.
    func string(_ name: String, maxLength: Int = 256) throws(APIError) -> String? {
        guard let all = values[name] else { return nil }
        guard all.count == 1, let value = all.first else {
            throw .badParameter(name, "given \(all.count) times; give it once")
        }
        guard !value.isEmpty else { throw .badParameter(name, "is empty; leave it out or give a value") }
        guard value.count <= maxLength else { throw .badParameter(name, "is longer than \(maxLength) characters") }
        return value
    }

    /// One of the raw values of `T`.
    func oneOf<T: RawRepresentable & CaseIterable>(_ name: String, _: T.Type) throws(APIError) -> T?
    where T.RawValue == String {
        guard let text = try string(name) else { return nil }
        guard let value = T(rawValue: text) else {
            let allowed = T.allCases.map(\.rawValue).joined(separator: ", ")
            throw .badParameter(name, "'\(text.prefix(64))' is not one of: \(allowed)")
        }
        return value
    }

    /// An ISO 8601 date-time such as `2026-11-25T14:02:00Z`.
    func date(_ name: String) throws(APIError) -> Date? {
        guard let text = try string(name, maxLength: 64) else { return nil }
        guard let date = ISO8601.date(from: text) else {
            throw .badParameter(name, "'\(text)' is not an ISO 8601 date-time such as 2026-11-25T14:02:00Z")
        }
        return date
    }

    /// A whole number in `range`.
    func int(_ name: String, in range: ClosedRange<Int>) throws(APIError) -> Int? {
        guard let text = try string(name, maxLength: 32) else { return nil }
        guard let value = Int(text), range.contains(value) else {
            throw .badParameter(name, "'\(text)' is not a whole number from \(range.lowerBound) to \(range.upperBound)")
        }
        return value
    }

    /// `from` and `to`, checked to be in order.
    func window(from: String = "from", to: String = "to") throws(APIError) -> (from: Date?, to: Date?) {
        let start = try date(from)
        let end = try date(to)
        if let start, let end, start > end {
            throw .badParameter(from, "is after '\(to)'; give the earlier time as '\(from)'")
        }
        return (start, end)
    }
}

extension Request {
    /// A path parameter, percent-decoded.
    func pathParameter(_ name: String, context: some RequestContext) throws(APIError) -> String {
        guard let raw = context.parameters.get(name) else { throw .badParameter(name, "is missing from the path") }
        let value = raw.removingPercentEncoding ?? raw
        guard !value.isEmpty, value.count <= 256 else {
            throw .badParameter(name, "must have 1 to 256 characters")
        }
        return value
    }
}
