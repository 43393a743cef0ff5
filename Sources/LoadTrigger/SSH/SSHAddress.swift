/// Where the SSH server listens: `HOST`, `HOST:PORT`, `[IPv6]` or `[IPv6]:PORT`, port 22 by default.
package struct SSHAddress: Sendable, Hashable, CustomStringConvertible {
    package var host: String
    package var port: Int

    package init(host: String, port: Int = 22) {
        self.host = host
        self.port = port
    }

    /// Parses the `--host` argument.
    package init(parsing text: String) throws(TriggerError) {
        let invalid = TriggerError(
            .invalidArgument, "--host \"\(text)\" is not HOST, HOST:PORT or [IPv6]:PORT (e.g. 203.0.113.7:22)")
        var host = Substring(text)
        var portText: Substring?
        if host.hasPrefix("[") {
            guard let close = host.firstIndex(of: "]") else { throw invalid }
            let rest = host[host.index(after: close)...]
            host = host[host.index(after: host.startIndex)..<close]
            if !rest.isEmpty {
                guard rest.hasPrefix(":") else { throw invalid }
                portText = rest.dropFirst()
            }
        } else if host.filter({ $0 == ":" }).count == 1, let colon = host.firstIndex(of: ":") {
            portText = host[host.index(after: colon)...]
            host = host[..<colon]
        } else if host.contains(":") {
            // A bare IPv6 address: no port can be told apart from its last group.
            portText = nil
        }
        guard !host.isEmpty, !host.contains(where: { $0.isWhitespace || $0 == "/" }) else { throw invalid }
        var port = 22
        if let portText {
            guard let value = Int(portText), (1...65535).contains(value) else {
                throw TriggerError(.invalidArgument, "--host \"\(text)\": the port must be a number from 1 to 65535")
            }
            port = value
        }
        self.init(host: String(host), port: port)
    }

    package var description: String { host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)" }
}
