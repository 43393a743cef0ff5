public import AIOpsCore
import Detection
public import Foundation
public import Logging
public import Pipeline
import Synchronization

/// Detectors from a folder of model files (`AIOPS_MODEL_DIR`): `<instance-id>.json` for that
/// instance, else `default.json` for the fleet, else `fallback` (a detector learning the series
/// from its history).
///
/// A model file covers the metric it was trained on: its one feature names the metric (as
/// `aiops train --instance-id --metric` writes it), and a model on the generic column `value`
/// covers the primary metric (the first of `AIOPS_METRICS`). A file that cannot be used (not
/// readable, malformed, several features) is logged as an error naming the file, and that
/// instance's metric is not scored until the file is fixed: the rest of the cycle goes on.
public final class ModelDirectoryDetectorProvider: DetectorProvider {
    /// The name of the fleet's model file.
    public static let defaultFileName = "default.json"

    private let directory: URL
    private let primaryMetric: MetricName?
    private let fallback: any DetectorProvider
    private let logger: Logger
    /// Parsed files by path, so a fleet of a thousand instances reads `default.json` once.
    private let cache = Mutex<[String: DetectorModel]>([:])

    public init(directory: URL, metrics: [MetricName], fallback: any DetectorProvider, logger: Logger) {
        self.directory = directory
        self.primaryMetric = metrics.first
        self.fallback = fallback
        self.logger = logger
    }

    public func detector(for instance: Instance, metric: MetricName) async throws -> ProvidedDetector? {
        for name in ["\(instance.id).json", Self.defaultFileName] where Self.isSafeFileName(name) {
            let url = directory.appendingPathComponent(name)
            guard FileManager.default.fileExists(atPath: url.path) else { continue }
            do {
                let model = try load(url)
                guard covers(model, metric: metric) else { continue }
                return ProvidedDetector(
                    detector: try model.detector(), threshold: model.threshold, origin: "model \(name)")
            } catch {
                logger.error(
                    "unusable model file \(url.path): this series is not scored until it is fixed",
                    metadata: [
                        "aiops.instance-id": "\(instance.id)", "aiops.metric": "\(metric)",
                        "aiops.model-file": "\(url.path)", "aiops.error": "\(error)",
                    ])
                return nil
            }
        }
        return try await fallback.detector(for: instance, metric: metric)
    }

    /// The one-feature model's column names the metric; `value` stands for the primary metric.
    private func covers(_ model: DetectorModel, metric: MetricName) -> Bool {
        guard model.features.count == 1, let feature = model.features.first else { return true }  // fails in detector()
        return feature == metric.rawValue || (feature == "value" && metric == primaryMetric)
    }

    private func load(_ url: URL) throws(DetectionError) -> DetectorModel {
        if let known = cache.withLock({ $0[url.path] }) { return known }
        let model = try DetectorModel.load(from: url)
        cache.withLock { $0[url.path] = model }
        return model
    }

    /// Instance ids come from EC2, but a path must never leave the folder.
    static func isSafeFileName(_ name: String) -> Bool {
        !name.hasPrefix(".") && !name.contains("/") && !name.contains("\\")
    }
}
