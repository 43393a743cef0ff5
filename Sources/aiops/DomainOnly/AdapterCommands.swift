import ArgumentParser

extension AIOps {
    /// In an `AIOPS_DOMAIN_ONLY=1` build the adapter commands are not compiled; the demo runs with an
    /// in-memory store and no server.
    static let adapterCommands: [any ParsableCommand.Type] = [Demo.self]
}
