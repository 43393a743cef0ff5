/// The EC2 calls the agent makes.
public protocol EC2API: Sendable {
    /// Instances matching every filter (and among `instanceIDs` when not empty), every page followed.
    func describeInstances(filters: [EC2Filter], instanceIDs: [String]) async throws -> [EC2Instance]
    func rebootInstances(_ instanceIDs: [String]) async throws
    func stopInstances(_ instanceIDs: [String]) async throws -> [InstanceStateChange]
    func startInstances(_ instanceIDs: [String]) async throws -> [InstanceStateChange]
}
