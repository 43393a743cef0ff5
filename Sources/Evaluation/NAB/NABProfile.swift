/// One of NAB's cost profiles: how much a detected window, a false alarm and a missed window weigh.
public struct NABProfile: Sendable, Hashable, CustomStringConvertible {
    public var name: String
    /// A_TP: the reward for a window detected on its first row.
    public var truePositive: Double
    /// A_FP: the cost of one false alarm far from any window.
    public var falsePositive: Double
    /// A_FN: the cost of a window with no detection.
    public var falseNegative: Double

    public init(name: String, truePositive: Double, falsePositive: Double, falseNegative: Double) {
        self.name = name
        self.truePositive = truePositive
        self.falsePositive = falsePositive
        self.falseNegative = falseNegative
    }

    public var description: String { name }

    public static let standard = NABProfile(
        name: "standard", truePositive: 1.0, falsePositive: 0.11, falseNegative: 1.0)
    public static let rewardLowFP = NABProfile(
        name: "reward_low_FP_rate", truePositive: 1.0, falsePositive: 0.22, falseNegative: 1.0)
    public static let rewardLowFN = NABProfile(
        name: "reward_low_FN_rate", truePositive: 1.0, falsePositive: 0.11, falseNegative: 2.0)

    /// The three profiles of `config/profiles.json`, in NAB's order.
    public static let all: [NABProfile] = [.standard, .rewardLowFP, .rewardLowFN]

    /// The profile called `name` (NAB's names), or nil.
    public static func named(_ name: String) -> NABProfile? { all.first { $0.name == name } }
}
