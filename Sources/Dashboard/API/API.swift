import AIOpsCore
import Foundation

/// The JSON documents of the HTTP API, as `Resources/openapi.json` describes them.
///
/// They are kept apart from the domain types so the API stays stable when the domain changes, and
/// so every number is finite (JSON has no NaN): a non-finite value is left out.
enum API {
    /// A range of values, e.g. the detector's expected band.
    struct Band: Codable, Sendable, Hashable {
        var low: Double
        var high: Double

        init?(_ range: ClosedRange<Double>?) {
            guard let range, range.lowerBound.isFinite, range.upperBound.isFinite else { return nil }
            low = range.lowerBound
            high = range.upperBound
        }
    }

    /// One datapoint.
    struct Point: Codable, Sendable, Hashable {
        var timestamp: Date
        var value: Double

        init?(_ point: MetricPoint) {
            guard point.value.isFinite else { return nil }
            timestamp = point.timestamp
            value = point.value
        }
    }

    /// One datapoint with the detector's view of it.
    struct ScoredPoint: Codable, Sendable, Hashable {
        var timestamp: Date
        var value: Double
        var score: Double?
        var expected: Band?
        var isAnomaly: Bool

        init?(_ point: AIOpsCore.ScoredPoint) {
            guard point.value.isFinite else { return nil }
            timestamp = point.timestamp
            value = point.value
            score = point.score?.finite
            expected = Band(point.expected)
            isAnomaly = point.isAnomaly
        }
    }

    /// A list without pagination.
    struct List<Item: Codable & Sendable>: Codable, Sendable {
        var items: [Item]
    }

    /// `GET /healthz`.
    struct Health: Codable, Sendable {
        var status: String
        var time: Date
    }
}

extension Double {
    /// The value when finite, else nil: JSON cannot carry NaN or infinities.
    var finite: Double? { isFinite ? self : nil }
}
