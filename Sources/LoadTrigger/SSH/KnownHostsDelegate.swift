import NIOCore
import NIOSSH

/// Checks the server's host key against known_hosts; records a new one when trust on first use
/// was asked for.
final class KnownHostsDelegate: NIOSSHClientServerAuthenticationDelegate, Sendable {
    private let check: HostKeyCheck
    private let failure: ConnectionFailure
    private let notice: @Sendable (String) -> Void

    init(check: HostKeyCheck, failure: ConnectionFailure, notice: @escaping @Sendable (String) -> Void) {
        self.check = check
        self.failure = failure
        self.notice = notice
    }

    func validateHostKey(hostKey: NIOSSHPublicKey, validationCompletePromise: EventLoopPromise<Void>) {
        let key = String(openSSHPublicKey: hostKey)
        do {
            switch try check.verify(key) {
            case .trusted:
                break
            case .acceptedNew(let record):
                // A one-line append to a small file: not worth a hop to a thread pool.
                try check.record(record)
                notice(
                    "aiops: added \(KnownHosts.hostName(host: check.host, port: check.port)) "
                        + "(\(KnownHosts.fingerprint(key))) to \(check.path)")
            }
            validationCompletePromise.succeed(())
        } catch {
            failure.record(error)
            validationCompletePromise.fail(error)
        }
    }
}
