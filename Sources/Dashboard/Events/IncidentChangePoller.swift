import AIOpsCore
import Logging
import ServiceLifecycle

/// Watches the store for incidents written by another process (`aiops run` writing the SQLite
/// file `aiops serve` reads) and publishes them to the change feed; also sends the heartbeats that
/// keep idle event streams open. At graceful shutdown it ends every event stream.
struct IncidentChangePoller<Store: IncidentStore>: Service {
    var store: Store
    var events: IncidentEvents
    var interval: Duration
    var heartbeat: Duration
    var logger: Logger
    /// How many of the newest incidents to watch, besides every open or acknowledged one.
    var window = 200

    func run() async throws {
        await withGracefulShutdownHandler {
            var detector = IncidentChangeDetector()
            var sinceHeartbeat = Duration.zero
            while !Task.isCancelled && !Task.isShuttingDownGracefully {
                await poll(&detector)
                try? await cancelWhenGracefulShutdown { try await Task.sleep(for: interval) }
                sinceHeartbeat += interval
                if sinceHeartbeat >= heartbeat {
                    events.heartbeat()
                    sinceHeartbeat = .zero
                }
            }
        } onGracefulShutdown: {
            events.finish()
        }
        events.finish()
    }

    /// One look at the store; a failing store is logged and tried again at the next tick.
    func poll(_ detector: inout IncidentChangeDetector) async {
        do {
            var seen = try await store.incidents(matching: IncidentFilter(), limit: window, cursor: nil).items
            for status in [IncidentStatus.open, .acknowledged] {
                seen += try await store.incidents(matching: IncidentFilter(status: status), limit: 500, cursor: nil)
                    .items
            }
            let ids = Set(seen.map(\.id))
            for id in detector.knownIDs where !ids.contains(id) {
                if let incident = try await store.incident(id: id) { seen.append(incident) }
            }
            for (kind, incident) in detector.changes(in: seen) {
                events.publish(incident, kind: kind)
            }
        } catch {
            logger.warning("could not read incidents from the store", metadata: ["error": "\(error)"])
        }
    }
}
