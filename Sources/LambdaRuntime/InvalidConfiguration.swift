/// A function's configuration is unusable (reported to `/runtime/init/error`).
public struct InvalidConfiguration: Error, Sendable, CustomStringConvertible {
    public var message: String
    public var description: String { message }

    public init(message: String) { self.message = message }
}
