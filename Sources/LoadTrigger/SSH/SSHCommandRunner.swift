import NIOCore
import NIOPosix
import NIOSSH

/// Runs one command on a host over SSH with public-key authentication and known-hosts checking,
/// streaming its output; returns its exit status.
package struct SSHCommandRunner: Sendable {
    package var address: SSHAddress
    package var user: String
    package var key: OpenSSHPrivateKey
    /// The key file, named in messages.
    package var keySource: String
    package var hostKeyCheck: HostKeyCheck
    package var connectTimeout: Duration = .seconds(15)
    /// The whole session, installing stress-ng included (a package install can take minutes).
    package var commandTimeout: Duration = .seconds(600)

    package init(
        address: SSHAddress, user: String, key: OpenSSHPrivateKey, keySource: String, hostKeyCheck: HostKeyCheck
    ) {
        self.address = address
        self.user = user
        self.key = key
        self.keySource = keySource
        self.hostKeyCheck = hostKeyCheck
    }

    /// Runs `command`; `output` gets its output as it arrives and `notice` the client's own
    /// messages (a newly trusted host key), both on an event loop thread.
    package func run(
        _ command: String, output: @escaping @Sendable (SSHOutput) -> Void,
        notice: @escaping @Sendable (String) -> Void = { _ in }
    ) async throws(TriggerError) -> Int32 {
        let failure = ConnectionFailure()
        let channel = try await connect(failure: failure, notice: notice)
        do {
            let status = try await exec(command, on: channel, failure: failure, output: output)
            try? await channel.close()
            return status
        } catch {
            try? await channel.close()
            if let recorded = failure.recorded { throw recorded }
            if let error = error as? TriggerError { throw error }
            throw TriggerError(.connection, "the SSH session with \(address) failed: \(error)", underlying: error)
        }
    }

    private func connect(
        failure: ConnectionFailure, notice: @escaping @Sendable (String) -> Void
    ) async throws(TriggerError) -> any Channel {
        let userAuth = PrivateKeyAuthDelegate(user: user, key: key, keySource: keySource, failure: failure)
        let serverAuth = KnownHostsDelegate(check: hostKeyCheck, failure: failure, notice: notice)
        let address = self.address
        let bootstrap = ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .connectTimeout(TimeAmount(connectTimeout))
            .channelOption(ChannelOptions.socket(IPPROTO_TCP, TCP_NODELAY), value: 1)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    let configuration = SSHClientConfiguration(
                        userAuthDelegate: userAuth, serverAuthDelegate: serverAuth)
                    try channel.pipeline.syncOperations.addHandlers(
                        NIOSSHHandler(
                            role: .client(configuration), allocator: channel.allocator,
                            inboundChildChannelInitializer: nil),
                        ConnectionErrorHandler(failure: failure, address: address))
                }
            }
        do {
            return try await bootstrap.connect(host: address.host, port: address.port).get()
        } catch {
            throw TriggerError(.connection, "cannot connect to \(address): \(Self.reason(error))", underlying: error)
        }
    }

    private func exec(
        _ command: String, on channel: any Channel, failure: ConnectionFailure,
        output: @escaping @Sendable (SSHOutput) -> Void
    ) async throws -> Int32 {
        let loop = channel.eventLoop
        let status = loop.makePromise(of: Int32.self)
        // Whatever ends the connection first (a refused key, the server, the deadline) ends the
        // wait; completing a promise twice keeps the first result.
        channel.closeFuture.whenComplete { _ in
            status.fail(failure.recorded ?? TriggerError(.connection, "the server at \(address) closed the connection"))
        }
        let deadline = loop.scheduleTask(in: TimeAmount(commandTimeout)) {
            failure.record(
                TriggerError(.timeout, "the command on \(address) did not finish within \(commandTimeout)"))
            channel.close(promise: nil)
        }
        defer { deadline.cancel() }
        let child = loop.makePromise(of: (any Channel).self)
        child.futureResult.whenFailure { status.fail($0) }
        loop.execute {
            do {
                let ssh = try channel.pipeline.syncOperations.handler(type: NIOSSHHandler.self)
                ssh.createChannel(child, channelType: .session) { childChannel, _ in
                    childChannel.eventLoop.makeCompletedFuture {
                        try childChannel.pipeline.syncOperations.addHandler(
                            ExecHandler(command: command, output: output, completion: status))
                    }
                }
            } catch {
                child.fail(error)
            }
        }
        return try await status.futureResult.get()
    }
}

extension SSHCommandRunner {
    /// NIO's connection errors list every address tried; a person wants the reason.
    fileprivate static func reason(_ error: any Error) -> String {
        if let error = error as? NIOConnectionError {
            if let first = error.connectionErrors.first { return reason(first.error) }
            if let resolution = error.dnsAAAAError ?? error.dnsAError {
                return "cannot resolve the host: \(resolution)"
            }
        }
        if let error = error as? IOError { return String(cString: strerror(error.errnoCode)).lowercased() }
        if case .connectTimeout(let amount)? = error as? ChannelError {
            return "no answer within \(amount.nanoseconds / 1_000_000_000) s"
        }
        return "\(error)"
    }
}

extension TimeAmount {
    fileprivate init(_ duration: Duration) {
        let (seconds, attoseconds) = duration.components
        self = .nanoseconds(seconds * 1_000_000_000 + attoseconds / 1_000_000_000)
    }
}
