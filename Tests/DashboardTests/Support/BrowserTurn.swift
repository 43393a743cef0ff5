/// One Chromium test at a time. Each starts a browser and a server; two at once on two cores,
/// beside the rest of the suite, starved each other (CI saw the serve test's page never fill).
actor BrowserTurn {
    static let shared = BrowserTurn()
    private var busy = false
    private var waiters: [CheckedContinuation<Void, Never>] = []

    /// Runs `body` when no other browser test runs.
    static func take<T: Sendable>(_ body: () async throws -> T) async throws -> T {
        await shared.acquire()
        do {
            let result = try await body()
            await shared.release()
            return result
        } catch {
            await shared.release()
            throw error
        }
    }

    private func acquire() async {
        if !busy {
            busy = true
            return
        }
        await withCheckedContinuation { waiters.append($0) }
    }

    private func release() {
        if waiters.isEmpty { busy = false } else { waiters.removeFirst().resume() }
    }
}
