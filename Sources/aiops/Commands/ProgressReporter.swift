import Foundation
import Synchronization

/// Progress on stderr: a redrawn bar when stderr is a terminal, plain lines otherwise (logs, CI).
final class ProgressReporter: Sendable {
    private let label: String
    private let interactive: Bool
    private let state = Mutex<Int>(-1)

    init(label: String) {
        self.label = label
        interactive = isatty(STDERR_FILENO) == 1
    }

    func update(done: Int, total: Int, item: String) {
        state.withLock { last in
            guard done != last else { return }
            last = done
            if interactive {
                let width = 30
                let filled = total > 0 ? width * done / total : width
                let bar = String(repeating: "█", count: filled) + String(repeating: "░", count: width - filled)
                let tail = item.count > 40 ? "…" + item.suffix(39) : item
                FileHandle.standardError.write(Data("\r\u{1B}[2K\(label) \(bar) \(done)/\(total) \(tail)".utf8))
            } else if done > 0 {
                FileHandle.standardError.write(Data("\(label): \(done)/\(total) \(item)\n".utf8))
            }
        }
    }

    func finish() {
        if interactive { FileHandle.standardError.write(Data("\n".utf8)) }
    }
}
