import Foundation

/// A change to one series' alert threshold that people's verdicts caused: incidents of this
/// instance and metric marked false positive raise the threshold the detection stage applies.
///
/// Derived afresh every cycle from the stored feedback, so changing a verdict back undoes it; the
/// detection stage publishes the adjustments in force (checkpoint records, see `publishedKey`) for
/// the API, and audits each change.
public struct ThresholdAdjustment: Sendable, Codable, Hashable {
    public var instanceID: String
    public var metric: MetricName
    /// The detector's own threshold.
    public var baseThreshold: Double
    /// The threshold the detection stage applies instead.
    public var threshold: Double
    /// The highest score of the anomalies people judged false positives (up to their verdict).
    public var falsePositiveScore: Double
    /// The incidents marked false positive it derives from, newest first.
    public var incidentIDs: [String]
    /// True when the cap kept the threshold below where the false positives would have put it.
    public var capped: Bool

    public init(
        instanceID: String, metric: MetricName, baseThreshold: Double, threshold: Double,
        falsePositiveScore: Double, incidentIDs: [String], capped: Bool
    ) {
        self.instanceID = instanceID
        self.metric = metric
        self.baseThreshold = baseThreshold
        self.threshold = threshold
        self.falsePositiveScore = falsePositiveScore
        self.incidentIDs = incidentIDs
        self.capped = capped
    }

    /// Why, in words a person reads on the dashboard and in the audit trail.
    public var reason: String {
        let count = incidentIDs.count
        let plural = count == 1 ? "false positive" : "false positives"
        var text =
            "threshold raised from \(Self.format(baseThreshold)) to \(Self.format(threshold)) after \(count) \(plural)"
            + " on \(metric) (highest false-positive score \(Self.format(falsePositiveScore)))"
        if capped { text += "; held at the cap, so anomalies far outside the expected range still alert" }
        return text
    }

    package static func format(_ value: Double) -> String {
        value.isFinite ? String(format: "%.3f", value) : "\(value)"
    }
}

extension ThresholdAdjustment {
    /// The checkpoint key listing the instances that have adjustments (a JSON array of ids).
    public static let indexKey = "detection.thresholds"

    /// The checkpoint key of one instance's adjustments (a JSON array of `ThresholdAdjustment`).
    public static func publishedKey(instanceID: String) -> String { "\(indexKey).\(instanceID)" }

    /// The adjustments the detection stage last published for `instanceID` (none: empty).
    public static func published(instanceID: String, in store: any IncidentStore) async throws
        -> [ThresholdAdjustment]
    {
        let key = publishedKey(instanceID: instanceID)
        guard let text = try await store.checkpoint(key), !text.isEmpty else { return [] }
        return try decode([ThresholdAdjustment].self, text, key: key)
    }

    /// The instances the detection stage last published adjustments for.
    public static func adjustedInstances(in store: any IncidentStore) async throws -> [String] {
        guard let text = try await store.checkpoint(indexKey), !text.isEmpty else { return [] }
        return try decode([String].self, text, key: indexKey)
    }

    static func decode<T: Decodable>(_ type: T.Type, _ text: String, key: String) throws(AIOpsError) -> T {
        do {
            return try JSONDecoder().decode(T.self, from: Data(text.utf8))
        } catch {
            throw AIOpsError(
                .internalFailure,
                "the checkpoint '\(key)' does not hold the detection stage's threshold adjustments; "
                    + "the next detection cycle rewrites it",
                underlying: error)
        }
    }

    /// The JSON text a checkpoint keeps (keys sorted: the same adjustments give the same text).
    public static func encoded(_ value: some Encodable) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        // Codable structs of strings and finite numbers always encode; "[]" is the safe empty form.
        return (try? encoder.encode(value)).map { String(decoding: $0, as: UTF8.self) } ?? "[]"
    }
}
