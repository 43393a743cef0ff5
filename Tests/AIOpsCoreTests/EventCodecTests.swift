import AIOpsCore
import Foundation
import Testing

@Suite struct EventCodecTests {
    static let instance = Instance(
        id: "i-0123456789abcdef0", name: "web-1", tags: ["aiops:monitor": "true"], state: .running)
    static let anomaly = Anomaly(
        instanceID: instance.id, metric: .cpuUtilization, timestamp: Date(timeIntervalSince1970: 1_700_000_000),
        value: 97, score: 0.81, threshold: 0.6, expected: 20...45, drivingFeature: "value", detector: "default")

    @Test func anomalyEventRoundTrips() throws {
        let event = AnomalyEvent(
            eventID: "evt-1", instance: Self.instance, anomaly: Self.anomaly,
            recent: [MetricPoint(timestamp: Self.anomaly.timestamp, value: 97)], detectedAt: Self.anomaly.timestamp)
        let bytes = try EventCodec.encode(event)
        let text = String(decoding: bytes, as: UTF8.self)
        #expect(text.contains(#""type":"aiops.anomaly""#))
        #expect(text.contains(#""version":1"#))
        #expect(text.contains("2023-11-14T22:13:20Z"))
        #expect(try EventCodec.decodeAnomaly(bytes) == event)
    }

    /// Incidents stored (and alerts sent) before incidents had versions still decode, as version 0.
    @Test func anIncidentWithoutAVersionDecodesAsVersionZero() throws {
        var incident = Incident(
            id: "inc-1", instanceID: Self.instance.id, instanceName: "web-1", metric: .cpuUtilization,
            openedAt: Self.anomaly.timestamp, updatedAt: Self.anomaly.timestamp, status: .acknowledged,
            severity: .critical, summary: "s", anomaly: Self.anomaly, peakScore: 0.81, anomalyCount: 1, findings: [])
        incident.version = 4
        let bytes = try EventCodec.encoder().encode(incident)
        #expect(try EventCodec.decoder().decode(Incident.self, from: bytes) == incident)
        var object = try #require(try JSONSerialization.jsonObject(with: bytes) as? [String: Any])
        #expect(object["version"] as? Int == 4)
        object["version"] = nil
        let old = try EventCodec.decoder().decode(Incident.self, from: JSONSerialization.data(withJSONObject: object))
        #expect(old.version == 0)
        incident.version = 0
        #expect(old == incident)
        object["status"] = "reopened"
        #expect(throws: DecodingError.self) {
            try EventCodec.decoder().decode(Incident.self, from: JSONSerialization.data(withJSONObject: object))
        }
    }

    @Test func rejectsForeignTypeOtherVersionAndGarbage() throws {
        let event = AnomalyEvent(
            eventID: "evt-1", instance: Self.instance, anomaly: Self.anomaly, recent: [], detectedAt: .now)
        var object = try JSONSerialization.jsonObject(with: EventCodec.encode(event)) as! [String: Any]
        object["version"] = 99
        let future = try JSONSerialization.data(withJSONObject: object)
        #expect(throws: AIOpsError.self) { try EventCodec.decodeAnomaly(future) }
        do {
            _ = try EventCodec.decodeAnomaly(future)
        } catch {
            #expect(error.code == .unsupportedVersion)
            #expect(error.message.contains("99"))
        }
        for bad in ["", "[]", "{\"type\":\"aiops.anomaly\",\"version\":1}", "{not json"] {
            #expect(throws: AIOpsError.self) { try EventCodec.decodeAnomaly(Data(bad.utf8)) }
        }
        #expect(throws: AIOpsError.self) { try EventCodec.decodeCriticalAlert(EventCodec.encode(event)) }
    }
}
