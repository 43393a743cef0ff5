/// An API Gateway HTTP API request (payload format 2.0).
public struct APIGatewayV2Request: Codable, Sendable, Hashable {
    public struct RequestContext: Codable, Sendable, Hashable {
        public struct HTTP: Codable, Sendable, Hashable {
            public var method: String
            public var path: String
            public var protocolName: String?
            public var sourceIp: String?
            public var userAgent: String?

            enum CodingKeys: String, CodingKey {
                case method, path, sourceIp, userAgent
                case protocolName = "protocol"
            }
        }
        public var accountId: String?
        public var apiId: String?
        public var domainName: String?
        public var requestId: String
        public var routeKey: String?
        public var stage: String?
        public var time: String?
        public var timeEpoch: Int64?
        public var http: HTTP
    }

    public var version: String
    public var routeKey: String
    public var rawPath: String
    public var rawQueryString: String
    public var cookies: [String]?
    public var headers: [String: String]?
    public var queryStringParameters: [String: String]?
    public var pathParameters: [String: String]?
    public var requestContext: RequestContext
    public var body: String?
    public var isBase64Encoded: Bool
}

/// The response an HTTP API integration returns (payload format 2.0).
public struct APIGatewayV2Response: Codable, Sendable, Hashable {
    public var statusCode: Int
    public var headers: [String: String]?
    public var cookies: [String]?
    public var body: String?
    public var isBase64Encoded: Bool?

    public init(
        statusCode: Int, headers: [String: String]? = nil, cookies: [String]? = nil, body: String? = nil,
        isBase64Encoded: Bool? = nil
    ) {
        self.statusCode = statusCode
        self.headers = headers
        self.cookies = cookies
        self.body = body
        self.isBase64Encoded = isBase64Encoded
    }
}

/// A Lambda REQUEST authorizer's event (HTTP API, payload 2.0) and its simple response.
public struct APIGatewayV2AuthorizerRequest: Codable, Sendable, Hashable {
    public var version: String
    public var type: String
    public var routeArn: String
    public var identitySource: [String]?
    public var routeKey: String?
    public var rawPath: String?
    public var headers: [String: String]?
}

public struct APIGatewayV2SimpleAuthorizerResponse: Codable, Sendable, Hashable {
    public var isAuthorized: Bool
    public init(isAuthorized: Bool) { self.isAuthorized = isAuthorized }
}
