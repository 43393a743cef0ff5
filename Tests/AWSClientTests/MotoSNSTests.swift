import AWSClient
import AWSTestSupport
import Foundation
import Testing

@Suite struct MotoSNSTests {
    @Test func publishWithAttributesReachesASubscribedQueue() async throws {
        let moto = try Moto()
        let sns = SNSClient(executor: moto.executor)
        let topic = try await sns.createTopic(name: Moto.unique("aiops-anomalies"))
        #expect(topic.hasPrefix("arn:aws:sns:us-east-1:"))
        #expect(try await sns.createTopic(name: String(topic.split(separator: ":").last ?? "")) == topic, "idempotent")

        let queueURL = try await moto.queue("inbox")
        let queueName = String(queueURL.split(separator: "/").last ?? "")
        let subscription = try await sns.subscribe(
            topicARN: topic, protocol: "sqs", endpoint: "arn:aws:sqs:us-east-1:123456789012:\(queueName)")
        #expect(subscription.hasPrefix(topic))

        let message = #"{"version":1,"kind":"anomaly","note":"a & b = <c>"}"#
        let id = try await sns.publish(
            topicARN: topic, message: message, subject: "CPU anomaly on i-1",
            attributes: [
                "severity": .string("critical"), "score": SNSMessageAttribute(dataType: "Number", value: "0.93"),
            ])
        #expect(!id.isEmpty)

        let bodies = try await moto.receive(queueURL)
        #expect(bodies.count == 1)
        let envelope = try JSONSerialization.jsonObject(with: Data((bodies.first ?? "").utf8)) as? [String: Any]
        #expect(envelope?["Message"] as? String == message)
        #expect(envelope?["Subject"] as? String == "CPU anomaly on i-1")
        #expect(envelope?["MessageId"] as? String == id)
        let attributes = envelope?["MessageAttributes"] as? [String: [String: String]]
        #expect(attributes?["severity"]?["Value"] == "critical")
        #expect(attributes?["score"]?["Type"] == "Number")
    }

    @Test func publishingToAMissingTopicIsNotFound() async throws {
        let sns = SNSClient(executor: try Moto().executor)
        let error = await #expect(throws: AWSError.self) {
            _ = try await sns.publish(
                topicARN: "arn:aws:sns:us-east-1:123456789012:\(Moto.unique("none"))", message: "x")
        }
        #expect(error?.code.rawValue == "NotFound")
        #expect(error?.requestID?.isEmpty == false)
        let subject = await #expect(throws: AWSError.self) {
            _ = try await sns.publish(topicARN: "arn", message: "x", subject: "two\nlines")
        }
        #expect(subject?.code == .invalidParameter)
    }
}
