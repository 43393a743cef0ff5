public import Foundation

/// An activity of an Auto Scaling group: an instance launched, terminated or replaced.
public struct ScalingActivity: Sendable, Hashable {
    public var activityID: String
    public var groupName: String
    /// `Launching a new EC2 instance: i-0abc…`.
    public var description: String
    /// Why, in Auto Scaling's words (a scaling policy, a health check, a person's change).
    public var cause: String?
    public var startTime: Date
    /// `Successful`, `InProgress`, `Failed`, `Cancelled`…
    public var statusCode: String?

    public init(
        activityID: String, groupName: String, description: String, cause: String? = nil, startTime: Date,
        statusCode: String? = nil
    ) {
        self.activityID = activityID
        self.groupName = groupName
        self.description = description
        self.cause = cause
        self.startTime = startTime
        self.statusCode = statusCode
    }

    /// Reads a `<member>` of `Activities`.
    init?(xml member: XMLTree) {
        guard let id = member.string("ActivityId"), let start = member.string("StartTime").flatMap(ISO8601Parsing.date)
        else { return nil }
        self.init(
            activityID: id, groupName: member.string("AutoScalingGroupName") ?? "",
            description: member.string("Description") ?? "", cause: member.string("Cause"), startTime: start,
            statusCode: member.string("StatusCode"))
    }
}

/// The Auto Scaling call the agent makes.
public protocol AutoScalingAPI: Sendable {
    /// The activities of group `groupName` that started at or after `since`, newest first, pages
    /// followed up to `maxActivities`.
    func describeScalingActivities(groupName: String, since: Date, maxActivities: Int) async throws
        -> [ScalingActivity]
}

/// Auto Scaling over the query protocol.
public struct AutoScalingClient: AutoScalingAPI {
    /// Activities per page (the API's limit).
    public static let maxPageSize = 100
    private let executor: AWSRequestExecutor

    public init(executor: AWSRequestExecutor) { self.executor = executor }

    public func describeScalingActivities(groupName: String, since: Date, maxActivities: Int = 100) async throws
        -> [ScalingActivity]
    {
        guard !groupName.isEmpty else {
            throw AWSError(.invalidParameter, "DescribeScalingActivities needs a group name")
        }
        var parameters = QueryParameters()
        parameters.add("AutoScalingGroupName", groupName)
        parameters.add("MaxRecords", "\(min(max(maxActivities, 1), Self.maxPageSize))")
        var activities: [ScalingActivity] = []
        var token: String?
        repeat {
            var page = parameters
            page.add("NextToken", token)
            let result = try await executor.query(.autoScaling, "DescribeScalingActivities", page)
                .first(named: "DescribeScalingActivitiesResult")
            let members = result?.child("Activities")?.children("member").compactMap(ScalingActivity.init(xml:)) ?? []
            activities += members.filter { $0.startTime >= since }
            // Newest first: a page reaching back before `since` is the last one needed.
            let older = members.contains { $0.startTime < since }
            let next = result?.string("NextToken").flatMap { $0.isEmpty ? nil : $0 }
            token = older || next == token ? nil : next
        } while token != nil && activities.count < maxActivities
        return Array(activities.prefix(maxActivities))
    }
}
