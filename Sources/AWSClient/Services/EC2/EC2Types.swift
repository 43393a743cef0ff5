public import Foundation

/// A `DescribeInstances` filter (`tag:aiops:monitor` = `true`, `instance-state-name` = `running`).
public struct EC2Filter: Sendable, Hashable {
    public var name: String
    public var values: [String]
    public init(name: String, values: [String]) {
        self.name = name
        self.values = values
    }

    /// Instances carrying tag `key` with one of `values`.
    public static func tag(_ key: String, _ values: [String]) -> EC2Filter {
        EC2Filter(name: "tag:\(key)", values: values)
    }
    /// Instances carrying tag `key`, whatever its value.
    public static func tagKey(_ key: String) -> EC2Filter { EC2Filter(name: "tag-key", values: [key]) }
}

/// An instance as `DescribeInstances` describes it (the fields the agent uses).
public struct EC2Instance: Sendable, Hashable {
    public var instanceID: String
    public var instanceType: String?
    /// `pending`, `running`, `stopping`, `stopped`, `shutting-down`, `terminated`.
    public var state: String
    public var tags: [String: String]
    public var launchTime: Date?
    public var privateIPAddress: String?
    public var availabilityZone: String?

    public init(
        instanceID: String, instanceType: String? = nil, state: String, tags: [String: String] = [:],
        launchTime: Date? = nil, privateIPAddress: String? = nil, availabilityZone: String? = nil
    ) {
        self.instanceID = instanceID
        self.instanceType = instanceType
        self.state = state
        self.tags = tags
        self.launchTime = launchTime
        self.privateIPAddress = privateIPAddress
        self.availabilityZone = availabilityZone
    }

    /// Reads an `<item>` of an `instancesSet`.
    init?(xml item: XMLTree) {
        guard let id = item.string("instanceId"), !id.isEmpty else { return nil }
        var tags: [String: String] = [:]
        for tag in item.child("tagSet")?.children("item") ?? [] {
            if let key = tag.string("key") { tags[key] = tag.string("value") ?? "" }
        }
        self.init(
            instanceID: id, instanceType: item.string("instanceType"),
            state: item.child("instanceState")?.string("name") ?? "unknown", tags: tags,
            launchTime: item.string("launchTime").flatMap(ISO8601Parsing.date),
            privateIPAddress: item.string("privateIpAddress"),
            availabilityZone: item.child("placement")?.string("availabilityZone"))
    }
}

/// The state change `StopInstances`/`StartInstances` report for one instance.
public struct InstanceStateChange: Sendable, Hashable {
    public var instanceID: String
    public var previousState: String?
    public var currentState: String?

    public init(instanceID: String, previousState: String?, currentState: String?) {
        self.instanceID = instanceID
        self.previousState = previousState
        self.currentState = currentState
    }

    init?(xml item: XMLTree) {
        guard let id = item.string("instanceId") else { return nil }
        self.init(
            instanceID: id, previousState: item.child("previousState")?.string("name"),
            currentState: item.child("currentState")?.string("name"))
    }
}
