import AWSTestSupport
import Foundation
import TestSupport
import Testing

/// How `bootstrap` behaves towards the Runtime API whatever the function: bad events are answered
/// with an error and the next event is served; bad configuration is reported at start-up.
@Suite struct RuntimeBehaviourTests {
    @Test func malformedEventsGetErrorsAndTheNextInvocationIsServed() async throws {
        let moto = try Moto()
        let runtime = try RuntimeAPIServer()
        defer { runtime.stop() }
        let environment = moto.server.environment.merging([
            "AIOPS_TABLE": Moto.unique("aiops-events"),
            "AIOPS_ANOMALY_TOPIC_ARN": "arn:aws:sns:us-east-1:123456789012:aiops-anomalies",
            "AIOPS_CRITICAL_TOPIC_ARN": "arn:aws:sns:us-east-1:123456789012:aiops-critical-alerts",
        ]) { $1 }
        let rca = try BootstrapProcess(handler: "rca", runtimeAPI: runtime.endpoint, environment: environment)
        defer { rca.stop() }

        let garbage = runtime.invoke("{not json")
        #expect(garbage?.kind == .error, "\(rca.output)")
        #expect(garbage?.errorType == "InvalidEvent")
        #expect(garbage?.body.contains("errorMessage") == true)

        let foreign = runtime.invoke(
            Moto.snsEvent(
                #"{"Type":"Notification","MessageId":"m-1","TopicArn":"arn:aws:sns:us-east-1:123456789012:x","#
                    + #""Message":"{\"type\":\"something.else\",\"version\":1}","Timestamp":"2026-11-25T18:00:00Z"}"#,
                topicARN: "arn:aws:sns:us-east-1:123456789012:x"))
        #expect(foreign?.kind == .error, "\(rca.output)")
        #expect(foreign?.body.contains("something.else") == true, "\(foreign?.body ?? "")")

        // Still serving: an SNS event with no records is handled (and does nothing).
        let empty = runtime.invoke(#"{"Records":[]}"#)
        #expect(empty?.kind == .response, "\(rca.output)")
        #expect(empty?.body == "[]")
        #expect(rca.isRunning)
        #expect(rca.output.contains("aws.request-id"), "logs are JSON lines tagged with the request id")
    }

    @Test func badConfigurationIsReportedToInitError() throws {
        let runtime = try RuntimeAPIServer()
        defer { runtime.stop() }
        let detector = try BootstrapProcess(
            handler: "detector", runtimeAPI: runtime.endpoint,
            environment: ["AIOPS_DRY_RUN": "perhaps", "AWS_REGION": "us-east-1", "AWS_EC2_METADATA_DISABLED": "true"])
        defer { detector.stop() }
        let report = runtime.wait(timeout: 300) { $0.first { $0.kind == .initError } }
        #expect(report?.body.contains("AIOPS_DRY_RUN") == true, "\(report?.body ?? "none")\n\(detector.output)")
        #expect(report?.errorType == "AIOpsError", "the module's error by its name, not ModuleError<…Domain>")
        #expect(detector.waitForExit(timeout: 120).map { $0 != 0 } == true, "it exits after reporting")
    }

    @Test func unknownHandlerIsReportedToInitError() throws {
        let runtime = try RuntimeAPIServer()
        defer { runtime.stop() }
        let unknown = try BootstrapProcess(handler: "detecter", runtimeAPI: runtime.endpoint, environment: [:])
        defer { unknown.stop() }
        let report = runtime.wait(timeout: 300) { $0.first { $0.kind == .initError } }
        #expect(report?.body.contains("detecter") == true, "\(report?.body ?? "none")\n\(unknown.output)")
        #expect(report?.body.contains("remediation") == true, "names the functions it serves")
        #expect(unknown.waitForExit(timeout: 120).map { $0 != 0 } == true)
    }

    /// Traces on, but nothing listens at the collector's address: the invocation is answered all
    /// the same (the export is given up and logged), and the next one too.
    @Test func unreachableTraceCollectorFailsNoInvocation() throws {
        let runtime = try RuntimeAPIServer()
        defer { runtime.stop() }
        let authorizer = try BootstrapProcess(
            handler: "authorizer", runtimeAPI: runtime.endpoint,
            environment: [
                "AIOPS_API_TOKEN": "s3cret-token", "OTEL_EXPORTER_OTLP_ENDPOINT": "http://127.0.0.1:9",
                "OTEL_EXPORTER_OTLP_TIMEOUT": "2000",
            ])
        defer { authorizer.stop() }
        let event = """
            {"version":"2.0","type":"REQUEST","routeArn":"arn:aws:execute-api:us-east-1:123456789012:abc/$default/GET/api/v1/incidents",\
            "identitySource":["Bearer s3cret-token"],"routeKey":"ANY /api/{proxy+}","rawPath":"/api/v1/incidents",\
            "headers":{"authorization":"Bearer s3cret-token"}}
            """
        for _ in 0..<2 {
            let answer = runtime.invoke(event)
            #expect(answer?.kind == .response, "\(answer?.body ?? "no answer")\n\(authorizer.output)")
            #expect(answer?.body == #"{"isAuthorized":true}"#, "\(authorizer.output)")
        }
        let output = authorizer.output
        #expect(output.lowercased().contains("failed to export"), "the lost export is logged: \(output)")
    }

    @Test func authorizerChecksTheBearerToken() throws {
        let runtime = try RuntimeAPIServer()
        defer { runtime.stop() }
        let authorizer = try BootstrapProcess(
            handler: "authorizer", runtimeAPI: runtime.endpoint, environment: ["AIOPS_API_TOKEN": "s3cret-token"])
        defer { authorizer.stop() }
        func authorize(_ header: String?) -> String? {
            let headers = header.map { #"{"authorization":"\#($0)"}"# } ?? "{}"
            return runtime.invoke(
                """
                {"version":"2.0","type":"REQUEST","routeArn":"arn:aws:execute-api:us-east-1:123456789012:abc/$default/GET/api/v1/incidents",\
                "identitySource":\(header.map { #"["\#($0)"]"# } ?? "null"),"routeKey":"ANY /api/{proxy+}",\
                "rawPath":"/api/v1/incidents","headers":\(headers)}
                """)?.body
        }
        #expect(authorize("Bearer s3cret-token") == #"{"isAuthorized":true}"#, "\(authorizer.output)")
        #expect(authorize("bearer s3cret-token") == #"{"isAuthorized":true}"#)
        #expect(authorize("Bearer s3cret-tokem") == #"{"isAuthorized":false}"#)
        #expect(authorize("Bearer s3cret") == #"{"isAuthorized":false}"#)
        #expect(authorize(nil) == #"{"isAuthorized":false}"#)

        let runtime2 = try RuntimeAPIServer()
        defer { runtime2.stop() }
        let unconfigured = try BootstrapProcess(handler: "authorizer", runtimeAPI: runtime2.endpoint, environment: [:])
        defer { unconfigured.stop() }
        let report = runtime2.wait(timeout: 300) { $0.first { $0.kind == .initError } }
        #expect(report?.body.contains("AIOPS_API_TOKEN") == true, "\(report?.body ?? "none")")
    }
}
