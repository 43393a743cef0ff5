import NIOCore
import NIOSSH

/// A chunk of the remote command's output.
package enum SSHOutput: Sendable, Hashable {
    case stdout(String)
    case stderr(String)
}

/// Runs one command on an SSH session channel: sends `exec`, closes its input (the script reads
/// none), passes output on as it arrives, and completes with the exit status when the channel closes.
final class ExecHandler: ChannelDuplexHandler {
    typealias InboundIn = SSHChannelData
    typealias OutboundIn = Never
    typealias OutboundOut = SSHChannelData

    private let command: String
    private let output: @Sendable (SSHOutput) -> Void
    private var completion: EventLoopPromise<Int32>?
    private var exitStatus: Int?
    private var exitSignal: String?
    private var refused = false

    init(command: String, output: @escaping @Sendable (SSHOutput) -> Void, completion: EventLoopPromise<Int32>) {
        self.command = command
        self.output = output
        self.completion = completion
    }

    func handlerAdded(context: ChannelHandlerContext) {
        // The server half-closes (EOF) before it sends the exit status; keep reading after it.
        do {
            try context.channel.syncOptions?.setOption(ChannelOptions.allowRemoteHalfClosure, value: true)
        } catch {
            completion?.fail(error)
            completion = nil
        }
    }

    func channelActive(context: ChannelHandlerContext) {
        let exec = SSHChannelRequestEvent.ExecRequest(command: command, wantReply: true)
        context.triggerUserOutboundEvent(exec, promise: nil)
        context.close(mode: .output, promise: nil)
        context.fireChannelActive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let message = unwrapInboundIn(data)
        guard case .byteBuffer(let bytes) = message.data else { return }
        let text = String(buffer: bytes)
        switch message.type {
        case .channel: output(.stdout(text))
        case .stdErr: output(.stderr(text))
        default: break
        }
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        switch event {
        case let status as SSHChannelRequestEvent.ExitStatus:
            exitStatus = status.exitStatus
        case let signal as SSHChannelRequestEvent.ExitSignal:
            exitSignal = signal.signalName
        case is ChannelFailureEvent:
            refused = true
            context.close(promise: nil)
        default:
            context.fireUserInboundEventTriggered(event)
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        completion?.fail(error)
        completion = nil
        context.close(promise: nil)
    }

    func channelInactive(context: ChannelHandlerContext) {
        defer { completion = nil }
        if refused {
            completion?.fail(
                TriggerError(.remoteCommand, "the server refused to run the command (exec request denied)"))
        } else if let exitStatus {
            completion?.succeed(Int32(truncatingIfNeeded: exitStatus))
        } else if let exitSignal {
            completion?.fail(TriggerError(.remoteCommand, "the remote command was killed by signal \(exitSignal)"))
        } else {
            completion?.fail(TriggerError(.remoteCommand, "the remote command ended without an exit status"))
        }
        context.fireChannelInactive()
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        completion?.fail(TriggerError(.remoteCommand, "the SSH channel closed before the command finished"))
        completion = nil
    }
}
