public import AIOpsCore
public import Foundation

/// A streaming detector saved with what it was warmed on: the model file of a detector kind
/// (e.g. `adaptive`). The file has no forest section of its own; the detector's parameters and
/// state sit in its `detector` section, and the top-level `threshold` is the detector's.
public struct StreamingModel: Sendable {
    /// The one input a streaming detector reads: the metric's value, column `value` of a CSV.
    public static let features = ["value"]

    /// The detector, in the state it was saved in.
    public var detector: any PersistentDetector
    /// The values it was warmed on.
    public var training: TrainingSummary

    public init(detector: any PersistentDetector, training: TrainingSummary) {
        self.detector = detector
        self.training = training
    }

    /// `detector` after observing `points` in order (its warm-up), with their summary.
    public static func warm(_ detector: some PersistentDetector, on points: [MetricPoint]) throws(DetectionError)
        -> StreamingModel
    {
        var detector = detector
        for point in points { _ = detector.observe(point) }
        let finite = points.filter { $0.value.isFinite }
        guard !finite.isEmpty else {
            throw DetectionError(.invalidInput, "no finite value to warm the detector on")
        }
        let summary = TrainingSummary(
            matrix: try FeatureMatrix(column: finite.map(\.value)), names: features,
            timestamps: finite.map(\.timestamp))
        return StreamingModel(detector: detector, training: summary)
    }

    /// The model file `kind`: the detector's type.
    public var kind: String { type(of: detector).modelKind }
    public var threshold: Double { detector.threshold }

    /// The model file's bytes: the header, the training summary, then the detector section with
    /// each part of its state on its own line. The same state always gives the same bytes.
    public func encoded() throws(DetectionError) -> Data {
        let section: JSONValue
        do {
            section = try JSONDecoder().decode(JSONValue.self, from: JSONEncoder().encode(detector))
        } catch {
            throw DetectionError(.invalidModel, "cannot encode the detector's state: \(error)", underlying: error)
        }
        guard case .object(let members) = section else {
            throw DetectionError(.invalidModel, "the detector's state is not a JSON object")
        }
        var json = ModelJSONWriter()
        json.header(kind: kind, features: Self.features)
        json.raw(",\n  \"threshold\": ")
        json.number(threshold)
        json.raw(",\n  \"training\": ")
        json.training(training)
        json.raw(",\n  \"detector\": ")
        // The threshold lives at the top level only, so a person edits it in one place.
        json.object(.object(members.filter { $0.key != "threshold" }), indent: 2, depth: 2)
        json.raw("\n}\n")
        return Data(json.text.utf8)
    }

    /// Parses and checks the model file of a streaming detector of type `type`.
    static func decode(_ data: Data, type: any PersistentDetector.Type, source: String) throws(DetectionError)
        -> StreamingModel
    {
        func fail(_ problem: String, underlying: (any Error)? = nil) -> DetectionError {
            DetectionError(.invalidModel, "model file '\(source)': \(problem)", underlying: underlying)
        }
        let document: Document
        do {
            document = try ModelFileHeader.decoder().decode(Document.self, from: data)
        } catch {
            throw fail(EventCodec.describe(error), underlying: error)
        }
        guard document.features == features else {
            throw fail("'features' is \(document.features); a streaming detector reads \(features)")
        }
        guard document.threshold.isFinite, (0...1).contains(document.threshold) else {
            throw fail("'threshold' is \(document.threshold); it must be a score between 0 and 1")
        }
        guard document.training.rows >= 1 else { throw fail("'training.rows' is \(document.training.rows)") }
        let training: TrainingSummary
        do { training = try document.training.summary(features: features) } catch { throw fail(error.message) }
        guard case .object(let members) = document.detector else { throw fail("'detector' is not an object") }
        var detector: any PersistentDetector
        do {
            let section = JSONValue.object(members.filter { $0.key != "threshold" })
            detector = try ModelFileHeader.decoder().decode(type, from: JSONEncoder().encode(section))
        } catch {
            throw fail("'detector': \(EventCodec.describe(error))", underlying: error)
        }
        detector.threshold = document.threshold
        return StreamingModel(detector: detector, training: training)
    }

    private struct Document: Decodable {
        var features: [String]
        var threshold: Double
        var training: ModelFileDocument.Training
        var detector: JSONValue
    }
}
