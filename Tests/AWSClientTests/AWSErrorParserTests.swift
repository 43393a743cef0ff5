import AWSClient
import Foundation
import Testing

@Suite struct AWSErrorParserTests {
    @Test func jsonTypeAfterTheHashAndLowerCaseMessage() {
        let response = HTTPResponse(
            status: 400, headers: [("x-amzn-RequestId", "req-1")],
            body: Data(
                #"{"__type":"com.amazonaws.dynamodb.v20120810#ResourceNotFoundException","message":"Requested resource not found"}"#
                    .utf8))
        let error = AWSErrorParser.parse(response, operation: "DynamoDB.GetItem")
        #expect(error.code == .resourceNotFound)
        #expect(error.message == "Requested resource not found")
        #expect(error.statusCode == 400)
        #expect(error.requestID == "req-1")
        #expect("\(error)".contains("DynamoDB.GetItem: ResourceNotFoundException (HTTP 400)"))
    }

    @Test func queryErrorHeaderWinsOverTheJSONType() {
        // CloudWatch over JSON: the header carries the query-era code.
        let response = HTTPResponse(
            status: 400, headers: [("x-amzn-query-error", "InvalidParameterValue;Sender")],
            body: Data(
                #"{"__type":"com.amazonaws.cloudwatch#InvalidParameterValueException","Message":"bad period"}"#.utf8))
        let error = AWSErrorParser.parse(response)
        #expect(error.code.rawValue == "InvalidParameterValue")
        #expect(error.message == "bad period")
    }

    @Test func typeWithAURLSuffixAndTheErrorTypeHeader() {
        let withColon = HTTPResponse(
            status: 400,
            body: Data(#"{"__type":"ValidationException:http://internal.amazon.com/coral/","message":"m"}"#.utf8))
        #expect(AWSErrorParser.parse(withColon).code.rawValue == "ValidationException")
        let headerOnly = HTTPResponse(status: 403, headers: [("X-Amzn-ErrorType", "AccessDeniedException:http://x")])
        #expect(AWSErrorParser.parse(headerOnly).code.rawValue == "AccessDeniedException")
    }

    @Test func queryXMLError() {
        let body = """
            <ErrorResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/"><Error><Type>Sender</Type>\
            <Code>NotFound</Code><Message>Topic does not exist</Message></Error><RequestId>r-2</RequestId></ErrorResponse>
            """
        let error = AWSErrorParser.parse(HTTPResponse(status: 404, body: Data(body.utf8)))
        #expect(error.code.rawValue == "NotFound")
        #expect(error.message == "Topic does not exist")
        #expect(error.requestID == "r-2")
    }

    @Test func ec2XMLError() {
        let body = """
            <?xml version="1.0" encoding="UTF-8"?>
            <Response><Errors><Error><Code>InvalidInstanceID.NotFound</Code><Message>The instance ID 'i-1' does not exist</Message></Error></Errors><RequestID>ea966190</RequestID></Response>
            """
        let error = AWSErrorParser.parse(HTTPResponse(status: 400, body: Data(body.utf8)))
        #expect(error.code.rawValue == "InvalidInstanceID.NotFound")
        #expect(error.message == "The instance ID 'i-1' does not exist")
        #expect(error.requestID == "ea966190")
    }

    @Test func unreadableBodiesStillGiveTheStatus() {
        let html = HTTPResponse(status: 502, body: Data("<html><body>Bad Gateway</body></html>\n".utf8))
        let error = AWSErrorParser.parse(html)
        #expect(error.code == .unknown)
        #expect(error.statusCode == 502)
        #expect(error.message.contains("Bad Gateway"))
        let empty = AWSErrorParser.parse(HTTPResponse(status: 429))
        #expect(empty.code.rawValue == "TooManyRequestsException")
        let garbage = AWSErrorParser.parse(HTTPResponse(status: 500, body: Data([0xFF, 0x00, 0x7B])))
        #expect(garbage.statusCode == 500)
    }
}
