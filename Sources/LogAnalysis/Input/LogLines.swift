import Foundation

/// Splits UTF-8 text into lines without copying: `\n` ends a line and a `\r` before it is dropped.
/// A final line without a newline counts; the empty remainder after a final newline does not.
public enum LogLines {
    public static func forEach(
        in text: UnsafeBufferPointer<UInt8>, _ body: (UnsafeBufferPointer<UInt8>) throws -> Void
    ) rethrows {
        guard let base = text.baseAddress else { return }
        var start = 0
        let n = text.count
        while start < n {
            var end = n
            if let found = memchr(base + start, Int32(UInt8(ascii: "\n")), n - start) {
                end = base.distance(to: found.assumingMemoryBound(to: UInt8.self))
            }
            var stop = end
            if stop > start, text[stop - 1] == UInt8(ascii: "\r") { stop -= 1 }
            try body(UnsafeBufferPointer(rebasing: text[start..<stop]))
            start = end + 1
        }
    }
}
