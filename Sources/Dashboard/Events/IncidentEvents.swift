public import AIOpsCore
import Foundation
import Synchronization

/// The change feed of incidents: whoever writes an incident publishes it here, and every open
/// event stream receives it.
///
/// Publishers are the API itself (acknowledge, resolve, feedback), the pipeline when it runs in the
/// same process (`aiops demo`), and `IncidentChangePoller`, which watches the store for writes made
/// by another process. The same incident state published twice is sent once, so these may overlap.
public final class IncidentEvents: Sendable {
    /// What a subscriber receives: a change, or a heartbeat that keeps idle connections open.
    enum Message: Sendable, Hashable {
        case change(IncidentChange)
        case heartbeat
    }

    private struct State {
        var subscribers: [UInt64: AsyncStream<Message>.Continuation] = [:]
        var nextSubscriber: UInt64 = 0
        var sequence: UInt64 = 0
        /// The last state sent per incident id (its hash and `updatedAt`), to drop repeats and stale states.
        var sent: [String: (hash: Int, updatedAt: Date)] = [:]
        var finished = false
    }

    private let state = Mutex(State())
    private let memory: Int

    /// - Parameter memory: how many incidents' last states to remember for dropping repeats.
    public init(memory: Int = 20_000) {
        self.memory = max(memory, 16)
    }

    /// Sends `incident` to every subscriber, unless this very state (or a newer one) was sent already.
    /// Returns true when it was sent.
    @discardableResult
    public func publish(_ incident: Incident, kind: IncidentChange.Kind = .updated) -> Bool {
        let hash = incident.hashValue
        let decided = state.withLock { (state: inout State) -> ([AsyncStream<Message>.Continuation], IncidentChange)? in
            guard !state.finished else { return nil }
            if let last = state.sent[incident.id], last.hash == hash || last.updatedAt > incident.updatedAt {
                return nil
            }
            state.sent[incident.id] = (hash, incident.updatedAt)
            if state.sent.count > memory { forgetOldest(&state) }
            state.sequence += 1
            let change = IncidentChange(kind: kind, incident: incident, sequence: state.sequence)
            return (Array(state.subscribers.values), change)
        }
        guard let decided else { return false }
        let (targets, change) = decided
        for target in targets { target.yield(.change(change)) }
        return true
    }

    /// Sends a heartbeat to every subscriber.
    func heartbeat() {
        let targets = state.withLock { Array($0.subscribers.values) }
        for target in targets { target.yield(.heartbeat) }
    }

    /// A stream of what is published from now on; it ends when `finish()` is called.
    /// A subscriber that falls more than `buffer` messages behind loses the oldest.
    func subscribe(buffer: Int = 512) -> AsyncStream<Message> {
        let (stream, continuation) = AsyncStream.makeStream(of: Message.self, bufferingPolicy: .bufferingNewest(buffer))
        let id: UInt64? = state.withLock { state in
            guard !state.finished else { return nil }
            state.nextSubscriber += 1
            state.subscribers[state.nextSubscriber] = continuation
            return state.nextSubscriber
        }
        guard let id else {
            continuation.finish()
            return stream
        }
        continuation.onTermination = { [weak self] _ in
            self?.state.withLock { _ = $0.subscribers.removeValue(forKey: id) }
        }
        return stream
    }

    /// The number of open subscriptions.
    public var subscriberCount: Int { state.withLock { $0.subscribers.count } }

    /// Ends every subscription (at shutdown, so open event streams close and the server can stop).
    public func finish() {
        let targets = state.withLock { state in
            state.finished = true
            defer { state.subscribers.removeAll() }
            return Array(state.subscribers.values)
        }
        for target in targets { target.finish() }
    }

    /// Forgets the tenth of remembered states that is oldest by `updatedAt`.
    private func forgetOldest(_ state: inout State) {
        let cut = state.sent.count - memory + memory / 10
        let oldest = state.sent.sorted { $0.value.updatedAt < $1.value.updatedAt }.prefix(cut)
        for (id, _) in oldest { state.sent.removeValue(forKey: id) }
    }
}
