/// How far a runbook is trusted: watched (`shadow`), a person approves each action (`approve`),
/// or it acts on its own (`auto`).
public enum RunbookMode: String, Sendable, Hashable, Codable, CaseIterable, CustomStringConvertible {
    /// Records what it would have done, with the guards' verdict; does nothing.
    case shadow
    /// Asks a person, who approves or rejects the action before it runs.
    case approve
    /// Acts when every guard passes.
    case auto

    public var description: String { rawValue }
}
