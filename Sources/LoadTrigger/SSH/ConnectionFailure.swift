import NIOCore
import Synchronization

/// The first error of a connection that says more than the one NIO surfaces: a refused host key
/// or key shows up downstream as a closed channel, so the delegates record why here.
final class ConnectionFailure: Sendable {
    private let error = Mutex<TriggerError?>(nil)

    func record(_ failure: TriggerError) {
        error.withLock { if $0 == nil { $0 = failure } }
    }

    var recorded: TriggerError? { error.withLock { $0 } }
}

/// Closes the connection on the first error and remembers it.
final class ConnectionErrorHandler: ChannelInboundHandler, Sendable {
    typealias InboundIn = Any
    private let failure: ConnectionFailure
    private let address: SSHAddress

    init(failure: ConnectionFailure, address: SSHAddress) {
        self.failure = failure
        self.address = address
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        failure.record(TriggerError(.connection, "the SSH session with \(address) failed: \(error)", underlying: error))
        context.close(promise: nil)
    }
}
