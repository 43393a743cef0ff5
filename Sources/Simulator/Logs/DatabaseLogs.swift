/// The db role: PostgreSQL 15 with `log_connections`, `log_disconnections` and slow statements on.
extension RoleLogs {
    private static let tables = ["orders", "order_items", "customers", "inventory", "carts", "payments"]
    private static let applications = ["orders", "storefront", "celery", "psql"]

    private static func backend(_ rng: inout SplitMix64) -> Int { rng.int(2000...60_000) }

    private static func statement(_ rng: inout SplitMix64) -> String {
        switch rng.int(0...3) {
        case 0:
            "SELECT o.id, o.status, o.total FROM orders o WHERE o.customer_id = \(rng.int(1...90_000)) ORDER BY o.created_at DESC LIMIT 20"
        case 1:
            "UPDATE inventory SET reserved = reserved + \(rng.int(1...6)) WHERE sku = 'SKU-\(rng.int(10_000...99_999))'"
        case 2: "INSERT INTO order_items (order_id, sku, quantity, price) VALUES ($1, $2, $3, $4)"
        default: "SELECT count(*) FROM carts WHERE updated_at < now() - interval '7 days'"
        }
    }

    static let database = RoleLogs(
        unit: "postgresql.service", unitDescription: "PostgreSQL database server", process: "postgres",
        traffic: [
            LogTemplate(3) { rng, c in
                LogFormat.postgres(
                    c, "LOG",
                    "duration: \(LogFormat.decimal(Double(rng.millis(260)), 3)) ms  statement: \(statement(&rng))",
                    pid: backend(&rng))
            },
            LogTemplate(2) { rng, c in
                LogFormat.postgres(
                    c, "LOG", "connection received: host=\(rng.privateIP()) port=\(rng.port())", pid: backend(&rng))
            },
            LogTemplate(2) { rng, c in
                LogFormat.postgres(
                    c, "LOG",
                    "connection authorized: user=app database=shop application_name=\(rng.pick(applications))",
                    pid: backend(&rng))
            },
            LogTemplate(1.5) { rng, c in
                LogFormat.postgres(
                    c, "LOG",
                    "disconnection: session time: 0:00:\(rng.int(10...59)).\(rng.int(100...999)) user=app database=shop host=\(rng.privateIP()) port=\(rng.port())",
                    pid: backend(&rng))
            },
            LogTemplate(0.3) { rng, c in
                LogFormat.postgres(
                    c, "LOG",
                    "checkpoint complete: wrote \(rng.int(100...9000)) buffers (\(LogFormat.decimal(rng.uniform(0.5...12), 1))%); 0 WAL file(s) added, 0 removed, \(rng.int(0...4)) recycled; write=\(LogFormat.decimal(rng.uniform(20...270), 3)) s, sync=0.0\(rng.int(10...99)) s, total=\(LogFormat.decimal(rng.uniform(20...270), 3)) s",
                    pid: c.pid + 3)
            },
            LogTemplate(0.3) { rng, c in
                LogFormat.postgres(
                    c, "LOG",
                    "automatic vacuum of table \"shop.public.\(rng.pick(tables))\": index scans: \(rng.int(0...2)), pages: 0 removed, \(rng.int(100...90_000)) remain",
                    pid: backend(&rng))
            },
        ],
        benign: [
            LogTemplate(1.2) { rng, c in
                LogFormat.postgres(
                    c, "ERROR", "duplicate key value violates unique constraint \"customers_email_key\"",
                    pid: backend(&rng))
            },
            LogTemplate(0.8) { rng, c in
                LogFormat.postgres(c, "WARNING", "there is no transaction in progress", pid: backend(&rng))
            },
            LogTemplate(1) { rng, c in
                LogFormat.postgres(
                    c, "LOG", "could not receive data from client: Connection reset by peer", pid: backend(&rng))
            },
            LogTemplate(0.6) { rng, c in
                LogFormat.postgres(c, "ERROR", "canceling statement due to user request", pid: backend(&rng))
            },
            LogTemplate(0.4) { rng, c in
                LogFormat.postgres(
                    c, "FATAL",
                    "no pg_hba.conf entry for host \"\(rng.privateIP())\", user \"readonly\", database \"shop\", no encryption",
                    pid: backend(&rng))
            },
        ],
        slow: LogTemplate { rng, c in
            LogFormat.postgres(
                c, "LOG",
                "process \(backend(&rng)) still waiting for ShareLock on transaction \(rng.int(1_000_000...9_999_999)) after \(LogFormat.decimal(rng.uniform(1000...5000), 3)) ms",
                pid: backend(&rng))
        },
        memoryPressure: { rng, c, fill in
            if fill < 0.8 {
                return [
                    LogFormat.postgres(
                        c, "LOG",
                        "temporary file: path \"base/pgsql_tmp/pgsql_tmp\(c.pid).\(rng.int(0...99))\", size \(rng.int(10_000_000...900_000_000))",
                        pid: backend(&rng))
                ]
            }
            let pid = backend(&rng)
            return [
                LogFormat.postgres(c, "ERROR", "out of memory", pid: pid),
                LogFormat.postgres(
                    c, "DETAIL",
                    "Failed on request of size \(rng.int(8192...1_048_576)) in memory context \"ExecutorState\".",
                    pid: pid),
            ]
        },
        outOfMemory: { _, c in
            [LogFormat.postgres(c, "LOG", "could not fork new process for connection: Cannot allocate memory")]
        },
        errorBursts: [
            { rng, c in
                [LogFormat.postgres(c, "FATAL", "sorry, too many clients already", pid: backend(&rng))]
            },
            { rng, c in
                let pid = backend(&rng)
                return [
                    LogFormat.postgres(
                        c, "ERROR",
                        "could not extend file \"base/16384/\(rng.int(16_000...99_999))\": No space left on device",
                        pid: pid),
                    LogFormat.postgres(c, "HINT", "Check free disk space.", pid: pid),
                    LogFormat.postgres(
                        c, "STATEMENT",
                        "INSERT INTO order_items (order_id, sku, quantity, price) VALUES ($1, $2, $3, $4)",
                        pid: pid),
                ]
            },
        ],
        startup: { _, c in
            [
                LogFormat.postgres(
                    c, "LOG",
                    "starting PostgreSQL 15.6 on x86_64-amazon-linux-gnu, compiled by gcc (GCC) 11.4.1 20230605 (Red Hat 11.4.1-2), 64-bit"
                ),
                LogFormat.postgres(c, "LOG", "listening on IPv4 address \"0.0.0.0\", port 5432"),
                LogFormat.postgres(c, "LOG", "database system is ready to accept connections"),
            ]
        },
        crash: { _, c in
            [
                LogFormat.postgres(c, "FATAL", "could not access file \"pg_partman_bgw\": No such file or directory"),
                LogFormat.postgres(c, "LOG", "database system is shut down"),
            ]
        }
    )
}
