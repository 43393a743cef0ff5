import AIOpsCore
import Foundation
import Hummingbird

/// Encodes API documents: ISO 8601 dates (as the events between stages), sorted keys for stable output.
enum JSONBody {
    static func encoder() -> JSONEncoder { EventCodec.encoder() }

    static func decoder() -> JSONDecoder { EventCodec.decoder() }

    /// A JSON response; an encoding failure (a value JSON cannot hold) becomes a 500 with a JSON body.
    static func response(_ value: some Encodable, status: HTTPResponse.Status = .ok) -> Response {
        let data: Data
        do {
            data = try encoder().encode(value)
        } catch {
            data = Data(#"{"error":{"code":"internal","message":"the answer could not be encoded as JSON"}}"#.utf8)
            return Response(
                status: .internalServerError, headers: [.contentType: "application/json; charset=utf-8"],
                body: .init(byteBuffer: ByteBuffer(bytes: data)))
        }
        return Response(
            status: status, headers: [.contentType: "application/json; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    /// A 200 answer of JSON already written.
    static func response(json: ByteBuffer) -> Response {
        Response(
            status: .ok, headers: [.contentType: "application/json; charset=utf-8"], body: .init(byteBuffer: json))
    }
}
