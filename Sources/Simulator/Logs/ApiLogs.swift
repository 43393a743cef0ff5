/// The api role: the orders service, a Spring Boot application behind a load balancer.
extension RoleLogs {
    private static let java = JavaLogs(app: "orders", mainClass: "OrdersApplication", version: "2.14.1")

    static let api = RoleLogs(
        unit: "orders.service", unitDescription: "Orders API", process: "java",
        traffic: [
            LogTemplate(5) { rng, c in
                let request = rng.apiRequest()
                let status = request.hasPrefix("POST") ? 201 : 200
                return java.info(
                    c, &rng, "web.RequestLoggingFilter",
                    "\(request) \(status) \(rng.millis(14))ms user=\(rng.user()) rid=\(rng.requestID())")
            },
            LogTemplate(1) { rng, c in
                java.info(
                    c, &rng, "service.OrderService",
                    "Created order \(rng.orderID()) for customer \(rng.user()): \(rng.int(1...9)) items, total \(rng.int(5...900)).\(rng.int(10...99)) EUR"
                )
            },
            LogTemplate(0.8) { rng, c in
                java.info(
                    c, &rng, "payment.PaymentClient",
                    "Payment authorized for order \(rng.orderID()) (psp-ref \(rng.hex(20))) in \(rng.millis(380)) ms")
            },
            LogTemplate(0.8) { rng, c in
                java.info(
                    c, &rng, "events.OrderEventsPublisher",
                    "Published OrderCreated key=\(rng.orderID()) to orders-events-\(rng.int(0...11))@\(rng.int(1_000_000...9_999_999))"
                )
            },
            LogTemplate(0.6) { rng, c in
                java.info(
                    c, &rng, "inventory.InventoryClient",
                    "Reserved \(rng.int(1...6)) units of SKU-\(rng.int(10_000...99_999)) for order \(rng.orderID())")
            },
        ],
        benign: [
            LogTemplate(1) { rng, c in java.methodNotSupported(&rng, c) },
            LogTemplate(0.5) { rng, c in java.clockLeap(&rng, c) },
            LogTemplate(1) { rng, c in
                LogFormat.spring(
                    c, "ERROR", JavaLogs.thread(&rng), "c.e.orders.web.ApiExceptionHandler",
                    "Validation failed for POST /api/v1/orders (rid=\(rng.requestID())): quantity must be greater than 0"
                )
            },
            LogTemplate(0.8) { rng, c in
                LogFormat.spring(
                    c, "WARN", JavaLogs.thread(&rng), "c.e.orders.payment.PaymentClient",
                    "Payment provider answered 429 for order \(rng.orderID()); retrying in \(rng.int(200...2000)) ms")
            },
            LogTemplate(0.4) { rng, c in
                LogFormat.spring(
                    c, "WARN", "kafka-producer-network-thread | orders-producer-1",
                    "o.apache.kafka.clients.NetworkClient",
                    "[Producer clientId=orders-producer-1] Connection to node \(rng.int(1...3)) (b-\(rng.int(1...3)).orders.kafka.internal/\(rng.privateIP()):9092) could not be established. Broker may not be available."
                )
            },
        ],
        slow: LogTemplate { rng, c in java.slow(&rng, c, request: rng.apiRequest()) },
        memoryPressure: { rng, c, fill in java.heapPressure(&rng, c, fill: fill) },
        outOfMemory: { rng, c in java.outOfMemory(&rng, c) },
        errorBursts: [
            { rng, c in java.connectionFailure(&rng, c, request: rng.apiRequest()) },
            { rng, c in java.heapSpace(&rng, c) },
        ],
        startup: { rng, c in java.startup(&rng, c) },
        crash: { rng, c in
            [
                LogFormat.spring(c, "ERROR", "main", "o.s.boot.SpringApplication", "Application run failed"),
                LogFormat.raw(
                    "org.springframework.beans.factory.BeanCreationException: Error creating bean with name 'paymentClient': Injection of autowired dependencies failed"
                ),
                LogFormat.raw(
                    "Caused by: java.lang.IllegalArgumentException: Could not resolve placeholder 'orders.payment.endpoint' in value \"${orders.payment.endpoint}\""
                ),
            ]
        }
    )
}
