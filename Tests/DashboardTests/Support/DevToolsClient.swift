import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix
import NIOWebSocket

/// A minimal Chrome DevTools Protocol client: one WebSocket to the browser, commands sent one at a
/// time (to an attached page's session) and their results awaited (events in between are skipped).
final class DevToolsClient {
    struct ProtocolError: Error, CustomStringConvertible {
        var description: String
    }

    private enum Upgrade: Sendable {
        case websocket(NIOAsyncChannel<WebSocketFrame, WebSocketFrame>)
        case refused
    }

    private var inbound: NIOAsyncChannelInboundStream<WebSocketFrame>.AsyncIterator
    private let outbound: NIOAsyncChannelOutboundWriter<WebSocketFrame>
    private var nextID = 0
    /// The page session commands go to, once attached (flat sessions on the browser's connection).
    var sessionID: String?

    private init(
        inbound: NIOAsyncChannelInboundStream<WebSocketFrame>, outbound: NIOAsyncChannelOutboundWriter<WebSocketFrame>
    ) {
        self.inbound = inbound.makeAsyncIterator()
        self.outbound = outbound
    }

    /// Connects to a target's `webSocketDebuggerUrl` (`ws://127.0.0.1:PORT/devtools/browser/ID`), runs
    /// `body` with a client, and closes the connection.
    static func withConnection<T>(to url: URL, _ body: (DevToolsClient) async throws -> T) async throws -> T {
        guard let host = url.host, let port = url.port else { throw ProtocolError(description: "bad URL \(url)") }
        let path = url.path
        let upgrade = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .connect(host: host, port: port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    let upgrader = NIOTypedWebSocketClientUpgrader<Upgrade>(maxFrameSize: 1 << 26) { channel, _ in
                        channel.eventLoop.makeCompletedFuture {
                            .websocket(try NIOAsyncChannel(wrappingChannelSynchronously: channel))
                        }
                    }
                    var headers = HTTPHeaders()
                    headers.add(name: "Host", value: "\(host):\(port)")
                    headers.add(name: "Content-Length", value: "0")
                    let configuration = NIOTypedHTTPClientUpgradeConfiguration<Upgrade>(
                        upgradeRequestHead: HTTPRequestHead(
                            version: .http1_1, method: .GET, uri: path, headers: headers),
                        upgraders: [upgrader],
                        notUpgradingCompletionHandler: { channel in channel.eventLoop.makeSucceededFuture(.refused) })
                    return try channel.pipeline.syncOperations.configureUpgradableHTTPClientPipeline(
                        configuration: .init(upgradeConfiguration: configuration))
                }
            }
        guard case .websocket(let channel) = try await upgrade.get() else {
            throw ProtocolError(description: "the browser refused the WebSocket upgrade at \(url)")
        }
        return try await channel.executeThenClose { inbound, outbound in
            try await body(DevToolsClient(inbound: inbound, outbound: outbound))
        }
    }

    /// Sends `method` with `params` and returns its `result`; a CDP error is thrown.
    @discardableResult
    func send(_ method: String, _ params: [String: Any] = [:]) async throws -> [String: Any] {
        nextID += 1
        let id = nextID
        var command: [String: Any] = ["id": id, "method": method, "params": params]
        if let sessionID { command["sessionId"] = sessionID }
        let message = try JSONSerialization.data(withJSONObject: command)
        try await outbound.write(
            WebSocketFrame(fin: true, opcode: .text, maskKey: .random(), data: ByteBuffer(bytes: message)))
        var pending = ByteBuffer()
        while let frame = try await inbound.next() {
            switch frame.opcode {
            case .text, .continuation:
                var data = frame.unmaskedData
                pending.writeBuffer(&data)
                guard frame.fin else { continue }
                let object = try JSONSerialization.jsonObject(with: Data(pending.readableBytesView)) as? [String: Any]
                pending.clear()
                guard let object, object["id"] as? Int == id else { continue }
                if let error = object["error"] { throw ProtocolError(description: "\(method): \(error)") }
                return object["result"] as? [String: Any] ?? [:]
            case .ping:
                try await outbound.write(
                    WebSocketFrame(fin: true, opcode: .pong, maskKey: .random(), data: frame.unmaskedData))
            case .connectionClose:
                throw ProtocolError(description: "the browser closed the connection")
            default:
                continue
            }
        }
        throw ProtocolError(description: "the browser closed the connection during \(method)")
    }

    /// Evaluates `expression` in the page (awaiting a promise) and returns its value.
    func evaluate(_ expression: String) async throws -> Any? {
        let result = try await send(
            "Runtime.evaluate", ["expression": expression, "returnByValue": true, "awaitPromise": true])
        if let exception = result["exceptionDetails"] {
            throw ProtocolError(description: "\(expression.prefix(80)) threw: \(exception)")
        }
        return (result["result"] as? [String: Any])?["value"]
    }

    /// Evaluates `expression` until it is true, at most `attempts` times 100 ms apart; returns whether it became true.
    /// A bound, not a timing assertion: the default minute is for CI, where the whole suite runs in
    /// parallel on two cores and a page's first answers have taken over 20 s.
    /// While a navigation is under way the expression may run on the page being left (or a blank
    /// one) and throw, e.g. reading a property of an element not there yet: that is "not yet", not
    /// a failure. Should it never hold, the last such error is thrown, so a broken expression
    /// still says what broke.
    func waitUntil(_ expression: String, attempts: Int = 600) async throws -> Bool {
        var lastError: (any Error)?
        for _ in 0..<attempts {
            do {
                if try await evaluate("Boolean(\(expression))") as? Bool == true { return true }
                lastError = nil
            } catch {
                lastError = error
            }
            try await Task.sleep(for: .milliseconds(100))
        }
        if let lastError { throw lastError }
        return false
    }
}
