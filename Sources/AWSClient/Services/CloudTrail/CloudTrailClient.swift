public import Foundation

/// A management event of CloudTrail's event history, as `LookupEvents` returns it (the fields
/// the agent reads).
public struct CloudTrailEvent: Decodable, Sendable, Hashable {
    /// A resource the event names (`AWS::EC2::Instance` `i-0abc…`).
    public struct Resource: Decodable, Sendable, Hashable {
        public var type: String?
        public var name: String?

        enum CodingKeys: String, CodingKey {
            case type = "ResourceType"
            case name = "ResourceName"
        }
    }

    public var eventID: String
    /// The API call: `RunInstances`, `SendCommand`…
    public var eventName: String
    public var eventTime: Date
    /// The service called: `ec2.amazonaws.com`, `ssm.amazonaws.com`.
    public var eventSource: String?
    /// Who called it (a user, a role session).
    public var username: String?
    public var resources: [Resource]?
    /// The whole event as JSON text (request parameters included).
    public var document: String?

    public init(
        eventID: String, eventName: String, eventTime: Date, eventSource: String? = nil, username: String? = nil,
        resources: [Resource]? = nil, document: String? = nil
    ) {
        self.eventID = eventID
        self.eventName = eventName
        self.eventTime = eventTime
        self.eventSource = eventSource
        self.username = username
        self.resources = resources
        self.document = document
    }

    enum CodingKeys: String, CodingKey {
        case eventID = "EventId"
        case eventName = "EventName"
        case eventTime = "EventTime"
        case eventSource = "EventSource"
        case username = "Username"
        case resources = "Resources"
        case document = "CloudTrailEvent"
    }
}

/// The CloudTrail call the agent makes.
public protocol CloudTrailAPI: Sendable {
    /// The management events naming the resource `resourceName` in `start...end`, newest first,
    /// pages followed up to `maxEvents`.
    func lookupEvents(resourceName: String, start: Date, end: Date, maxEvents: Int) async throws -> [CloudTrailEvent]
}

/// CloudTrail over AWS JSON 1.1.
public struct CloudTrailClient: CloudTrailAPI {
    /// Events per `LookupEvents` page (the API's limit).
    public static let maxPageSize = 50
    private let executor: AWSRequestExecutor

    public init(executor: AWSRequestExecutor) { self.executor = executor }

    struct Attribute: Encodable {
        var AttributeKey: String
        var AttributeValue: String
    }

    struct Input: Encodable {
        // One attribute per call: the API takes no more.
        var LookupAttributes: [Attribute]
        var StartTime: Date
        var EndTime: Date
        var MaxResults: Int
        var NextToken: String?
    }

    struct Output: Decodable {
        var Events: [CloudTrailEvent]?
        var NextToken: String?
    }

    public func lookupEvents(resourceName: String, start: Date, end: Date, maxEvents: Int = 200) async throws
        -> [CloudTrailEvent]
    {
        guard !resourceName.isEmpty else { throw AWSError(.invalidParameter, "LookupEvents needs a resource name") }
        var input = Input(
            LookupAttributes: [Attribute(AttributeKey: "ResourceName", AttributeValue: resourceName)],
            StartTime: start, EndTime: end, MaxResults: min(max(maxEvents, 1), Self.maxPageSize))
        var events: [CloudTrailEvent] = []
        repeat {
            let output = try await executor.json(.cloudTrail, "LookupEvents", input, as: Output.self)
            events += output.Events ?? []
            input.NextToken = output.NextToken.flatMap { $0.isEmpty || $0 == input.NextToken ? nil : $0 }
        } while input.NextToken != nil && events.count < maxEvents
        return Array(events.prefix(maxEvents))
    }
}
