/// How the anomaly threshold is set: scikit-learn's `contamination`.
public enum Contamination: Sendable, Hashable, CustomStringConvertible {
    /// Anomalous when s(x) > 0.5 (scikit-learn's `offset_ = -0.5`).
    case auto
    /// The expected share of anomalies in the training data, in (0, 0.5]: the threshold is the
    /// matching quantile of the training scores.
    case fraction(Double)

    /// Parses `auto` or a fraction such as `0.01`.
    public init(argument text: String) throws(DetectionError) {
        if text.lowercased() == "auto" {
            self = .auto
            return
        }
        guard let value = Double(text), value > 0, value <= 0.5 else {
            throw DetectionError(
                .invalidParameter, "contamination must be 'auto' or a fraction in (0, 0.5], not '\(text)'")
        }
        self = .fraction(value)
    }

    public var description: String {
        switch self {
        case .auto: "auto"
        case .fraction(let value): "\(value)"
        }
    }
}

extension Contamination: Codable {
    public init(from decoder: any Decoder) throws {
        let single = try decoder.singleValueContainer()
        if let number = try? single.decode(Double.self) {
            guard number > 0, number <= 0.5 else {
                throw DecodingError.dataCorruptedError(
                    in: single, debugDescription: "contamination \(number) is outside (0, 0.5]")
            }
            self = .fraction(number)
            return
        }
        let text = try single.decode(String.self)
        guard text == "auto" else {
            throw DecodingError.dataCorruptedError(
                in: single, debugDescription: "contamination must be \"auto\" or a number, not \"\(text)\"")
        }
        self = .auto
    }

    public func encode(to encoder: any Encoder) throws {
        var single = encoder.singleValueContainer()
        switch self {
        case .auto: try single.encode("auto")
        case .fraction(let value): try single.encode(value)
        }
    }
}
