/// An error of the trigger: a code to compare, a message a person can act on, and the cause.
package struct TriggerError: Error, Sendable, CustomStringConvertible {
    package struct Code: Sendable, Hashable, CustomStringConvertible {
        private enum Value: String, Sendable {
            case invalidArgument, keyFile, unsupportedKey, knownHosts, unknownHostKey, hostKeyMismatch
            case connection, authentication, remoteCommand, timeout, sendFailed
        }
        private let value: Value
        private init(_ value: Value) { self.value = value }
        package var description: String { value.rawValue }

        /// A command-line value is out of range or malformed (minutes, host, port).
        package static let invalidArgument = Code(.invalidArgument)
        /// The private key file cannot be read or is not a key.
        package static let keyFile = Code(.keyFile)
        /// The private key is of a type or form this client does not support (RSA, passphrase).
        package static let unsupportedKey = Code(.unsupportedKey)
        /// The known-hosts file cannot be read or written.
        package static let knownHosts = Code(.knownHosts)
        /// The server's host key is in no known-hosts entry, and trust on first use was not asked for.
        package static let unknownHostKey = Code(.unknownHostKey)
        /// The server's host key differs from the one recorded for it (or is revoked).
        package static let hostKeyMismatch = Code(.hostKeyMismatch)
        /// The TCP connection or the SSH handshake failed.
        package static let connection = Code(.connection)
        /// The server refused the key.
        package static let authentication = Code(.authentication)
        /// The server refused to run the command, or it ended without an exit status.
        package static let remoteCommand = Code(.remoteCommand)
        /// The command did not finish in time.
        package static let timeout = Code(.timeout)
        /// The Run Command request failed.
        package static let sendFailed = Code(.sendFailed)
    }

    package var code: Code
    package var message: String
    package var underlying: (any Error & Sendable)?

    package init(_ code: Code, _ message: String, underlying: (any Error & Sendable)? = nil) {
        self.code = code
        self.message = message
        self.underlying = underlying
    }

    package var description: String { message }
}
