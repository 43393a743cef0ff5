/// The first stage of SigV4: the request reduced to one canonical text, and the list of the
/// headers it covers.
public struct CanonicalRequest: Sendable, Hashable {
    /// The canonical request text, hashed into the string to sign.
    public let text: String
    /// The lower-cased names of the signed headers joined by `;`, as in the `Authorization` header.
    public let signedHeaders: String

    /// Wraps a canonical request built elsewhere (to drive the later stages on their own).
    public init(text: String, signedHeaders: String) {
        self.text = text
        self.signedHeaders = signedHeaders
    }

    /// Builds the canonical request.
    /// - Parameters:
    ///   - method: the HTTP method, as sent.
    ///   - path: the request path as it goes on the wire (already percent-encoded once);
    ///     normalised (dot segments and repeated slashes removed) and encoded again, as every
    ///     service but S3 expects.
    ///   - query: decoded query parameters, in any order.
    ///   - headers: the headers to sign, in the order they appear; repeated names are joined.
    ///   - payloadHash: the hex SHA-256 of the body, or `UNSIGNED-PAYLOAD`.
    public init(
        method: String, path: String, query: [(name: String, value: String)],
        headers: [(name: String, value: String)], payloadHash: String
    ) {
        let canonicalHeaders = Self.canonicalHeaders(headers)
        signedHeaders = canonicalHeaders.map(\.name).joined(separator: ";")
        var lines = [method, Self.canonicalURI(path), Self.canonicalQuery(query)]
        lines += canonicalHeaders.map { "\($0.name):\($0.value)" }
        lines += ["", signedHeaders, payloadHash]
        text = lines.joined(separator: "\n")
    }

    /// The normalised, encoded path: `/a/./b/../c//` becomes `/a/c/`.
    public static func canonicalURI(_ path: String) -> String {
        URIEncoding.encode(normalizePath(path), keepSlash: true)
    }

    /// Removes `.` and `..` segments (RFC 3986 §5.2.4) and empty segments, keeping a trailing
    /// slash, as the AWS SDKs do for every service except S3.
    public static func normalizePath(_ path: String) -> String {
        var segments: [Substring] = []
        for segment in path.split(separator: "/", omittingEmptySubsequences: true) {
            switch segment {
            case ".": continue
            case "..": _ = segments.popLast()
            default: segments.append(segment)
            }
        }
        guard !segments.isEmpty else { return "/" }
        return "/" + segments.joined(separator: "/") + (path.hasSuffix("/") ? "/" : "")
    }

    /// Parameters encoded by RFC 3986 rules, sorted by encoded name then encoded value (byte order).
    public static func canonicalQuery(_ query: [(name: String, value: String)]) -> String {
        query.map { (URIEncoding.encode($0.name), URIEncoding.encode($0.value)) }
            .sorted { lhs, rhs in
                lhs.0 == rhs.0
                    ? lhs.1.utf8.lexicographicallyPrecedes(rhs.1.utf8)
                    : lhs.0.utf8.lexicographicallyPrecedes(rhs.0.utf8)
            }
            .map { "\($0.0)=\($0.1)" }
            .joined(separator: "&")
    }

    /// Lower-cased names, sorted; values trimmed with inner runs of white space (line folds
    /// included) collapsed to one space; values of a repeated name joined by `,` in order.
    public static func canonicalHeaders(_ headers: [(name: String, value: String)]) -> [(name: String, value: String)] {
        var merged: [String: [String]] = [:]
        for header in headers {
            merged[header.name.lowercased(), default: []].append(collapseWhitespace(header.value))
        }
        return merged.keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
            .map { ($0, merged[$0, default: []].joined(separator: ",")) }
    }

    private static func collapseWhitespace(_ value: String) -> String {
        value.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" || $0 == "\r\n" })
            .joined(separator: " ")
    }
}
