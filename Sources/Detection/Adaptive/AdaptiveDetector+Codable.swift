/// The detector's parameters and state as JSON (the model file's `detector` section): restoring
/// it mid-stream gives the same scores as never stopping. Loading checks that the state has the
/// shape the parameters imply, so a hand-edited or mismatched file fails with the reason.
extension AdaptiveDetector: Codable {
    /// The version of the state layout below; a file with another one is refused.
    public static let stateVersion = 1

    private enum CodingKeys: String, CodingKey { case name, version, threshold, configuration, state }
    private enum StateKeys: String, CodingKey {
        case seen, recentScores, values, medianWindow, spreadWindow, features
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let version = try container.decode(Int.self, forKey: .version)
        guard version == Self.stateVersion else {
            throw DecodingError.dataCorruptedError(
                forKey: .version, in: container,
                debugDescription: "state version \(version) is not supported (this aiops reads \(Self.stateVersion))")
        }
        let configuration = try container.decode(AdaptiveConfiguration.self, forKey: .configuration)
        let threshold = try container.decodeIfPresent(Double.self, forKey: .threshold) ?? AdaptiveDetector().threshold
        guard threshold.isFinite, (0...1).contains(threshold) else {
            throw DecodingError.dataCorruptedError(
                forKey: .threshold, in: container, debugDescription: "the threshold must lie in [0, 1]")
        }
        self.init(
            name: try container.decodeIfPresent(String.self, forKey: .name) ?? "adaptive",
            configuration: configuration, threshold: threshold)
        let fresh = self
        let state = try container.nestedContainer(keyedBy: StateKeys.self, forKey: .state)
        func corrupt(_ key: StateKeys, _ problem: String) -> DecodingError {
            DecodingError.dataCorruptedError(forKey: key, in: state, debugDescription: problem)
        }
        seen = try state.decode(Int.self, forKey: .seen)
        recentScores = try state.decode([Double].self, forKey: .recentScores)
        values = try state.decode(ValueHistory.self, forKey: .values)
        medianWindow = try state.decode(SortedWindow.self, forKey: .medianWindow)
        spreadWindow = try state.decode(SortedWindow.self, forKey: .spreadWindow)
        featureHistory = try state.decode([FeatureHistory].self, forKey: .features)
        guard seen >= values.count else { throw corrupt(.seen, "fewer points seen than the history holds") }
        guard recentScores.count <= configuration.refractory, recentScores.allSatisfy({ (0..<1).contains($0) })
        else {
            throw corrupt(.recentScores, "more than 'refractory' scores, or a score outside [0, 1)")
        }
        guard values.capacity == fresh.values.capacity else {
            throw corrupt(
                .values, "capacity \(values.capacity) does not match 'valueCapacity' \(fresh.values.capacity)")
        }
        guard medianWindow.capacity == fresh.medianWindow.capacity, spreadWindow.capacity == fresh.spreadWindow.capacity
        else { throw corrupt(.medianWindow, "the rolling windows' sizes do not match the configuration") }
        guard featureHistory.count == configuration.features.count else {
            throw corrupt(
                .features,
                "\(featureHistory.count) feature histories for \(configuration.features.count) features")
        }
        guard zip(featureHistory, fresh.featureHistory).allSatisfy({ $0.hasShape(of: $1) }) else {
            throw corrupt(.features, "a feature history's shape does not match 'historyCapacity'")
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(name, forKey: .name)
        try container.encode(Self.stateVersion, forKey: .version)
        try container.encode(threshold, forKey: .threshold)
        try container.encode(configuration, forKey: .configuration)
        var state = container.nestedContainer(keyedBy: StateKeys.self, forKey: .state)
        try state.encode(seen, forKey: .seen)
        try state.encode(recentScores, forKey: .recentScores)
        try state.encode(values, forKey: .values)
        try state.encode(medianWindow, forKey: .medianWindow)
        try state.encode(spreadWindow, forKey: .spreadWindow)
        try state.encode(featureHistory, forKey: .features)
    }
}
