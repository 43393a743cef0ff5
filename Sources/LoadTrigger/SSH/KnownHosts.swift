import Crypto
import Foundation

/// The entries of an OpenSSH `known_hosts` file, and the question they answer: is this the key
/// the host had before? Plain, wildcard (`*`, `?`, `!`), `[host]:port` and hashed (`|1|…`) host
/// patterns are read; `@revoked` keys are refused; `@cert-authority` lines are skipped (this
/// client takes no host certificates). Lines it cannot read are skipped, as `ssh` does.
package struct KnownHosts: Sendable {
    /// One line of the file.
    package struct Entry: Sendable, Hashable {
        package enum Marker: Sendable, Hashable { case revoked, certAuthority }
        package var marker: Marker?
        package var patterns: [String]
        /// The key as `ssh` writes it: `type base64`.
        package var key: String
        /// The 1-based line in the file, for messages.
        package var line: Int

        package var keyType: String { String(key.prefix { $0 != " " }) }
    }

    package private(set) var entries: [Entry]

    package init(entries: [Entry] = []) { self.entries = entries }

    /// Reads the text of a known_hosts file.
    package init(text: String) {
        entries = []
        for (index, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            if let entry = Self.parse(rawLine, line: index + 1) { entries.append(entry) }
        }
    }

    /// Reads the file at `path`; a file that does not exist holds no entries.
    package init(contentsOf path: String) throws(TriggerError) {
        guard FileManager.default.fileExists(atPath: path) else {
            self.init()
            return
        }
        do {
            self.init(text: try String(contentsOfFile: path, encoding: .utf8))
        } catch {
            throw TriggerError(
                .knownHosts, "cannot read the known-hosts file \(path): \(OpenSSHPrivateKey.reason(error))",
                underlying: error)
        }
    }

    private static func parse(_ rawLine: Substring, line: Int) -> Entry? {
        var fields = rawLine.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
        guard let first = fields.first, !first.hasPrefix("#") else { return nil }
        var marker: Entry.Marker?
        if first.hasPrefix("@") {
            switch first {
            case "@revoked": marker = .revoked
            case "@cert-authority": marker = .certAuthority
            default: return nil
            }
            fields.removeFirst()
        }
        guard fields.count >= 3 else { return nil }
        let patterns = fields[0].split(separator: ",").map { String($0) }
        return Entry(marker: marker, patterns: patterns, key: "\(fields[1]) \(fields[2])", line: line)
    }

    /// The name a host is recorded under: `host` on port 22, `[host]:port` on any other.
    package static func hostName(host: String, port: Int) -> String {
        port == 22 ? host : "[\(host)]:\(port)"
    }

    /// The line `ssh` would append for this host and key.
    package static func line(host: String, port: Int, key: String) -> String {
        "\(hostName(host: host, port: port)) \(key)"
    }

    /// The entries that apply to `host` on `port`: a pattern of the line matches and no negated
    /// one does.
    package func entries(host: String, port: Int) -> [Entry] {
        let name = Self.hostName(host: host, port: port).lowercased()
        return entries.filter { entry in
            var matched = false
            for pattern in entry.patterns {
                if pattern.hasPrefix("!") {
                    if Self.matches(String(pattern.dropFirst()).lowercased(), name) { return false }
                } else if pattern.hasPrefix("|1|") {
                    if Self.matchesHashed(pattern, name) { matched = true }
                } else if Self.matches(pattern.lowercased(), name) {
                    matched = true
                }
            }
            return matched
        }
    }

    /// `ssh`'s fingerprint of a key: `SHA256:` and the unpadded base64 of the key blob's SHA-256.
    package static func fingerprint(_ key: String) -> String {
        let blob = key.split(separator: " ").dropFirst().first.flatMap { Data(base64Encoded: String($0)) } ?? Data()
        let digest = Data(SHA256.hash(data: blob)).base64EncodedString()
        return "SHA256:" + digest.trimmingCharacters(in: CharacterSet(charactersIn: "="))
    }

    /// A glob with `*` (any run) and `?` (one character), as in ssh_config patterns.
    static func matches(_ pattern: String, _ name: String) -> Bool {
        let pattern = Array(pattern.utf8)
        let name = Array(name.utf8)
        var p = 0
        var n = 0
        var star: Int?
        var resume = 0
        while n < name.count {
            if p < pattern.count, pattern[p] == UInt8(ascii: "?") || pattern[p] == name[n] {
                p += 1
                n += 1
            } else if p < pattern.count, pattern[p] == UInt8(ascii: "*") {
                star = p
                resume = n
                p += 1
            } else if let starAt = star {
                p = starAt + 1
                resume += 1
                n = resume
            } else {
                return false
            }
        }
        while p < pattern.count, pattern[p] == UInt8(ascii: "*") { p += 1 }
        return p == pattern.count
    }

    /// `|1|salt|hash`: the base64 HMAC-SHA1 of the host name keyed by the salt (`HashKnownHosts`).
    static func matchesHashed(_ pattern: String, _ name: String) -> Bool {
        let parts = pattern.dropFirst(3).split(separator: "|", omittingEmptySubsequences: false)
        guard parts.count == 2, let salt = Data(base64Encoded: String(parts[0])),
            let hash = Data(base64Encoded: String(parts[1]))
        else { return false }
        let code = HMAC<Insecure.SHA1>.authenticationCode(for: Data(name.utf8), using: SymmetricKey(data: salt))
        return Data(code) == hash
    }
}
