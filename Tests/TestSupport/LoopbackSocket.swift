import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The blocking TCP socket calls the loopback helpers share (client, server, fault proxy): IPv4
/// on 127.0.0.1 only, no dependency on the code under test.
public enum LoopbackSocket {
    /// A port nothing listens on right now (bound then released), for a process that cannot pick
    /// its own (port 0).
    public static func freePort() -> Int? {
        guard let (fd, port) = openListener() else { return nil }
        close(fd)
        return port
    }

    /// A listening socket on 127.0.0.1 and a port the system picked; nil when none could be made.
    static func openListener(backlog: Int32 = 128) -> (fd: Int32, port: Int)? {
        guard let fd = newSocket() else { return nil }
        var yes: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
        var address = loopback(port: 0)
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, length) == 0 && listen(fd, backlog) == 0 && getsockname(fd, $0, &length) == 0
            }
        }
        guard bound else {
            close(fd)
            return nil
        }
        return (fd, Int(UInt16(bigEndian: address.sin_port)))
    }

    /// A socket connected to 127.0.0.1:`port`, reads timing out after `timeoutSeconds`; nil when
    /// nothing accepts. The caller closes it.
    static func openConnection(port: Int, timeoutSeconds: Int) -> Int32? {
        guard let fd = newSocket() else { return nil }
        var timeout = timeval(tv_sec: timeoutSeconds, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var address = loopback(port: port)
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard connected == 0 else {
            close(fd)
            return nil
        }
        return fd
    }

    /// Sends all of `data`; false when the peer is gone (MSG_NOSIGNAL: a peer that closed early
    /// gives an error, not a SIGPIPE that kills the tests).
    @discardableResult
    static func sendAll(_ fd: Int32, _ data: Data) -> Bool {
        #if canImport(Glibc)
            let flags = Int32(MSG_NOSIGNAL)
        #else
            let flags: Int32 = 0
        #endif
        return data.withUnsafeBytes { raw in
            guard var pointer = raw.baseAddress else { return true }
            var left = raw.count
            while left > 0 {
                let sent = send(fd, pointer, left, flags)
                guard sent > 0 else { return false }
                pointer += sent
                left -= sent
            }
            return true
        }
    }

    /// Reads until the peer closes (or a read times out or fails).
    static func readToEnd(_ fd: Int32) -> Data {
        var reply = Data()
        var chunk = [UInt8](repeating: 0, count: 65_536)
        while true {
            let count = recv(fd, &chunk, chunk.count, 0)
            if count <= 0 { break }
            reply.append(contentsOf: chunk[0..<count])
        }
        return reply
    }

    /// One blocking exchange with 127.0.0.1:`port`: send everything, read to EOF; nil when
    /// nothing accepts or the request could not be sent.
    static func exchange(port: Int, _ request: Data, timeoutSeconds: Int) -> Data? {
        guard let fd = openConnection(port: port, timeoutSeconds: timeoutSeconds) else { return nil }
        defer { close(fd) }
        guard sendAll(fd, request) else { return nil }
        return readToEnd(fd)
    }

    private static func newSocket() -> Int32? {
        #if canImport(Glibc)
            let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        #else
            let fd = socket(AF_INET, SOCK_STREAM, 0)
        #endif
        return fd >= 0 ? fd : nil
    }

    private static func loopback(port: Int) -> sockaddr_in {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = UInt16(port).bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        return address
    }
}
