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
    private let sender: Sender

    package init(sender: Sender) { self.sender = sender }

    /// Sends the stress script; SSM runs it asynchronously, so this returns once SSM accepted it.
    package func start(instanceID: String, script: StressScript) async throws(TriggerError) -> RunCommandReceipt {
        try RunCommand.validate(instanceID: instanceID)
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
}
