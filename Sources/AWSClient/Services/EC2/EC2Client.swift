/// EC2 over the EC2 query protocol.
public struct EC2Client: EC2API {
    static let maxPages = 10_000
    private let executor: AWSRequestExecutor
    /// Instances per `DescribeInstances` page (5 to 1000; tests make it small to page).
    private let pageSize: Int

    public init(executor: AWSRequestExecutor, pageSize: Int = 1000) {
        self.executor = executor
        self.pageSize = min(max(pageSize, 5), 1000)
    }

    public func describeInstances(filters: [EC2Filter], instanceIDs: [String] = []) async throws -> [EC2Instance] {
        var parameters = QueryParameters()
        for (index, filter) in filters.enumerated() {
            parameters.add("Filter.\(index + 1).Name", filter.name)
            parameters.addList("Filter.\(index + 1).Value", filter.values)
        }
        parameters.addList("InstanceId", instanceIDs)
        // EC2 refuses MaxResults together with instance ids; it pages only without them.
        if instanceIDs.isEmpty { parameters.add("MaxResults", "\(pageSize)") }
        var instances: [EC2Instance] = []
        var token: String?
        var pages = 0
        repeat {
            var page = parameters
            page.add("NextToken", token)
            let reply = try await executor.query(.ec2, "DescribeInstances", page)
            for reservation in reply.child("reservationSet")?.children("item") ?? [] {
                for item in reservation.child("instancesSet")?.children("item") ?? [] {
                    if let instance = EC2Instance(xml: item) { instances.append(instance) }
                }
            }
            let next = reply.string("nextToken").flatMap { $0.isEmpty ? nil : $0 }
            token = next == token ? nil : next
            pages += 1
        } while token != nil && pages < Self.maxPages
        return instances
    }

    public func rebootInstances(_ instanceIDs: [String]) async throws {
        _ = try await stateCall("RebootInstances", instanceIDs)
    }

    public func stopInstances(_ instanceIDs: [String]) async throws -> [InstanceStateChange] {
        try await stateCall("StopInstances", instanceIDs).child("instancesSet")?.children("item")
            .compactMap(InstanceStateChange.init(xml:)) ?? []
    }

    public func startInstances(_ instanceIDs: [String]) async throws -> [InstanceStateChange] {
        try await stateCall("StartInstances", instanceIDs).child("instancesSet")?.children("item")
            .compactMap(InstanceStateChange.init(xml:)) ?? []
    }

    private func stateCall(_ action: String, _ instanceIDs: [String]) async throws -> XMLTree {
        guard !instanceIDs.isEmpty else {
            throw AWSError(.invalidParameter, "\(action) needs at least one instance id")
        }
        var parameters = QueryParameters()
        parameters.addList("InstanceId", instanceIDs)
        return try await executor.query(.ec2, action, parameters)
    }
}
