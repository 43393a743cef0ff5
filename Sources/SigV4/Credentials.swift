public import Foundation

/// An AWS access key pair, with the session token of temporary credentials.
///
/// Every textual form (`description`, `debugDescription`, `dump`) redacts the secret and the token,
/// and shows only the last four characters of the key id, so a credential logged or wrapped in an
/// error by mistake leaks nothing usable.
public struct Credentials: Sendable, Hashable {
    public var accessKeyID: String
    public var secretAccessKey: String
    public var sessionToken: String?
    /// When temporary credentials stop working; nil for long-term keys.
    public var expiration: Date?

    public init(accessKeyID: String, secretAccessKey: String, sessionToken: String? = nil, expiration: Date? = nil) {
        self.accessKeyID = accessKeyID
        self.secretAccessKey = secretAccessKey
        self.sessionToken = sessionToken
        self.expiration = expiration
    }

    /// The key id with all but its last four characters masked, safe to show.
    public var redactedAccessKeyID: String {
        guard accessKeyID.count > 4 else { return "****" }
        return "****" + accessKeyID.suffix(4)
    }
}

extension Credentials: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    public var description: String {
        var text = "Credentials(accessKeyID: \(redactedAccessKeyID), secretAccessKey: <redacted>"
        if sessionToken != nil { text += ", sessionToken: <redacted>" }
        if let expiration { text += ", expiration: \(expiration)" }
        return text + ")"
    }

    public var debugDescription: String { description }

    public var customMirror: Mirror {
        Mirror(
            self,
            children: [
                "accessKeyID": redactedAccessKeyID, "secretAccessKey": "<redacted>",
                "sessionToken": sessionToken == nil ? "nil" : "<redacted>",
                "expiration": expiration as Any,
            ])
    }
}
