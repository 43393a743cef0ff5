import ArgumentParser

extension AIOps {
    /// In an `AIOPS_DOMAIN_ONLY=1` build the adapter commands are not compiled.
    static let adapterCommands: [any ParsableCommand.Type] = []
}
