import HTTPTypes
import Hummingbird
import NIOCore
import Synchronization

/// Gathers a response body written by Hummingbird, so that it can go back as one event payload.
final class CollectedBody: Sendable {
    struct Writer: ResponseBodyWriter {
        let storage: CollectedBody

        mutating func write(_ buffer: ByteBuffer) async throws { try storage.append(buffer) }

        consuming func finish(_ trailingHeaders: HTTPFields?) async throws {}
    }

    private let limit: Int
    private let buffer = Mutex(ByteBuffer())

    init(limit: Int) { self.limit = limit }

    var bytes: ByteBuffer { buffer.withLock { $0 } }

    func append(_ part: ByteBuffer) throws {
        try buffer.withLock { collected in
            guard collected.readableBytes + part.readableBytes <= limit else {
                throw LambdaRuntimeError(
                    .responseTooLarge, "the response body is larger than \(limit) bytes, more than Lambda can return")
            }
            var part = part
            collected.writeBuffer(&part)
        }
    }
}
