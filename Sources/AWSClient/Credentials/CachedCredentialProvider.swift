public import Foundation
public import Logging
public import SigV4

/// Keeps the credentials of another provider and fetches new ones shortly before they expire.
///
/// Concurrent callers during a refresh share one fetch. If a refresh fails while the old
/// credentials are still valid, those are returned (and the failure logged) so a blip of the
/// metadata service does not fail calls.
public actor CachedCredentialProvider: CredentialProvider {
    private let provider: any CredentialProvider
    private let refreshBefore: TimeInterval
    private let now: @Sendable () -> Date
    private let logger: Logger
    private var current: Credentials?
    /// The fetch in flight. A stored, awaited task rather than structured concurrency because
    /// callers that arrive during the fetch must join it instead of starting their own.
    private var refreshing: Task<Credentials, any Error>?

    /// - Parameter refreshBefore: how long before expiry to fetch new credentials.
    public init(
        _ provider: any CredentialProvider, refreshBefore: Duration = .seconds(300),
        now: @escaping @Sendable () -> Date = { Date() }, logger: Logger = Logger(label: "aiops.aws.credentials")
    ) {
        self.provider = provider
        self.refreshBefore = Double(refreshBefore.components.seconds)
        self.now = now
        self.logger = logger
    }

    public func credentials() async throws -> Credentials {
        if let current, !needsRefresh(current) { return current }
        if let refreshing { return try await refreshing.value }
        let task = Task { [provider] in try await provider.credentials() }
        refreshing = task
        defer { refreshing = nil }
        do {
            let fresh = try await task.value
            current = fresh
            return fresh
        } catch {
            if let current, let expiration = current.expiration, expiration > now() {
                logger.warning(
                    "credential refresh failed; using the current credentials until they expire",
                    metadata: ["aws.error": "\(error)", "aws.credentials-expire": "\(expiration)"])
                return current
            }
            throw error
        }
    }

    /// Drops the cached credentials (AWS answered that they expired before their stated expiry,
    /// e.g. a revoked session): the next call fetches new ones.
    public func invalidate() async {
        current = nil
        await provider.invalidate()
    }

    private func needsRefresh(_ credentials: Credentials) -> Bool {
        guard let expiration = credentials.expiration else { return false }
        return expiration.timeIntervalSince(now()) <= refreshBefore
    }
}
