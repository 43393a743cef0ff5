/// Sends a shell script to an instance through SSM Run Command: the seam between the trigger
/// and the AWS client, so the trigger can be tested and could run on another SDK.
package protocol RunCommandSender: Sendable {
    /// Runs `command` (a shell script) on the instance `instanceID` with the `AWS-RunShellScript`
    /// document; returns the command id SSM gave it.
    func send(command: String, instanceID: String) async throws -> String
}

/// What SSM Run Command takes from the trigger.
package enum RunCommand {
    /// The SSM document that runs shell commands on Linux instances.
    package static let documentName = "AWS-RunShellScript"

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
