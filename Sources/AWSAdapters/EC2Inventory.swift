public import AIOpsCore
public import AWSClient

/// The instances to watch: EC2 instances carrying the monitoring tag, not terminated.
public struct EC2Inventory: InstanceInventory {
    private let ec2: any EC2API
    private let monitorTag: TagSelector

    public init(ec2: any EC2API, monitorTag: TagSelector = .monitor) {
        self.ec2 = ec2
        self.monitorTag = monitorTag
    }

    public func monitoredInstances() async throws -> [Instance] {
        let tagFilter = monitorTag.value.map { EC2Filter.tag(monitorTag.key, [$0]) } ?? .tagKey(monitorTag.key)
        let live = EC2Filter(name: "instance-state-name", values: ["pending", "running", "stopping", "stopped"])
        return try await ec2.describeInstances(filters: [tagFilter, live], instanceIDs: [])
            .map(Self.instance)
            .sorted { ($0.name, $0.id) < ($1.name, $1.id) }
    }

    public func instance(id: String) async throws -> Instance? {
        do {
            return try await ec2.describeInstances(filters: [], instanceIDs: [id]).first.map(Self.instance)
        } catch let error as AWSError where error.code.rawValue.hasPrefix("InvalidInstanceID") {
            return nil
        }
    }

    /// The core's view of an EC2 instance; its name is the `Name` tag, else its id.
    static func instance(_ described: EC2Instance) -> Instance {
        Instance(
            id: described.instanceID,
            name: described.tags["Name"].flatMap { $0.isEmpty ? nil : $0 } ?? described.instanceID,
            tags: described.tags, state: InstanceState(rawValue: described.state) ?? .pending)
    }
}
