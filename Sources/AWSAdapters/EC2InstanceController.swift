public import AIOpsCore
public import AWSClient
import Foundation

/// Reboots, stops and starts EC2 instances, and runs the runbooks' commands through SSM (the
/// remediation engine guards and audits each call).
///
/// A Run Command is `AWS-RunShellScript` with a fixed script per action: a unit name that
/// `ServiceName` allowed is the only value that enters one. Each call waits for its result, so a
/// command that failed on the instance is an action that failed, escalated to a person.
public struct EC2InstanceController: InstanceController {
    private let ec2: any EC2API
    private let ssm: (any SSMRunbookAPI)?
    private let waiting: Waiting

    /// How long to wait, and how often to look, for a command, an automation or a stop to end.
    public struct Waiting: Sendable {
        public var interval: Duration
        public var timeout: Duration

        public init(interval: Duration = .seconds(5), timeout: Duration = .seconds(600)) {
            self.interval = interval
            self.timeout = timeout
        }
    }

    /// - Parameter ssm: for the restart, free-disk and automation runbooks; without it they fail
    ///   with a message saying so.
    public init(ec2: any EC2API, ssm: (any SSMRunbookAPI)? = nil, waiting: Waiting = Waiting()) {
        self.ec2 = ec2
        self.ssm = ssm
        self.waiting = waiting
    }

    public func reboot(instanceID: String) async throws { try await ec2.rebootInstances([instanceID]) }
    public func stop(instanceID: String) async throws { _ = try await ec2.stopInstances([instanceID]) }
    public func start(instanceID: String) async throws { _ = try await ec2.startInstances([instanceID]) }

    /// EC2 refuses to start an instance that is still `stopping`: waits for `stopped` in between.
    public func stopAndStart(instanceID: String) async throws {
        _ = try await ec2.stopInstances([instanceID])
        let state = try await poll("\(instanceID) to stop") {
            let state = try await ec2.describeInstances(filters: [], instanceIDs: [instanceID]).first?.state
            return state == "stopped" || state == "terminated" || state == nil ? state ?? "gone" : nil
        }
        guard state == "stopped" else {
            throw AIOpsError(.conflict, "cannot start \(instanceID) again: it is \(state), not stopped")
        }
        _ = try await ec2.startInstances([instanceID])
    }

    public func restartService(_ service: ServiceName, instanceID: String) async throws {
        try await run(Self.restartScript(service), on: instanceID, comment: "aiops runbook: restart \(service.unit)")
    }

    public func freeDisk(instanceID: String) async throws {
        try await run(Self.freeDiskScript, on: instanceID, comment: "aiops runbook: free disk space")
    }

    public func runAutomation(document: String, instanceID: String) async throws {
        let ssm = try requireSSM("run \(document)")
        let id = try await ssm.startAutomation(document: document, parameters: ["InstanceId": [instanceID]])
        let execution = try await poll("automation \(id) (\(document))") {
            let execution = try await ssm.automationExecution(id: id)
            return execution.isFinished ? execution : nil
        }
        guard execution.status == "Success" || execution.status == "CompletedWithSuccess" else {
            throw AIOpsError(
                .unavailable,
                "automation \(document) on \(instanceID) ended \(execution.status)"
                    + (execution.failureMessage.map { ": \($0.prefix(300))" } ?? ""))
        }
    }

    /// `systemctl restart`, then a check that the unit is active: a unit that fails to start again
    /// is a failed action.
    static func restartScript(_ service: ServiceName) -> [String] {
        ["set -eu", "systemctl restart -- '\(service.unit)'", "systemctl is-active --quiet -- '\(service.unit)'"]
    }

    /// The journal down to 200 MB and a week, and temporary files untouched for two days; what is
    /// left is printed for the command's output.
    static let freeDiskScript = [
        "set -u",
        "journalctl --vacuum-size=200M --vacuum-time=7d",
        "find /tmp /var/tmp -xdev -type f -atime +2 -delete",
        "df -P /",
    ]

    private func run(_ script: [String], on instanceID: String, comment: String) async throws {
        let ssm = try requireSSM(comment)
        let command = try await ssm.sendCommand(
            documentName: "AWS-RunShellScript", instanceIDs: [instanceID], parameters: ["commands": script],
            comment: comment, timeoutSeconds: Int(waiting.timeout.components.seconds))
        let invocation = try await poll("command \(command.commandId) on \(instanceID)") {
            do {
                let invocation = try await ssm.commandInvocation(commandID: command.commandId, instanceID: instanceID)
                return invocation.isFinished ? invocation : nil
            } catch let error as AWSError where error.code == "InvocationDoesNotExist" {
                return nil  // SSM has not registered the invocation yet: it does a moment after SendCommand
            }
        }
        guard invocation.status == "Success" else {
            throw AIOpsError(
                .unavailable,
                "\(comment) on \(instanceID): the command ended \(invocation.status)"
                    + (invocation.responseCode.map { " (exit \($0))" } ?? "")
                    + (invocation.standardErrorContent.flatMap { $0.isEmpty ? nil : ": \($0.prefix(300))" } ?? ""))
        }
    }

    private func requireSSM(_ what: String) throws -> any SSMRunbookAPI {
        guard let ssm else {
            throw AIOpsError(.unavailable, "cannot \(what): this controller has no SSM client")
        }
        return ssm
    }

    /// Asks `check` until it answers, sleeping `waiting.interval` between tries, for at most `waiting.timeout`.
    private func poll<T: Sendable>(_ what: String, _ check: () async throws -> T?) async throws -> T {
        let clock = ContinuousClock()
        let deadline = clock.now.advanced(by: waiting.timeout)
        while true {
            if let answer = try await check() { return answer }
            guard clock.now < deadline else {
                throw AIOpsError(.unavailable, "gave up waiting for \(what) after \(waiting.timeout)")
            }
            try await Task.sleep(for: waiting.interval)
        }
    }
}
