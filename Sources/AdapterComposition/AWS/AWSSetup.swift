import AWSAdapters
public import AWSClient

/// Creates what the agent needs on AWS when it is missing: the two SNS topics and the DynamoDB
/// table (with its indexes and TTL). Idempotent: for moto, LocalStack and quick trials;
/// Terraform does it for real deployments.
public enum AWSSetup {
    /// What exists after setup.
    public struct Result: Sendable, Hashable, Codable {
        public var anomalyTopicARN: String
        public var criticalTopicARN: String
        public var table: String
    }

    public static func ensure(
        _ configuration: AgentSettings, sns: any SNSAPI, dynamoDB: any DynamoDBAPI
    ) async throws -> Result {
        // CreateTopic returns the existing topic's ARN when it exists already.
        var anomaly = configuration.anomalyTopicARN
        if anomaly == nil { anomaly = try await sns.createTopic(name: configuration.anomalyTopicName) }
        var critical = configuration.criticalTopicARN
        if critical == nil { critical = try await sns.createTopic(name: configuration.criticalTopicName) }
        try await DynamoDBIncidentStore(dynamoDB: dynamoDB, table: configuration.table).createTableIfMissing()
        return Result(anomalyTopicARN: anomaly ?? "", criticalTopicARN: critical ?? "", table: configuration.table)
    }
}
