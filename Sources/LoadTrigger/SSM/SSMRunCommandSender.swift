package import AWSClient

/// Sends scripts with the AWS client's SSM `SendCommand` and the `AWS-RunShellScript` document.
package struct SSMRunCommandSender<API: SSMAPI>: RunCommandSender {
    private let ssm: API

    package init(ssm: API) { self.ssm = ssm }

    package func send(command: String, instanceID: String) async throws -> String {
        try await ssm.sendCommand(
            documentName: RunCommand.documentName, instanceIDs: [instanceID],
            parameters: ["commands": Self.commandLines(command)], comment: "aiops trigger: CPU load",
            timeoutSeconds: nil
        ).commandId
    }

    /// A script as the `commands` parameter: one element per line, as the console and
    /// `aws ssm send-command` show and write them (the agent joins them back with newlines).
    package static func commandLines(_ script: String) -> [String] {
        var lines = script.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if lines.last == "" { lines.removeLast() }
        return lines
    }
}
