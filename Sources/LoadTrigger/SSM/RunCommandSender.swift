/// Sends a shell script to an instance through SSM Run Command: the seam between the trigger
/// and the AWS client, so the trigger can be tested and could run on another SDK.
package protocol RunCommandSender: Sendable {
    /// Runs `command` (a shell script) on the instance `instanceID` with the `AWS-RunShellScript`
    /// document; returns the command id SSM gave it.
    func send(command: String, instanceID: String) async throws -> String
}

/// What the SSM trigger started, for the command's output.
package struct RunCommandReceipt: Sendable, Hashable {
    package var commandID: String
    package var instanceID: String
    package var minutes: Int

    package init(commandID: String, instanceID: String, minutes: Int) {
        self.commandID = commandID
        self.instanceID = instanceID
        self.minutes = minutes
    }
}

/// Starts the CPU load on an instance through SSM Run Command.
package struct SSMTrigger<Sender: RunCommandSender>: Sendable {
    /// The SSM document that runs shell commands on Linux instances.
    package static var documentName: String { "AWS-RunShellScript" }

    private let sender: Sender

    package init(sender: Sender) { self.sender = sender }

    /// Sends the stress script; SSM runs it asynchronously, so this returns once SSM accepted it.
    package func start(instanceID: String, script: StressScript) async throws(TriggerError) -> RunCommandReceipt {
        try Self.validate(instanceID: instanceID)
        let commandID: String
        do {
            commandID = try await sender.send(command: script.text, instanceID: instanceID)
        } catch let error as TriggerError {
            throw error
        } catch {
            throw TriggerError(
                .sendFailed, "SSM SendCommand to \(instanceID) failed: \(error)", underlying: error)
        }
        return RunCommandReceipt(commandID: commandID, instanceID: instanceID, minutes: script.minutes)
    }

    /// EC2 instance ids (`i-` and 8 or 17 hex digits) and SSM managed-node ids (`mi-`, 17 hex
    /// digits); anything else is a typo SSM would answer with a less helpful error.
    package static func validate(instanceID: String) throws(TriggerError) {
        let parts = instanceID.split(separator: "-", maxSplits: 1)
        let hex = parts.count == 2 ? parts[1] : ""
        let valid =
            parts.count == 2 && (parts[0] == "i" || parts[0] == "mi") && [8, 17].contains(hex.count)
            && hex.allSatisfy { $0.isHexDigit && !$0.isUppercase }
        guard valid else {
            throw TriggerError(
                .invalidArgument,
                "\"\(instanceID)\" is not an instance id: expected i- followed by 8 or 17 lowercase hex digits "
                    + "(e.g. i-0123456789abcdef0), as in the Terraform output target_ec2_instance_id")
        }
    }
}
