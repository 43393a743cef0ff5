import Dispatch
import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// SIGINT (Ctrl-C) and SIGTERM as an event, so a long-running command ends cleanly: its store
/// closed and status 0, rather than killed with 130 and a store file that needs its journal.
enum ShutdownSignal {
    /// Waits for the next SIGINT or SIGTERM and returns its name; nil when the waiting task is
    /// cancelled first. While it waits, the signals no longer end the process on their own.
    static func next() async -> String? {
        let (stream, continuation) = AsyncStream.makeStream(of: String.self, bufferingPolicy: .bufferingNewest(1))
        let watched: [(Int32, String)] = [(SIGINT, "SIGINT"), (SIGTERM, "SIGTERM")]
        // The sources live as long as the stream; only their event handlers run, on Dispatch's queue.
        nonisolated(unsafe) let sources = watched.map { number, name in
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { continuation.yield(name) }
            source.resume()
            return source
        }
        continuation.onTermination = { _ in
            for source in sources { source.cancel() }
        }
        defer { continuation.finish() }
        for await name in stream { return name }
        return nil
    }
}
