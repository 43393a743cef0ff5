public import AIOpsCore
public import AWSClient

/// Reboots, stops and starts EC2 instances (the remediation engine guards and audits each call).
public struct EC2InstanceController: InstanceController {
    private let ec2: any EC2API

    public init(ec2: any EC2API) { self.ec2 = ec2 }

    public func reboot(instanceID: String) async throws { try await ec2.rebootInstances([instanceID]) }
    public func stop(instanceID: String) async throws { _ = try await ec2.stopInstances([instanceID]) }
    public func start(instanceID: String) async throws { _ = try await ec2.startInstances([instanceID]) }
}
