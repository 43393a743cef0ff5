public import Crypto
public import Foundation

/// Signs requests with AWS Signature Version 4 for one service in one region.
///
/// The stages are named as in the AWS documentation (`canonicalRequest`, `stringToSign`,
/// `signingKey`, `signature`) and each takes the signing date, so tests can check every stage
/// against the AWS test suite exactly.
public struct SigV4Signer: Sendable {
    public static let algorithm = "AWS4-HMAC-SHA256"

    /// Headers that proxies, clients and the transport may add or rewrite: never signed.
    public static let unsignedHeaders: Set<String> = [
        "authorization", "user-agent", "x-amzn-trace-id", "expect", "connection", "content-length",
        "transfer-encoding", "keep-alive", "te", "upgrade", "proxy-authorization",
    ]

    /// Where the session token of temporary credentials goes.
    public enum SessionTokenPlacement: Sendable, Hashable {
        /// Added as `X-Amz-Security-Token` before signing, so it is signed (what nearly every service wants).
        case signed
        /// Added after signing, outside the signature (the few services that ask for it, e.g. IoT).
        case appendedAfterSigning
    }

    public var credentials: Credentials
    public var region: String
    /// The signing name of the service (`monitoring` for CloudWatch, `logs`, `ec2`, …).
    public var service: String

    public init(credentials: Credentials, region: String, service: String) {
        self.credentials = credentials
        self.region = region
        self.service = service
    }

    /// The credential scope: `yyyyMMdd/region/service/aws4_request`.
    public func credentialScope(date: Date) -> String {
        "\(SigningDate(date).day)/\(region)/\(service)/aws4_request"
    }

    /// Stage 1: see `CanonicalRequest`.
    public func canonicalRequest(
        method: String, path: String, query: [(name: String, value: String)],
        headers: [(name: String, value: String)], payload: PayloadHash
    ) -> CanonicalRequest {
        CanonicalRequest(method: method, path: path, query: query, headers: headers, payloadHash: payload.value)
    }

    /// Stage 2: the algorithm, the time, the scope and the hash of the canonical request.
    public func stringToSign(canonicalRequest: CanonicalRequest, date: Date) -> String {
        let hash = SHA256.hash(data: Data(canonicalRequest.text.utf8)).hexString
        return [Self.algorithm, SigningDate(date).timestamp, credentialScope(date: date), hash]
            .joined(separator: "\n")
    }

    /// Stage 3: the key derived from the secret for this day, region and service.
    public func signingKey(date: Date) -> SymmetricKey {
        let secret = SymmetricKey(data: Data("AWS4\(credentials.secretAccessKey)".utf8))
        var key = secret
        for part in [SigningDate(date).day, region, service, "aws4_request"] {
            key = SymmetricKey(data: Data(HMAC<SHA256>.authenticationCode(for: Data(part.utf8), using: key)))
        }
        return key
    }

    /// Stage 4: the hex HMAC of the string to sign under the signing key.
    public func signature(stringToSign: String, date: Date) -> String {
        HMAC<SHA256>.authenticationCode(for: Data(stringToSign.utf8), using: signingKey(date: date)).hexString
    }

    /// The `Authorization` header value.
    public func authorization(signedHeaders: String, signature: String, date: Date) -> String {
        "\(Self.algorithm) Credential=\(credentials.accessKeyID)/\(credentialScope(date: date)), "
            + "SignedHeaders=\(signedHeaders), Signature=\(signature)"
    }

    /// Signs a request: adds `X-Amz-Date`, the session token and (when asked) `X-Amz-Content-SHA256`
    /// to `headers`, signs every header but `unsignedHeaders`, and returns all the headers to send,
    /// `Authorization` last.
    /// - Parameters:
    ///   - path: the path as sent on the wire (see `CanonicalRequest`).
    ///   - headers: must include `Host` (as sent, with a non-default port).
    public func sign(
        method: String, path: String, query: [(name: String, value: String)] = [],
        headers: [(name: String, value: String)], payload: PayloadHash, date: Date,
        sessionToken placement: SessionTokenPlacement = .signed, addContentSHA256: Bool = false
    ) -> SignedRequest {
        var outgoing = headers.filter {
            let name = $0.name.lowercased()
            return name != "authorization" && name != "x-amz-date" && name != "x-amz-security-token"
        }
        outgoing.append(("X-Amz-Date", SigningDate(date).timestamp))
        if addContentSHA256 { outgoing.append(("X-Amz-Content-SHA256", payload.value)) }
        if let token = credentials.sessionToken, placement == .signed {
            outgoing.append(("X-Amz-Security-Token", token))
        }
        let toSign = outgoing.filter { !Self.unsignedHeaders.contains($0.name.lowercased()) }
        let canonical = canonicalRequest(method: method, path: path, query: query, headers: toSign, payload: payload)
        let stringToSign = stringToSign(canonicalRequest: canonical, date: date)
        let authorization = authorization(
            signedHeaders: canonical.signedHeaders, signature: signature(stringToSign: stringToSign, date: date),
            date: date)
        if let token = credentials.sessionToken, placement == .appendedAfterSigning {
            outgoing.append(("X-Amz-Security-Token", token))
        }
        outgoing.append(("Authorization", authorization))
        return SignedRequest(
            headers: outgoing, canonicalRequest: canonical, stringToSign: stringToSign, authorization: authorization)
    }
}

/// The result of `SigV4Signer.sign`: the headers to send and the intermediate stages (for tests
/// and for debugging a `SignatureDoesNotMatch`; none of them holds the secret).
public struct SignedRequest: Sendable {
    public var headers: [(name: String, value: String)]
    public var canonicalRequest: CanonicalRequest
    public var stringToSign: String
    public var authorization: String
}
