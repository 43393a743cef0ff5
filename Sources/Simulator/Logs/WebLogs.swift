/// The web role: nginx in front of the storefront, a Spring Boot application on port 8080.
extension RoleLogs {
    private static let java = JavaLogs(app: "storefront", mainClass: "StorefrontApplication", version: "3.8.2")
    private static let server = "shop.example.com"

    private static func access(_ rng: inout SplitMix64, _ c: LineContext, request: String, status: Int) -> LogBody {
        let bytes =
            switch status {
            case 304: 0
            case 301, 302: rng.int(150...170)
            case 404: 153
            case 500...: rng.int(150...600)
            default: rng.int(200...48_000)
            }
        return LogFormat.nginxAccess(
            c, ip: rng.publicIP(), request: request, status: status, bytes: bytes, agent: rng.pick(SplitMix64.agents),
            seconds: Double(rng.millis(35)) / 1000)
    }

    private static func upstream(_ rng: inout SplitMix64, _ c: LineContext, _ message: String, _ request: String)
        -> LogBody
    {
        let path = request.split(separator: " ").last.map(String.init) ?? "/"
        return LogFormat.nginxError(
            c, "error", connection: rng.int(1000...999_999),
            "\(message), client: \(rng.publicIP()), server: \(server), request: \"\(request) HTTP/1.1\", upstream: \"http://127.0.0.1:8080\(path)\", host: \"\(server)\""
        )
    }

    static let web = RoleLogs(
        unit: "storefront.service", unitDescription: "Storefront web application", process: "java",
        traffic: [
            LogTemplate(8) { rng, c in
                let request = rng.webRequest()
                let status =
                    request.hasPrefix("POST") ? rng.pick([200, 201, 302]) : rng.pick([200, 200, 200, 304, 301])
                return access(&rng, c, request: request, status: status)
            },
            LogTemplate(1.2) { rng, c in
                LogFormat.nginxAccess(
                    c, ip: rng.privateIP(), request: "GET /health", status: 200, bytes: 15,
                    agent: "ELB-HealthChecker/2.0",
                    seconds: 0.001)
            },
            LogTemplate(1) { rng, c in
                java.info(
                    c, &rng, "web.CartController",
                    "Added SKU-\(rng.int(10_000...99_999)) x\(rng.int(1...4)) to cart \(rng.hex(8)) of user \(rng.user())"
                )
            },
            LogTemplate(0.6) { rng, c in
                java.info(
                    c, &rng, "checkout.CheckoutService",
                    "Checkout \(rng.hex(16)) completed for user \(rng.user()): order \(rng.orderID()), \(rng.int(1...9)) items in \(rng.millis(180)) ms"
                )
            },
            LogTemplate(0.8) { rng, c in
                java.info(
                    c, &rng, "catalog.CatalogService",
                    "Rendered category \(rng.pick(SplitMix64.words)) page \(rng.int(1...12)): \(rng.int(12...48)) items, cache \(rng.pick(["HIT", "HIT", "MISS"])) in \(rng.millis(25)) ms"
                )
            },
            LogTemplate(0.4) { rng, c in
                java.info(
                    c, &rng, "session.SessionRegistry",
                    "Session \(rng.hex(24)) created for user \(rng.user()) from \(rng.publicIP())")
            },
        ],
        benign: [
            LogTemplate(2) { rng, c in
                access(&rng, c, request: "GET \(rng.pick(SplitMix64.scanners))", status: 404)
            },
            LogTemplate(1.5) { rng, c in
                LogFormat.nginxError(
                    c, "error", connection: rng.int(1000...999_999),
                    "open() \"/usr/share/nginx/html/favicon.ico\" failed (2: No such file or directory), client: \(rng.publicIP()), server: \(server), request: \"GET /favicon.ico HTTP/1.1\", host: \"\(server)\""
                )
            },
            LogTemplate(1) { rng, c in
                let image = "/images/catalog/\(rng.int(1000...99_999))_l.jpg"
                return LogFormat.nginxError(
                    c, "warn", connection: rng.int(1000...999_999),
                    "an upstream response is buffered to a temporary file /var/cache/nginx/proxy_temp/\(rng.int(1...9))/\(rng.int(10...99))/00000\(rng.int(10_000...99_999)) while reading upstream, client: \(rng.publicIP()), server: \(server), request: \"GET \(image) HTTP/1.1\", upstream: \"http://127.0.0.1:8080\(image)\", host: \"\(server)\""
                )
            },
            LogTemplate(0.8) { rng, c in java.methodNotSupported(&rng, c) },
            LogTemplate(0.6) { rng, c in
                LogFormat.spring(
                    c, "ERROR", JavaLogs.thread(&rng), "c.e.storefront.web.GlobalExceptionHandler",
                    "Payment declined for checkout \(rng.hex(16)) (user \(rng.user())): card_declined")
            },
        ],
        slow: LogTemplate { rng, c in java.slow(&rng, c, request: rng.webRequest()) },
        memoryPressure: { rng, c, fill in java.heapPressure(&rng, c, fill: fill) },
        outOfMemory: { rng, c in java.outOfMemory(&rng, c) },
        errorBursts: [
            { rng, c in
                let request = rng.webRequest()
                var lines = java.heapSpace(&rng, c)
                lines.append(
                    upstream(
                        &rng, c, "upstream prematurely closed connection while reading response header from upstream",
                        request))
                lines.append(access(&rng, c, request: request, status: 502))
                return lines
            },
            { rng, c in
                let request = rng.webRequest()
                var lines = java.connectionFailure(&rng, c, request: request)
                lines.append(access(&rng, c, request: request, status: 500))
                return lines
            },
        ],
        startup: { rng, c in java.startup(&rng, c) },
        crash: { rng, c in
            var lines = java.crash(&rng, c)
            lines.append(
                upstream(
                    &rng, c, "connect() failed (111: Connection refused) while connecting to upstream", rng.webRequest()
                ))
            return lines
        }
    )
}
