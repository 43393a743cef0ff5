public import AIOpsCore
public import Detection
import Pipeline

extension CatalogDetectorProvider {
    /// Seed detectors over trained models: per instance, with `fleet` models for the rest.
    public static func seed(
        models: [String: [MetricName: IsolationForestModel]], fleet: [MetricName: IsolationForestModel] = [:]
    ) -> CatalogDetectorProvider {
        func factory(_ model: IsolationForestModel, origin: String) -> Factory {
            { ProvidedDetector(detector: try SeedDetector(model: model), threshold: model.threshold, origin: origin) }
        }
        return CatalogDetectorProvider(
            perInstance: models.mapValues { byMetric in
                Dictionary(uniqueKeysWithValues: byMetric.map { ($0.key, factory($0.value, origin: "instance model")) })
            },
            fleet: Dictionary(uniqueKeysWithValues: fleet.map { ($0.key, factory($0.value, origin: "fleet model")) }))
    }
}

extension CatalogDetectorProvider {
    /// The same catalog detector (`DetectorCatalog`, e.g. `default`) for every instance and metric:
    /// it learns each series online, from the agent's warm-up on history. Nil for an unknown name.
    public static func catalog(
        _ name: String = DetectorCatalog.defaultName, metrics: [MetricName], context: DetectorContext
    ) -> CatalogDetectorProvider? {
        guard DetectorCatalog.make(name, context: context) != nil else { return nil }
        let factory: Factory = {
            guard let detector = DetectorCatalog.make(name, context: context) else {
                throw AIOpsError(.invalidInput, "unknown detector '\(name)'")
            }
            let threshold = (detector as? AdaptiveDetector)?.threshold ?? 0.5
            return ProvidedDetector(
                detector: detector, threshold: threshold, origin: "\(name) detector",
                warmupPoints: context.trainingPoints)
        }
        return CatalogDetectorProvider(fleet: Dictionary(uniqueKeysWithValues: metrics.map { ($0, factory) }))
    }
}
