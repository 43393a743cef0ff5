import Foundation
import LambdaRuntime
import Testing

/// The example events from the AWS documentation decode into our event types.
@Suite struct EventDecodingTests {
    static func fixture(_ name: String) throws -> Data {
        let url = try #require(Bundle.module.url(forResource: "Fixtures/\(name)", withExtension: "json"))
        return try Data(contentsOf: url)
    }

    @Test func scheduledEvent() throws {
        let event = try JSONDecoder().decode(ScheduledEvent.self, from: Self.fixture("eventbridge-scheduled"))
        #expect(event.detailType == "Scheduled Event")
        #expect(event.source == "aws.events")
        #expect(event.resources == ["arn:aws:events:us-east-1:123456789012:rule/ExampleRule"])
        #expect(event.date == Date(timeIntervalSince1970: 1_446_044_400))
    }

    @Test func snsEvent() throws {
        let event = try JSONDecoder().decode(SNSEvent.self, from: Self.fixture("sns"))
        #expect(event.records.count == 1)
        let message = try #require(event.records.first?.sns)
        #expect(message.message == "Hello from SNS!")
        #expect(message.topicArn == "arn:aws:sns:us-east-1:123456789012:sns-lambda")
        #expect(message.messageAttributes?["Test"]?.value == "TestString")
        #expect(message.messageAttributes?["TestBinary"]?.type == "Binary")
    }

    @Test func apiGatewayV2Request() throws {
        let request = try JSONDecoder().decode(APIGatewayV2Request.self, from: Self.fixture("apigateway-v2"))
        #expect(request.version == "2.0")
        #expect(request.rawPath == "/my/path")
        #expect(request.rawQueryString == "parameter1=value1&parameter1=value2&parameter2=value")
        #expect(request.requestContext.http.method == "POST")
        #expect(request.headers?["header1"] == "value1")
        #expect(request.cookies?.count == 2)
        #expect(request.isBase64Encoded == false)
        let response = APIGatewayV2Response(statusCode: 200, headers: ["content-type": "text/plain"], body: "ok")
        let json = try #require(String(data: JSONEncoder().encode(response), encoding: .utf8))
        #expect(json.contains(#""statusCode":200"#))
    }
}
