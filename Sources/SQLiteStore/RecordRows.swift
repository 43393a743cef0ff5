import AIOpsCore
import Foundation
import GRDB

/// Anomalies, chart points, actions and audit records as rows.
enum RecordRows {
    static let anomalyColumns = [
        "incident_id", "metric", "timestamp", "instance_id", "value", "score", "threshold", "expected_low",
        "expected_high", "driving_feature", "detector",
    ]
    static let pointColumns = [
        "incident_id", "timestamp", "value", "score", "expected_low", "expected_high", "is_anomaly",
    ]
    static let actionColumns = [
        "id", "idempotency_key", "incident_id", "instance_id", "kind", "status", "at", "reason", "verified_at",
    ]
    static let auditColumns = [
        "id", "at", "actor", "action", "instance_id", "incident_id", "outcome", "reason",
    ]

    static func arguments(_ anomaly: Anomaly, incidentID: String) -> StatementArguments {
        StatementArguments(
            [
                "incident_id": incidentID,
                "metric": anomaly.metric.rawValue,
                "timestamp": StoreCoding.time(anomaly.timestamp),
                "instance_id": anomaly.instanceID,
                "value": anomaly.value,
                "score": anomaly.score,
                "threshold": anomaly.threshold,
                "expected_low": anomaly.expected?.lowerBound,
                "expected_high": anomaly.expected?.upperBound,
                "driving_feature": anomaly.drivingFeature,
                "detector": anomaly.detector,
            ] as [String: (any DatabaseValueConvertible)?])
    }

    static func anomaly(_ row: Row) throws -> Anomaly {
        Anomaly(
            instanceID: try row.decode(String.self, forColumn: "instance_id"),
            metric: MetricName(try row.decode(String.self, forColumn: "metric")),
            timestamp: StoreCoding.date(try row.decode(Double.self, forColumn: "timestamp")),
            value: try StoreCoding.double(row, "value"),
            score: try StoreCoding.double(row, "score"),
            threshold: try StoreCoding.double(row, "threshold"),
            expected: try StoreCoding.band(row, "expected_low", "expected_high"),
            drivingFeature: try row.decode(String?.self, forColumn: "driving_feature"),
            detector: try row.decode(String.self, forColumn: "detector"))
    }

    static func arguments(_ point: ScoredPoint, incidentID: String) -> StatementArguments {
        StatementArguments(
            [
                "incident_id": incidentID,
                "timestamp": StoreCoding.time(point.timestamp),
                "value": point.value,
                "score": point.score,
                "expected_low": point.expected?.lowerBound,
                "expected_high": point.expected?.upperBound,
                "is_anomaly": point.isAnomaly,
            ] as [String: (any DatabaseValueConvertible)?])
    }

    static func point(_ row: Row) throws -> ScoredPoint {
        ScoredPoint(
            timestamp: StoreCoding.date(try row.decode(Double.self, forColumn: "timestamp")),
            value: try StoreCoding.double(row, "value"),
            score: try row.decode(Double?.self, forColumn: "score"),
            expected: try StoreCoding.band(row, "expected_low", "expected_high"),
            isAnomaly: try row.decode(Bool.self, forColumn: "is_anomaly"))
    }

    static func arguments(_ action: RemediationAction) -> StatementArguments {
        StatementArguments(
            [
                "id": action.id,
                "idempotency_key": action.idempotencyKey,
                "incident_id": action.incidentID,
                "instance_id": action.instanceID,
                "kind": action.kind.rawValue,
                "status": action.status.rawValue,
                "at": StoreCoding.time(action.at),
                "reason": action.reason,
                "verified_at": action.verifiedAt.map(StoreCoding.time),
            ] as [String: (any DatabaseValueConvertible)?])
    }

    static func action(_ row: Row) throws -> RemediationAction {
        let id = try row.decode(String.self, forColumn: "id")
        return RemediationAction(
            id: id,
            incidentID: try row.decode(String.self, forColumn: "incident_id"),
            instanceID: try row.decode(String.self, forColumn: "instance_id"),
            kind: try StoreCoding.value(ActionKind.self, row, "kind", of: "action \(id)"),
            status: try StoreCoding.value(ActionStatus.self, row, "status", of: "action \(id)"),
            at: StoreCoding.date(try row.decode(Double.self, forColumn: "at")),
            reason: try row.decode(String.self, forColumn: "reason"),
            idempotencyKey: try row.decode(String.self, forColumn: "idempotency_key"),
            verifiedAt: try row.decode(Double?.self, forColumn: "verified_at").map(StoreCoding.date))
    }

    static func arguments(_ record: AuditRecord) -> StatementArguments {
        StatementArguments(
            [
                "id": record.id,
                "at": StoreCoding.time(record.at),
                "actor": record.actor,
                "action": record.action,
                "instance_id": record.instanceID,
                "incident_id": record.incidentID,
                "outcome": record.outcome,
                "reason": record.reason,
            ] as [String: (any DatabaseValueConvertible)?])
    }

    static func audit(_ row: Row) throws -> AuditRecord {
        AuditRecord(
            id: try row.decode(String.self, forColumn: "id"),
            at: StoreCoding.date(try row.decode(Double.self, forColumn: "at")),
            actor: try row.decode(String.self, forColumn: "actor"),
            action: try row.decode(String.self, forColumn: "action"),
            instanceID: try row.decode(String?.self, forColumn: "instance_id"),
            incidentID: try row.decode(String?.self, forColumn: "incident_id"),
            outcome: try row.decode(String.self, forColumn: "outcome"),
            reason: try row.decode(String.self, forColumn: "reason"))
    }
}
