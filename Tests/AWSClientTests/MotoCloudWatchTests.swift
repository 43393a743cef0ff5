import AWSClient
import AWSTestSupport
import Foundation
import Testing

@Suite struct MotoCloudWatchTests {
    @Test func putThenGetMoreThan500QueriesInBatches() async throws {
        let moto = try Moto()
        let client = CloudWatchClient(executor: moto.executor)
        let namespace = Moto.unique("Test")
        let start = Date(timeIntervalSince1970: (Date().timeIntervalSince1970 / 3600).rounded(.down) * 3600 - 7200)
        // 1,100 instances × 2 datapoints: 2,200 datums (3 PutMetricData calls of ≤ 1,000).
        let instances = (0..<1100).map { "i-\(String(format: "%017x", $0))" }
        var data: [MetricDatum] = []
        for (index, instance) in instances.enumerated() {
            for minute in [0, 10] {
                data.append(
                    MetricDatum(
                        metricName: "CPUUtilization", dimensions: [Dimension(name: "InstanceId", value: instance)],
                        timestamp: start.addingTimeInterval(Double(minute * 60)),
                        value: Double(index % 100) + Double(minute),
                        unit: "Percent"))
            }
        }
        try await client.putMetricData(namespace: namespace, data)

        let queries = instances.enumerated().map { index, instance in
            MetricDataQuery(
                id: "q\(index)",
                metricStat: MetricStat(
                    metric: Metric(
                        namespace: namespace, metricName: "CPUUtilization",
                        dimensions: [Dimension(name: "InstanceId", value: instance)]), period: 60, stat: "Average"))
        }
        let results = try await client.getMetricData(
            queries, start: start.addingTimeInterval(-60), end: start.addingTimeInterval(3600))
        #expect(moto.calls.count("PutMetricData") == 3)
        #expect(moto.calls.count("GetMetricData") == 3)
        #expect(results.count == 1100)
        #expect(results.map(\.id) == queries.map(\.id))
        for (index, result) in results.enumerated() where index % 97 == 0 || index == 1099 {
            #expect(result.values.sorted() == [Double(index % 100), Double(index % 100) + 10], "q\(index)")
            #expect(result.timestamps.count == 2)
        }
    }

    @Test func badQueriesAreRefusedBeforeSending() async throws {
        let client = CloudWatchClient(executor: try Moto().executor)
        let stat = MetricStat(metric: Metric(namespace: "N", metricName: "M"), period: 60, stat: "Average")
        for queries in [
            [MetricDataQuery(id: "Upper", metricStat: stat)],
            [MetricDataQuery(id: "a", metricStat: stat), MetricDataQuery(id: "a", metricStat: stat)],
            [MetricDataQuery(id: "a")],
        ] {
            let error = await #expect(throws: AWSError.self) {
                _ = try await client.getMetricData(queries, start: Date(), end: Date())
            }
            #expect(error?.code == .invalidParameter)
        }
        let reserved = await #expect(throws: AWSError.self) {
            try await client.putMetricData(namespace: "AWS/EC2", [MetricDatum(metricName: "x", value: 1)])
        }
        #expect(reserved?.code == .invalidParameter)
    }
}
