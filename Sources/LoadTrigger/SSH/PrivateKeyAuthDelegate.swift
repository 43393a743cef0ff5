import NIOCore
import NIOSSH
import Synchronization

/// Offers the one private key, once: if the server refuses it there is nothing else to try.
final class PrivateKeyAuthDelegate: NIOSSHClientUserAuthenticationDelegate, Sendable {
    private let user: String
    private let key: OpenSSHPrivateKey
    private let keySource: String
    private let failure: ConnectionFailure
    private let offered = Mutex(false)

    init(user: String, key: OpenSSHPrivateKey, keySource: String, failure: ConnectionFailure) {
        self.user = user
        self.key = key
        self.keySource = keySource
        self.failure = failure
    }

    func nextAuthenticationType(
        availableMethods: NIOSSHAvailableUserAuthenticationMethods,
        nextChallengePromise: EventLoopPromise<NIOSSHUserAuthenticationOffer?>
    ) {
        let alreadyOffered = offered.withLock { previous in
            defer { previous = true }
            return previous
        }
        guard availableMethods.contains(.publicKey), !alreadyOffered else {
            let error = TriggerError(
                .authentication,
                alreadyOffered
                    ? "the server refused the \(key.algorithm) key \(keySource) for user \(user): is its public half in "
                        + "~\(user)/.ssh/authorized_keys on the instance, and is --user right (ec2-user on Amazon Linux, "
                        + "ubuntu on Ubuntu)?"
                    : "the server does not accept public-key authentication for \(user)")
            failure.record(error)
            nextChallengePromise.fail(error)
            return
        }
        nextChallengePromise.succeed(
            NIOSSHUserAuthenticationOffer(
                username: user, serviceName: "", offer: .privateKey(.init(privateKey: key.key))))
    }
}
