import Foundation

/// Lines every Spring Boot service writes, for the storefront (web) and the orders API.
struct JavaLogs: Sendable {
    /// `storefront` or `orders`: the package and jar name.
    var app: String
    /// `StorefrontApplication` or `OrdersApplication`.
    var mainClass: String
    var version: String

    private var pkg: String { "c.e.\(app)" }

    static func thread(_ rng: inout SplitMix64) -> String { "nio-8080-exec-\(rng.int(1...40))" }

    func info(_ c: LineContext, _ rng: inout SplitMix64, _ logger: String, _ message: String) -> LogBody {
        LogFormat.spring(c, "INFO", Self.thread(&rng), "\(pkg).\(logger)", message)
    }

    func startup(_ rng: inout SplitMix64, _ c: LineContext) -> [LogBody] {
        [
            LogFormat.spring(
                c, "INFO", "main", "\(pkg).\(mainClass)",
                "Starting \(mainClass) v\(version) using Java 17.0.10 with PID \(c.pid) (/opt/\(app)/\(app).jar started by \(app) in /opt/\(app))"
            ),
            LogFormat.spring(
                c, "INFO", "main", "o.s.b.w.embedded.tomcat.TomcatWebServer", "Tomcat initialized with port 8080 (http)"
            ),
            LogFormat.spring(c, "INFO", "main", "com.zaxxer.hikari.HikariDataSource", "HikariPool-1 - Starting..."),
            LogFormat.spring(
                c, "INFO", "main", "com.zaxxer.hikari.HikariDataSource", "HikariPool-1 - Start completed."),
            LogFormat.spring(
                c, "INFO", "main", "\(pkg).\(mainClass)",
                "Started \(mainClass) in \(LogFormat.decimal(rng.uniform(6...11), 3)) seconds (process running for \(LogFormat.decimal(rng.uniform(11...13), 3)))"
            ),
        ]
    }

    /// A bad release: a class changed under the code that uses it.
    func crash(_ rng: inout SplitMix64, _ c: LineContext) -> [LogBody] {
        [
            LogFormat.spring(c, "ERROR", "main", "o.s.boot.SpringApplication", "Application run failed"),
            LogFormat.raw(
                "org.springframework.beans.factory.BeanCreationException: Error creating bean with name 'pricingClient': Failed to instantiate [com.example.\(app).pricing.PricingClient]: Constructor threw exception"
            ),
            LogFormat.raw(
                "Caused by: java.lang.NoSuchMethodError: 'void com.example.pricing.v2.PriceRequest.<init>(java.lang.String, int)'"
            ),
            LogFormat.raw("\tat com.example.\(app).pricing.PricingClient.<init>(PricingClient.java:48)"),
        ]
    }

    func slow(_ rng: inout SplitMix64, _ c: LineContext, request: String) -> LogBody {
        LogFormat.spring(
            c, "WARN", Self.thread(&rng), "\(pkg).web.RequestTimingFilter",
            "Slow request \(request) took \(rng.millis(2400)) ms (rid=\(rng.requestID()))")
    }

    func heapPressure(_ rng: inout SplitMix64, _ c: LineContext, fill: Double) -> [LogBody] {
        let percent = Int((70 + 29 * fill).rounded())
        var lines = [
            LogFormat.spring(
                c, "WARN", "scheduling-1", "\(pkg).monitoring.HeapMonitor",
                "Heap usage at \(percent)% after GC (\(percent * 4096 / 100) MB of 4096 MB), old gen growing")
        ]
        if fill > 0.75 {
            lines.append(
                LogFormat.spring(
                    c, "WARN", "scheduling-1", "\(pkg).monitoring.HeapMonitor",
                    "Full GC took \(rng.millis(1800)) ms and reclaimed only \(rng.int(2...40)) MB"))
        }
        return lines
    }

    func outOfMemory(_ rng: inout SplitMix64, _ c: LineContext) -> [LogBody] {
        [
            LogFormat.spring(
                c, "ERROR", Self.thread(&rng), "o.a.c.c.C.[.[.[/].[dispatcherServlet]",
                "Servlet.service() for servlet [dispatcherServlet] threw exception [Handler dispatch failed: java.lang.OutOfMemoryError: GC overhead limit exceeded] with root cause"
            ),
            LogFormat.raw("java.lang.OutOfMemoryError: GC overhead limit exceeded"),
        ]
    }

    /// An exception storm: the heap is exhausted.
    func heapSpace(_ rng: inout SplitMix64, _ c: LineContext) -> [LogBody] {
        [
            LogFormat.spring(
                c, "ERROR", Self.thread(&rng), "o.a.c.c.C.[.[.[/].[dispatcherServlet]",
                "Servlet.service() for servlet [dispatcherServlet] in context with path [] threw exception [Handler dispatch failed: java.lang.OutOfMemoryError: Java heap space] with root cause"
            ),
            LogFormat.raw("java.lang.OutOfMemoryError: Java heap space"),
            LogFormat.raw("\tat java.base/java.util.Arrays.copyOf(Arrays.java:3537)"),
            LogFormat.raw(
                "\tat com.example.\(app).catalog.ImageCache.load(ImageCache.java:\(rng.pick([112, 118, 131])))"),
        ]
    }

    /// An exception storm: the database refuses connections.
    func connectionFailure(_ rng: inout SplitMix64, _ c: LineContext, request: String) -> [LogBody] {
        let thread = Self.thread(&rng)
        return [
            LogFormat.spring(
                c, "WARN", thread, "o.h.engine.jdbc.spi.SqlExceptionHelper", "SQL Error: 0, SQLState: 08001"),
            LogFormat.spring(
                c, "ERROR", thread, "o.h.engine.jdbc.spi.SqlExceptionHelper",
                "HikariPool-1 - Connection is not available, request timed out after 30000ms."),
            LogFormat.spring(
                c, "ERROR", thread, "\(pkg).web.GlobalExceptionHandler",
                "Request \(request) failed (rid=\(rng.requestID()))"),
            LogFormat.raw(
                "org.springframework.dao.DataAccessResourceFailureException: Unable to acquire JDBC Connection; nested exception is org.hibernate.exception.JDBCConnectionException: Unable to acquire JDBC Connection"
            ),
            LogFormat.raw(
                "Caused by: java.sql.SQLTransientConnectionException: HikariPool-1 - Connection is not available, request timed out after 30000ms."
            ),
        ]
    }

    /// Benign lines every Spring service writes now and then.
    func methodNotSupported(_ rng: inout SplitMix64, _ c: LineContext) -> LogBody {
        LogFormat.spring(
            c, "WARN", Self.thread(&rng), ".w.s.m.s.DefaultHandlerExceptionResolver",
            "Resolved [org.springframework.web.HttpRequestMethodNotSupportedException: Request method '\(rng.pick(["PUT", "DELETE", "PATCH"]))' is not supported]"
        )
    }

    func clockLeap(_ rng: inout SplitMix64, _ c: LineContext) -> LogBody {
        LogFormat.spring(
            c, "WARN", "HikariPool-1 housekeeper", "com.zaxxer.hikari.pool.HikariPool",
            "HikariPool-1 - Thread starvation or clock leap detected (housekeeper delta=1m\(rng.int(1...40))s\(rng.int(1...999))ms)."
        )
    }
}
