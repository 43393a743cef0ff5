import GRDB

/// The store's schema as a list of versioned migrations.
///
/// Migrations are append-only: a released migration is never edited, a change is a new migration.
/// `version` is also written to `PRAGMA user_version` so that tools without GRDB (the `sqlite3`
/// shell, a backup script) can tell which schema a file holds.
enum StoreSchema {
    /// The newest schema version this build knows.
    static let version = 7

    /// Migrations of development builds that no release reads: a file that has one is refused
    /// with a message saying so, rather than failing later on a missing column.
    static let withdrawn: Set<String> = ["v1-initial"]

    /// Written to `PRAGMA application_id`, so that a file of another program is recognised as such
    /// (the bytes spell `AIOP`).
    static let applicationID: Int32 = 0x4149_4F50

    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            for statement in v1 { try db.execute(sql: statement) }
            try db.execute(sql: "PRAGMA application_id = \(applicationID)")
            try db.execute(sql: "PRAGMA user_version = 1")
        }
        migrator.registerMigration("v2-leases") { db in
            for statement in v2Leases { try db.execute(sql: statement) }
            try db.execute(sql: "PRAGMA user_version = 2")
        }
        // A finding's consequences (the other templates of its cause) and the values its
        // variables took, as JSON; NULL for none, which is also what findings stored before read as.
        migrator.registerMigration("v3-finding-detail") { db in
            try db.execute(sql: "ALTER TABLE finding ADD COLUMN detail TEXT")
            try db.execute(sql: "PRAGMA user_version = 3")
        }
        migrator.registerMigration("v4-incident-version") { db in
            for statement in v4IncidentVersion { try db.execute(sql: statement) }
            try db.execute(sql: "PRAGMA user_version = 4")
        }
        migrator.registerMigration("v5-silences") { db in
            for statement in v5Silences { try db.execute(sql: statement) }
            try db.execute(sql: "PRAGMA user_version = 5")
        }
        // An incident's members, shared keys, flaps and origin (issue #15) as JSON; NULL for a
        // plain incident, which is also what incidents stored before read as.
        migrator.registerMigration("v6-incident-correlation") { db in
            try db.execute(sql: "ALTER TABLE incident ADD COLUMN correlation TEXT")
            try db.execute(sql: "PRAGMA user_version = 6")
        }
        migrator.registerMigration("v7-approvals") { db in
            for statement in v7Approvals { try db.execute(sql: statement) }
            try db.execute(sql: "PRAGMA user_version = 7")
        }
        return migrator
    }

    // Times are stored as REAL seconds since 2001-01-01 (`Date`'s own representation), so they come
    // back bit for bit. Incidents also keep `opened_at_ms`, the whole milliseconds since 1970 that
    // `IncidentCursor` uses: the newest-first order and keyset pagination run on it. Doubles that may
    // be NaN are nullable, because SQLite stores NaN as NULL. What a list page reads is in columns,
    // not JSON: decoding JSON cost more than the whole query.
    private static let v1 = [
        """
        CREATE TABLE incident (
            id TEXT NOT NULL PRIMARY KEY,
            instance_id TEXT NOT NULL,
            instance_name TEXT NOT NULL,
            metric TEXT NOT NULL,
            opened_at_ms INTEGER NOT NULL,
            opened_at REAL NOT NULL,
            updated_at REAL NOT NULL,
            status TEXT NOT NULL CHECK (status IN ('open', 'acknowledged', 'resolved')),
            severity TEXT NOT NULL CHECK (severity IN ('info', 'warning', 'critical')),
            summary TEXT NOT NULL,
            peak_score REAL,
            anomaly_count INTEGER NOT NULL,
            finding_count INTEGER NOT NULL,
            resolved_at REAL,
            anomaly_instance_id TEXT NOT NULL,
            anomaly_metric TEXT NOT NULL,
            anomaly_timestamp REAL NOT NULL,
            anomaly_value REAL,
            anomaly_score REAL,
            anomaly_threshold REAL,
            anomaly_expected_low REAL,
            anomaly_expected_high REAL,
            anomaly_driving_feature TEXT,
            anomaly_detector TEXT NOT NULL,
            feedback_verdict TEXT CHECK (feedback_verdict IN ('true_positive', 'false_positive')),
            feedback_note TEXT,
            feedback_at REAL,
            feedback_by TEXT
        )
        """,
        // Newest first, by time range; each filter of the dashboard has an index that also yields
        // the order, so a page reads `limit` rows whatever the table's size.
        "CREATE INDEX incident_by_time ON incident (opened_at_ms, id)",
        "CREATE INDEX incident_by_instance ON incident (instance_id, opened_at_ms, id)",
        "CREATE INDEX incident_by_status ON incident (status, opened_at_ms, id)",
        "CREATE INDEX incident_by_severity ON incident (severity, opened_at_ms, id)",
        // The pipeline's dedup lookup on every anomaly: only unresolved incidents, a small index.
        """
        CREATE INDEX incident_unresolved ON incident (instance_id, metric, opened_at_ms, id)
        WHERE status <> 'resolved'
        """,
        """
        CREATE TABLE finding (
            incident_id TEXT NOT NULL REFERENCES incident (id) ON DELETE CASCADE,
            position INTEGER NOT NULL,
            template_id TEXT NOT NULL,
            template TEXT NOT NULL,
            level TEXT NOT NULL,
            count INTEGER NOT NULL,
            baseline_rate REAL,
            novelty TEXT NOT NULL,
            first_seen REAL NOT NULL,
            rank REAL,
            example_count INTEGER NOT NULL,
            PRIMARY KEY (incident_id, position)
        ) WITHOUT ROWID
        """,
        // The verbatim log lines of a finding, one row each (attacker-controlled text: bound as
        // parameters, never spliced into SQL).
        """
        CREATE TABLE finding_example (
            incident_id TEXT NOT NULL,
            position INTEGER NOT NULL,
            example INTEGER NOT NULL,
            line TEXT NOT NULL,
            PRIMARY KEY (incident_id, position, example),
            FOREIGN KEY (incident_id, position) REFERENCES finding (incident_id, position) ON DELETE CASCADE
        ) WITHOUT ROWID
        """,
        """
        CREATE TABLE anomaly (
            incident_id TEXT NOT NULL,
            metric TEXT NOT NULL,
            timestamp REAL NOT NULL,
            instance_id TEXT NOT NULL,
            value REAL,
            score REAL,
            threshold REAL,
            expected_low REAL,
            expected_high REAL,
            driving_feature TEXT,
            detector TEXT NOT NULL,
            UNIQUE (incident_id, metric, timestamp)
        )
        """,
        """
        CREATE TABLE series_point (
            incident_id TEXT NOT NULL,
            timestamp REAL NOT NULL,
            value REAL,
            score REAL,
            expected_low REAL,
            expected_high REAL,
            is_anomaly INTEGER NOT NULL,
            PRIMARY KEY (incident_id, timestamp)
        ) WITHOUT ROWID
        """,
        """
        CREATE TABLE instance_snapshot (
            instance_id TEXT NOT NULL PRIMARY KEY,
            instance_name TEXT NOT NULL,
            body TEXT NOT NULL
        ) WITHOUT ROWID
        """,
        "CREATE INDEX instance_snapshot_by_name ON instance_snapshot (instance_name, instance_id)",
        """
        CREATE TABLE action (
            id TEXT NOT NULL PRIMARY KEY,
            idempotency_key TEXT NOT NULL UNIQUE,
            incident_id TEXT NOT NULL,
            instance_id TEXT NOT NULL,
            kind TEXT NOT NULL,
            status TEXT NOT NULL,
            at REAL NOT NULL,
            reason TEXT NOT NULL,
            verified_at REAL
        )
        """,
        "CREATE INDEX action_by_time ON action (at, id)",
        "CREATE INDEX action_by_incident ON action (incident_id, at, id)",
        "CREATE INDEX action_by_instance ON action (instance_id, at, id)",
        """
        CREATE TABLE audit (
            id TEXT NOT NULL PRIMARY KEY,
            at REAL NOT NULL,
            actor TEXT NOT NULL,
            action TEXT NOT NULL,
            instance_id TEXT,
            incident_id TEXT,
            outcome TEXT NOT NULL,
            reason TEXT NOT NULL
        )
        """,
        "CREATE INDEX audit_by_time ON audit (at, id)",
        "CREATE INDEX audit_by_incident ON audit (incident_id, at, id)",
        // The trail is evidence: the database itself refuses to rewrite or drop it.
        """
        CREATE TRIGGER audit_is_append_only_update BEFORE UPDATE ON audit
        BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END
        """,
        """
        CREATE TRIGGER audit_is_append_only_delete BEFORE DELETE ON audit
        BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END
        """,
        "CREATE TABLE handled_event (event_id TEXT NOT NULL PRIMARY KEY, handled_at REAL NOT NULL) WITHOUT ROWID",
        "CREATE TABLE checkpoint (key TEXT NOT NULL PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID",
    ]

    // The remediation guards' leases (fleet-cap slots, per-instance cooldowns): `until` in the
    // same REAL seconds as every other time, compared by the conditional upsert that takes one.
    private static let v2Leases = [
        "CREATE TABLE lease (key TEXT NOT NULL PRIMARY KEY, holder TEXT NOT NULL, until REAL NOT NULL) WITHOUT ROWID"
    ]

    // Optimistic concurrency on incidents: the version a conditional write compares with the one
    // it read. Rows written before it start at 0, as a document without a version decodes.
    private static let v4IncidentVersion = [
        "ALTER TABLE incident ADD COLUMN version INTEGER NOT NULL DEFAULT 0"
    ]

    // Silences (issue #15): the document as JSON (read whole, a few at a time), its expiry in a
    // column so the pipeline's per-anomaly read takes only the silences not expired yet. Incidents
    // gain `silenced`; rows written before read as not silenced.
    private static let v5Silences = [
        "CREATE TABLE silence (id TEXT NOT NULL PRIMARY KEY, expires_at REAL NOT NULL, body TEXT NOT NULL) WITHOUT ROWID",
        "CREATE INDEX silence_by_expiry ON silence (expires_at, id)",
        "ALTER TABLE incident ADD COLUMN silenced INTEGER NOT NULL DEFAULT 0",
    ]

    // Approvals (issue #16): the document as JSON, its state and expiry in columns so the upkeep's
    // read takes only the pending ones, soonest expiry first.
    private static let v7Approvals = [
        "CREATE TABLE approval (id TEXT NOT NULL PRIMARY KEY, state TEXT NOT NULL, expires_at REAL NOT NULL, "
            + "body TEXT NOT NULL) WITHOUT ROWID",
        "CREATE INDEX approval_pending ON approval (expires_at, id) WHERE state = 'pending'",
    ]
}
