/// A channel setting that cannot be used: a bad URL, an unreadable file or secret, a route naming
/// no channel. The message says which setting and how to fix it, and never holds a secret.
public struct ChannelConfigurationError: Error, CustomStringConvertible, Sendable {
    public let message: String

    public init(_ message: String) { self.message = message }

    public var description: String { message }
}
