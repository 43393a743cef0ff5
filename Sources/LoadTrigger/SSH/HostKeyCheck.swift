import Foundation

/// Decides whether to trust the key a server presents, from a known-hosts file, like `ssh` with
/// `StrictHostKeyChecking` set to `yes` (or `accept-new` when `acceptNew` is set): a known key
/// passes, an unknown host is refused unless trust on first use was asked for, and a changed or
/// revoked key is always refused. It never accepts without either a match or that request.
package struct HostKeyCheck: Sendable {
    /// What the check concluded.
    package enum Verdict: Sendable, Hashable {
        /// The key is recorded for this host.
        case trusted
        /// The host has no entry; `record` is the line to append to trust it.
        case acceptedNew(record: String)
    }

    package let host: String
    package let port: Int
    package let knownHosts: KnownHosts
    /// The file, named in messages and appended to on first use.
    package let path: String
    package let acceptNew: Bool

    package init(host: String, port: Int, knownHosts: KnownHosts, path: String, acceptNew: Bool) {
        self.host = host
        self.port = port
        self.knownHosts = knownHosts
        self.path = path
        self.acceptNew = acceptNew
    }

    /// Checks `key` (`type base64`, as `ssh` writes it).
    package func verify(_ key: String) throws(TriggerError) -> Verdict {
        let name = KnownHosts.hostName(host: host, port: port)
        let fingerprint = KnownHosts.fingerprint(key)
        if let revoked = knownHosts.entries.first(where: { $0.marker == .revoked && $0.key == key }) {
            throw TriggerError(
                .hostKeyMismatch,
                "the host key of \(name) (\(fingerprint)) is marked @revoked in \(path):\(revoked.line); refusing to connect"
            )
        }
        let entries = knownHosts.entries(host: host, port: port).filter { $0.marker == nil }
        if entries.contains(where: { $0.key == key }) { return .trusted }
        let keyType = String(key.prefix { $0 != " " })
        if let sameType = entries.first(where: { $0.keyType == keyType }) {
            throw TriggerError(
                .hostKeyMismatch,
                "the host key of \(name) has CHANGED: it presented \(keyType) \(fingerprint), but \(path):\(sameType.line) "
                    + "records another. Someone may be intercepting the connection, or the instance was replaced; "
                    + "if you know it was replaced, remove the old entry (ssh-keygen -R '\(name)' -f \(path)) and "
                    + "connect again")
        }
        if !entries.isEmpty {
            let known = Set(entries.map(\.keyType)).sorted().joined(separator: ", ")
            throw TriggerError(
                .hostKeyMismatch,
                "\(name) presented a \(keyType) host key (\(fingerprint)), but \(path) records only \(known) keys for it; "
                    + "check the key out of band and add it (ssh-keyscan -t \(keyType) -p \(port) \(host) >> \(path))")
        }
        guard acceptNew else {
            throw TriggerError(
                .unknownHostKey,
                "\(name) is not in \(path); its \(keyType) host key is \(fingerprint). Check that fingerprint "
                    + "(e.g. in the instance's console output), then pass --accept-new-host-key to trust and record it")
        }
        return .acceptedNew(record: KnownHosts.line(host: host, port: port, key: key))
    }

    /// Appends `record` to the known-hosts file, creating the file (and its folder, private to
    /// the user, as `ssh` does) if needed.
    package func record(_ record: String) throws(TriggerError) {
        let url = URL(fileURLWithPath: path)
        do {
            let folder = url.deletingLastPathComponent()
            if !FileManager.default.fileExists(atPath: folder.path) {
                try FileManager.default.createDirectory(
                    at: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            }
            if !FileManager.default.fileExists(atPath: path) {
                guard
                    FileManager.default.createFile(atPath: path, contents: nil, attributes: [.posixPermissions: 0o600])
                else { throw CocoaError(.fileWriteUnknown) }
            }
            let handle = try FileHandle(forUpdating: url)
            defer { try? handle.close() }
            let end = try handle.seekToEnd()
            var text = record + "\n"
            if end > 0 {
                // Keep one entry per line even when the file lacks a final newline.
                try handle.seek(toOffset: end - 1)
                if try handle.read(upToCount: 1) != Data("\n".utf8) { text = "\n" + text }
            }
            try handle.write(contentsOf: Data(text.utf8))
        } catch {
            throw TriggerError(
                .knownHosts, "cannot record the host key in \(path): \(OpenSSHPrivateKey.reason(error))",
                underlying: error)
        }
    }
}
