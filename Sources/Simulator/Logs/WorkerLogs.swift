/// The worker role: a Celery worker (Python) running background jobs from a Redis queue.
extension RoleLogs {
    private static let tasks = [
        "jobs.resize_image", "jobs.send_email", "jobs.sync_inventory", "jobs.build_report", "jobs.fetch_feed",
    ]

    private static func poolWorker(_ rng: inout SplitMix64) -> String { "ForkPoolWorker-\(rng.int(1...8))" }

    private static func traceback(_ frames: [String], _ error: String) -> [LogBody] {
        [LogFormat.raw("Traceback (most recent call last):")] + frames.map(LogFormat.raw) + [LogFormat.raw(error)]
    }

    static let worker = RoleLogs(
        unit: "celery-worker.service", unitDescription: "Celery worker", process: "celery",
        traffic: [
            LogTemplate(3) { rng, c in
                LogFormat.celery(c, "INFO", "MainProcess", "Task \(rng.pick(tasks))[\(rng.uuid())] received")
            },
            LogTemplate(3) { rng, c in
                let result = rng.chance(0.7) ? "None" : "{'status': 'ok', 'items': \(rng.int(1...500))}"
                return LogFormat.celery(
                    c, "INFO", poolWorker(&rng),
                    "Task \(rng.pick(tasks))[\(rng.uuid())] succeeded in \(LogFormat.decimal(Double(rng.millis(600)) / 1000, 3))s: \(result)"
                )
            },
            LogTemplate(1) { rng, c in
                LogFormat.celery(
                    c, "INFO", poolWorker(&rng),
                    "jobs.resize_image: wrote s3://shop-media-prod/catalog/\(rng.int(1000...99_999))_m.jpg (\(rng.int(20...900)) KB)"
                )
            },
            LogTemplate(0.4) { rng, c in
                LogFormat.celery(
                    c, "INFO", "Beat",
                    "Scheduler: Sending due task \(rng.pick(["refresh-feeds", "nightly-report", "prune-carts"])) (\(rng.pick(tasks)))"
                )
            },
        ],
        benign: [
            LogTemplate(1.2) { rng, c in
                LogFormat.celery(
                    c, "WARNING", poolWorker(&rng),
                    "Task jobs.send_email[\(rng.uuid())] retry: Retry in \(rng.pick([30, 60, 120]))s: SMTPServerDisconnected('Connection unexpectedly closed')"
                )
            },
            LogTemplate(1) { rng, c in
                LogFormat.celery(
                    c, "ERROR", poolWorker(&rng),
                    "Task jobs.fetch_feed[\(rng.uuid())] raised expected: HTTPError('404 Client Error: Not Found for url: https://partner-\(rng.int(1...40)).example.net/feed.xml')"
                )
            },
            LogTemplate(0.5) { rng, c in
                LogFormat.celery(
                    c, "WARNING", "MainProcess",
                    "Substantial drift from celery@worker-\(rng.int(1...4)) may mean clocks are out of sync.  Current drift is \(rng.int(16...70)) seconds."
                )
            },
            LogTemplate(0.8) { rng, c in
                LogFormat.celery(
                    c, "WARNING", poolWorker(&rng),
                    "jobs.resize_image: skipping s3://shop-media-prod/uploads/\(rng.hex(12)).jpg: cannot identify image file"
                )
            },
        ],
        slow: LogTemplate { rng, c in
            LogFormat.celery(
                c, "WARNING", "MainProcess", "Soft time limit (60s) exceeded for \(rng.pick(tasks))[\(rng.uuid())]")
        },
        memoryPressure: { rng, c, fill in
            [
                LogFormat.celery(
                    c, "WARNING", "MainProcess",
                    "Worker \(poolWorker(&rng)) (pid:\(c.pid + rng.int(1...8))) resident memory \(Int(1200 + 2600 * fill)) MB exceeds soft limit 1536 MB"
                )
            ]
        },
        outOfMemory: { rng, c in
            [
                LogFormat.celery(
                    c, "ERROR", poolWorker(&rng),
                    "Task jobs.build_report[\(rng.uuid())] raised unexpected: MemoryError()")
            ]
        },
        errorBursts: [
            { rng, c in
                let error =
                    "connection to server at \"10.0.3.15\", port 5432 failed: FATAL:  remaining connection slots are reserved for non-replication superuser connections"
                return [
                    LogFormat.celery(
                        c, "ERROR", poolWorker(&rng),
                        "Task jobs.sync_inventory[\(rng.uuid())] raised unexpected: OperationalError('\(error)')")
                ]
                    + traceback(
                        [
                            "  File \"/opt/worker/venv/lib/python3.11/site-packages/celery/app/trace.py\", line 477, in trace_task",
                            "  File \"/opt/worker/jobs/inventory.py\", line \(rng.pick([88, 91])), in sync_inventory",
                        ], "psycopg2.OperationalError: \(error)")
            },
            { rng, c in
                [
                    LogFormat.celery(
                        c, "ERROR", "MainProcess",
                        "consumer: Cannot connect to redis://10.0.2.20:6379/0: Error 111 connecting to 10.0.2.20:6379. Connection refused.."
                    ),
                    LogFormat.raw("Trying again in \(rng.int(2...32)).00 seconds... (\(rng.int(1...99))/100)"),
                    LogFormat.raw(
                        "redis.exceptions.ConnectionError: Error 111 connecting to 10.0.2.20:6379. Connection refused."),
                ]
            },
        ],
        startup: { _, c in
            [
                LogFormat.celery(c, "INFO", "MainProcess", "Connected to redis://10.0.2.20:6379/0"),
                LogFormat.celery(c, "INFO", "MainProcess", "mingle: searching for neighbors"),
                LogFormat.celery(c, "INFO", "MainProcess", "mingle: all alone"),
                LogFormat.celery(c, "INFO", "MainProcess", "celery@\(c.member.name) ready."),
            ]
        },
        crash: { _, _ in
            traceback(
                [
                    "  File \"/opt/worker/venv/bin/celery\", line 8, in <module>",
                    "  File \"/opt/worker/jobs/__init__.py\", line 12, in <module>",
                    "    from jobs.pricing import PricingClient",
                ], "ImportError: cannot import name 'PricingClient' from 'jobs.pricing' (/opt/worker/jobs/pricing.py)")
        }
    )
}
