/// What the client needs to know of one AWS service to call it.
public struct AWSService: Sendable, Hashable {
    /// How requests are written and replies read.
    public enum WireProtocol: Sendable, Hashable {
        /// `POST /` with a JSON body, `X-Amz-Target: <targetPrefix>.<Operation>`.
        case json(version: String, targetPrefix: String)
        /// `POST /` with a form body (`Action=…&Version=…`), XML reply.
        case query(version: String)
        /// EC2's variant of query (lists without `.member.`, `<Response><Errors>` errors).
        case ec2(version: String)
    }

    /// A short name for logs and errors (`CloudWatch`).
    public var name: String
    /// The name in the credential scope (`monitoring`).
    public var signingName: String
    /// The first label of the default host name (`monitoring` in `monitoring.eu-west-1.amazonaws.com`).
    public var endpointPrefix: String
    /// The SDK service id in `AWS_ENDPOINT_URL_<ID>` (`CLOUDWATCH`, `CLOUDWATCH_LOGS`).
    public var endpointVariable: String
    public var wireProtocol: WireProtocol

    public init(
        name: String, signingName: String, endpointPrefix: String, endpointVariable: String,
        wireProtocol: WireProtocol
    ) {
        self.name = name
        self.signingName = signingName
        self.endpointPrefix = endpointPrefix
        self.endpointVariable = endpointVariable
        self.wireProtocol = wireProtocol
    }

    // The protocols both real AWS and moto accept (testdata/aws-protocols.md).
    public static let cloudWatch = AWSService(
        name: "CloudWatch", signingName: "monitoring", endpointPrefix: "monitoring", endpointVariable: "CLOUDWATCH",
        wireProtocol: .json(version: "1.0", targetPrefix: "GraniteServiceVersion20100801"))
    public static let cloudWatchLogs = AWSService(
        name: "CloudWatchLogs", signingName: "logs", endpointPrefix: "logs", endpointVariable: "CLOUDWATCH_LOGS",
        wireProtocol: .json(version: "1.1", targetPrefix: "Logs_20140328"))
    public static let ec2 = AWSService(
        name: "EC2", signingName: "ec2", endpointPrefix: "ec2", endpointVariable: "EC2",
        wireProtocol: .ec2(version: "2016-11-15"))
    public static let sns = AWSService(
        name: "SNS", signingName: "sns", endpointPrefix: "sns", endpointVariable: "SNS",
        wireProtocol: .query(version: "2010-03-31"))
    public static let dynamoDB = AWSService(
        name: "DynamoDB", signingName: "dynamodb", endpointPrefix: "dynamodb", endpointVariable: "DYNAMODB",
        wireProtocol: .json(version: "1.0", targetPrefix: "DynamoDB_20120810"))
    public static let ssm = AWSService(
        name: "SSM", signingName: "ssm", endpointPrefix: "ssm", endpointVariable: "SSM",
        wireProtocol: .json(version: "1.1", targetPrefix: "AmazonSSM"))
    public static let cloudTrail = AWSService(
        name: "CloudTrail", signingName: "cloudtrail", endpointPrefix: "cloudtrail", endpointVariable: "CLOUDTRAIL",
        wireProtocol: .json(version: "1.1", targetPrefix: "com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101"))
    public static let autoScaling = AWSService(
        name: "AutoScaling", signingName: "autoscaling", endpointPrefix: "autoscaling",
        endpointVariable: "AUTO_SCALING", wireProtocol: .query(version: "2011-01-01"))
    public static let secretsManager = AWSService(
        name: "SecretsManager", signingName: "secretsmanager", endpointPrefix: "secretsmanager",
        endpointVariable: "SECRETS_MANAGER", wireProtocol: .json(version: "1.1", targetPrefix: "secretsmanager"))
}
