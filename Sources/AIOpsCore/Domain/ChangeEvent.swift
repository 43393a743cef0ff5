public import Foundation

/// Something that changed on an instance: a release deployed, a configuration pushed, a scaling
/// event. The most common cause of an incident is a change, so the analysis weighs the changes
/// that came shortly before an anomaly as evidence of their own (`Finding.Kind.change`).
public struct ChangeEvent: Sendable, Codable, Hashable, Identifiable {
    /// What kind of change: it decides how the alert words it.
    public enum Kind: String, Sendable, Codable, Hashable, CaseIterable {
        /// A new version of the software (CodeDeploy, `SendCommand` running an install…).
        case deploy
        /// A configuration change (`ModifyInstanceAttribute`, a pushed config file).
        case configuration
        /// An instance started, launched or replaced (`RunInstances`, an Auto Scaling activity).
        case scaling
    }

    /// Stable for the same change: a change read twice is one change.
    public var id: String
    public var instanceID: String
    public var at: Date
    public var kind: Kind
    /// What changed, in a person's words: `release 2.4.1`, `RunInstances`.
    public var subject: String
    /// Who made it, when the source says (a user, a role, a pipeline).
    public var actor: String?

    public init(id: String, instanceID: String, at: Date, kind: Kind, subject: String, actor: String? = nil) {
        self.id = id
        self.instanceID = instanceID
        self.at = at
        self.kind = kind
        self.subject = subject
        self.actor = actor
    }
}
