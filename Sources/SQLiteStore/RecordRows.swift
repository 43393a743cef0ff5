import AIOpsCore
import Foundation
import GRDB

/// Anomalies, chart points, actions and audit records as rows.
enum RecordRows {
    /// An anomaly's columns, in the `anomaly` table and (prefixed `anomaly_`) in `incident`.
    static let anomalyFields = [
        "instance_id", "metric", "timestamp", "value", "score", "threshold", "expected_low", "expected_high",
        "driving_feature", "detector",
    ]
    static let anomalyColumns = ColumnList(["incident_id"] + anomalyFields)
    static let pointColumns = ColumnList([
        "incident_id", "timestamp", "value", "score", "expected_low", "expected_high", "is_anomaly",
    ])
    static let actionColumns = ColumnList([
        "id", "idempotency_key", "incident_id", "instance_id", "kind", "status", "at", "reason", "verified_at",
    ])
    static let auditColumns = ColumnList([
        "id", "at", "actor", "action", "instance_id", "incident_id", "outcome", "reason",
    ])

    static func values(_ anomaly: Anomaly) -> [String: (any DatabaseValueConvertible)?] {
        [
            "instance_id": anomaly.instanceID,
            "metric": anomaly.metric.rawValue,
            "timestamp": StoreCoding.time(anomaly.timestamp),
            "value": anomaly.value,
            "score": anomaly.score,
            "threshold": anomaly.threshold,
            "expected_low": anomaly.expected?.lowerBound,
            "expected_high": anomaly.expected?.upperBound,
            "driving_feature": anomaly.drivingFeature,
            "detector": anomaly.detector,
        ]
    }

    static func arguments(_ anomaly: Anomaly, incidentID: String) -> StatementArguments {
        var values = values(anomaly)
        values["incident_id"] = incidentID
        return StatementArguments(values)
    }

    /// Reads an anomaly from columns named as `anomalyFields`, after `prefix`.
    static func anomaly(_ row: RowReader, prefix: String = "") throws -> Anomaly {
        Anomaly(
            instanceID: try row.string(prefix + "instance_id"),
            metric: MetricName(try row.string(prefix + "metric")),
            timestamp: try row.date(prefix + "timestamp"),
            value: try row.double(prefix + "value"),
            score: try row.double(prefix + "score"),
            threshold: try row.double(prefix + "threshold"),
            expected: try row.band(prefix + "expected_low", prefix + "expected_high"),
            drivingFeature: try row.optionalString(prefix + "driving_feature"),
            detector: try row.string(prefix + "detector"))
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

    static func point(_ row: RowReader) throws -> ScoredPoint {
        ScoredPoint(
            timestamp: try row.date("timestamp"),
            value: try row.double("value"),
            score: try row.optionalDouble("score"),
            expected: try row.band("expected_low", "expected_high"),
            isAnomaly: try row.bool("is_anomaly"))
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

    static func action(_ row: RowReader) throws -> RemediationAction {
        var row = row
        let id = try row.string("id")
        row.record = "action \(id)"
        return RemediationAction(
            id: id,
            incidentID: try row.string("incident_id"),
            instanceID: try row.string("instance_id"),
            kind: try row.value(ActionKind.self, "kind"),
            status: try row.value(ActionStatus.self, "status"),
            at: try row.date("at"),
            reason: try row.string("reason"),
            idempotencyKey: try row.string("idempotency_key"),
            verifiedAt: try row.optionalDate("verified_at"))
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

    static func audit(_ row: RowReader) throws -> AuditRecord {
        AuditRecord(
            id: try row.string("id"),
            at: try row.date("at"),
            actor: try row.string("actor"),
            action: try row.string("action"),
            instanceID: try row.optionalString("instance_id"),
            incidentID: try row.optionalString("incident_id"),
            outcome: try row.string("outcome"),
            reason: try row.string("reason"))
    }
}
