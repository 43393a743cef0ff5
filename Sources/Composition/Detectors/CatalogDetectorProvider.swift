public import AIOpsCore
public import Pipeline

/// A provider from factories: one per instance and metric, and one per metric for the fleet.
public struct CatalogDetectorProvider: DetectorProvider {
    public typealias Factory = @Sendable () throws -> ProvidedDetector

    public var perInstance: [String: [MetricName: Factory]]
    public var fleet: [MetricName: Factory]

    public init(perInstance: [String: [MetricName: Factory]] = [:], fleet: [MetricName: Factory] = [:]) {
        self.perInstance = perInstance
        self.fleet = fleet
    }

    public func detector(for instance: Instance, metric: MetricName) throws -> ProvidedDetector? {
        if let own = perInstance[instance.id]?[metric] { return try own() }
        return try fleet[metric]?()
    }
}
