public import AIOpsCore
public import AWSClient

/// Tells people about a critical incident by publishing it to an SNS topic with an email
/// subscription. On AWS the critical-alerts topic already emails people when the pipeline
/// publishes to it: use this only for a separate notification topic, or alerts arrive twice.
public struct SNSNotifier: Notifier {
    private let sns: any SNSAPI
    private let topicARN: String

    public init(sns: any SNSAPI, topicARN: String) {
        self.sns = sns
        self.topicARN = topicARN
    }

    public func notify(_ alert: CriticalAlert) async throws {
        do {
            try await SNSEventPublisher.publish(alert, to: topicARN, sns: sns)
            AIOpsMetrics.notification(channel: "sns", outcome: "delivered")
        } catch {
            AIOpsMetrics.notification(channel: "sns", outcome: "failed")
            throw error
        }
    }
}
