import ArgumentParser

extension AIOps {
    /// Commands that need the adapters (AWS, SQLite, the dashboard server). Left out of
    /// `AIOPS_DOMAIN_ONLY=1` builds.
    static let adapterCommands: [any ParsableCommand.Type] = [
        Demo.self, Serve.self, AWSSetupCommand.self, DetectCommand.self, Trigger.self, AgentRunCommand.self,
        SilenceCommand.self,
    ]
}
