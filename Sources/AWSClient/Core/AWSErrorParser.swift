import Foundation

/// Reads AWS's error replies, whatever the protocol, into `AWSError`.
///
/// - JSON (`__type`, `code`, `message`/`Message`), with the `x-amzn-query-error` header
///   (`Code;Sender`, sent by services that moved from query to JSON) taking precedence, then
///   `x-amzn-ErrorType`;
/// - query/XML: `<ErrorResponse><Error><Code>`, and EC2's `<Response><Errors><Error><Code>`;
/// - request id from `x-amzn-requestid`, `x-amz-request-id`, or the XML `RequestId`/`RequestID`.
public enum AWSErrorParser {
    /// The error AWS's reply describes; never fails (an unreadable body gives `UnknownError` with
    /// the status, and a short excerpt of the body as the message).
    public static func parse(_ response: HTTPResponse, operation: String? = nil) -> AWSError {
        var code: String?
        var message: String?
        var requestID = response.header("x-amzn-requestid") ?? response.header("x-amz-request-id")
        if let header = response.header("x-amzn-query-error"), let first = header.split(separator: ";").first {
            code = String(first)
        }
        let body = response.body
        let firstByte = body.first { !($0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09) }
        if firstByte == UInt8(ascii: "{") {
            if let object = (try? JSONSerialization.jsonObject(with: body)) as? [String: Any] {
                let typeField =
                    (object["__type"] as? String) ?? (object["code"] as? String) ?? (object["Code"] as? String)
                code = code ?? typeField.map(shapeName)
                message =
                    (object["message"] as? String) ?? (object["Message"] as? String)
                    ?? (object["errorMessage"] as? String)
            }
        } else if firstByte == UInt8(ascii: "<"), let root = try? XMLTree.parse(body) {
            // <ErrorResponse><Error>…</Error><RequestId>, <Response><Errors><Error>…</Error></Errors><RequestID>,
            // or a bare <Error> (S3 style).
            if let error = root.first(named: "Error") {
                code = code ?? error.string("Code")
                message = error.string("Message") ?? error.string("message")
            }
            requestID =
                requestID ?? root.string("RequestId") ?? root.string("RequestID")
                ?? root.first(named: "RequestId").map { $0.text } ?? root.first(named: "RequestID").map { $0.text }
        }
        if code == nil, let header = response.header("x-amzn-ErrorType") { code = shapeName(header) }
        let resolvedMessage = message ?? (code == nil ? excerpt(body) : "")
        return AWSError(
            code.map { AWSError.Code($0) } ?? (response.status == 429 ? "TooManyRequestsException" : .unknown),
            resolvedMessage, statusCode: response.status, requestID: requestID, operation: operation)
    }

    /// `com.amazonaws.dynamodb.v20120810#ResourceNotFoundException` → `ResourceNotFoundException`;
    /// `ValidationException:http://internal.amazon.com/…` → `ValidationException`.
    static func shapeName(_ type: String) -> String {
        var name = Substring(type)
        if let hash = name.lastIndex(of: "#") { name = name[name.index(after: hash)...] }
        if let colon = name.firstIndex(of: ":") { name = name[..<colon] }
        return name.trimmingCharacters(in: .whitespaces)
    }

    /// The start of an unreadable body, printable characters only, for the message.
    private static func excerpt(_ body: Data) -> String {
        let text = String(decoding: body.prefix(200), as: UTF8.self)
        let cleaned = String(text.unicodeScalars.map { $0.properties.isWhitespace ? " " : Character($0) })
            .trimmingCharacters(in: .whitespaces)
        return cleaned.isEmpty ? "no error details in the reply" : cleaned
    }
}
