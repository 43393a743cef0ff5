// swift-tools-version: 6.1
import PackageDescription

// Module layering (DESIGN.md): a module may import only those before it in this list.
//   AIOpsCore → Detection, LogAnalysis, Remediation, Simulator → Pipeline → Composition → Evaluation
//   → SigV4 → AWSClient → Notifications, AWSAdapters, LoadTrigger, SQLiteStore → Dashboard, LambdaRuntime
//   → AdapterComposition → DemoComposition → executables `aiops` (CLI), `bootstrap` (Lambda), `aiops-bench`.
// The wiring lives in one place, in two halves: Composition wires the domain's ports to the stages
// (embedded pipeline, function stages, detector providers, the demo); AdapterComposition wires the
// adapters (the AWS assembly and its settings), and DemoComposition, beside it, the demo's SQLite
// store and dashboard: `bootstrap` links no SQLite (GRDB). Adapters depend on AIOpsCore and their client only.
// The domain modules (AIOpsCore … Evaluation) import no NIO, Hummingbird, AsyncHTTPClient or GRDB.
let settings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("InternalImportsByDefault"),
]

// AIOPS_DOMAIN_ONLY=1 builds only the domain modules, the simulator, the CLI's domain commands and
// their tests: no TLS, HTTP server or database to compile, a fast inner loop on a 2-core machine.
// CI and releases always build everything.
let domainOnly = Context.environment["AIOPS_DOMAIN_ONLY"] == "1"

let argumentParser = Target.Dependency.product(name: "ArgumentParser", package: "swift-argument-parser")
let logging = Target.Dependency.product(name: "Logging", package: "swift-log")
let crypto = Target.Dependency.product(name: "Crypto", package: "swift-crypto")
let httpClient = Target.Dependency.product(name: "AsyncHTTPClient", package: "async-http-client")
let hummingbird = Target.Dependency.product(name: "Hummingbird", package: "hummingbird")
let hummingbirdTesting = Target.Dependency.product(name: "HummingbirdTesting", package: "hummingbird")
let grdb = Target.Dependency.product(name: "GRDB", package: "GRDB.swift")
let nio = Target.Dependency.product(name: "NIOCore", package: "swift-nio")
let nioPosix = Target.Dependency.product(name: "NIOPosix", package: "swift-nio")
let nioHTTP1 = Target.Dependency.product(name: "NIOHTTP1", package: "swift-nio")
let nioWebSocket = Target.Dependency.product(name: "NIOWebSocket", package: "swift-nio")
let serviceLifecycle = Target.Dependency.product(name: "ServiceLifecycle", package: "swift-service-lifecycle")
let httpTypes = Target.Dependency.product(name: "HTTPTypes", package: "swift-http-types")
let nioFoundation = Target.Dependency.product(name: "NIOFoundationCompat", package: "swift-nio")
let nioSSH = Target.Dependency.product(name: "NIOSSH", package: "swift-nio-ssh")
// The metrics API (small, no I/O) is fine in the domain; the Prometheus backend only at the composition side.
let coreMetrics = Target.Dependency.product(name: "CoreMetrics", package: "swift-metrics")
let metricsTestKit = Target.Dependency.product(name: "MetricsTestKit", package: "swift-metrics")
let prometheus = Target.Dependency.product(name: "Prometheus", package: "swift-prometheus")
// The tracing API (small, no I/O: `withSpan`) is fine in the domain; OpenTelemetry's exporter (swift-otel) only at
// the composition side, and only its OTLP/HTTP trait (its default traits pull gRPC).
let tracing = Target.Dependency.product(name: "Tracing", package: "swift-distributed-tracing")
let otel = Target.Dependency.product(name: "OTel", package: "swift-otel")

// scripts/package-lambda.sh: the trimmed ICU data that Sources/CompatGlibc/ICUData.S links into `bootstrap`.
let icuData: [CSetting] =
    if let path = Context.environment["AIOPS_ICU_DATA"], let symbol = Context.environment["AIOPS_ICU_SYMBOL"] {
        [.define("AIOPS_ICU_DATA", to: "\"\(path)\""), .define("AIOPS_ICU_SYMBOL", to: symbol)]
    } else {
        []
    }

let domainTargets: [Target] = [
    // Domain: no I/O frameworks.
    .target(name: "AIOpsCore", dependencies: [coreMetrics], swiftSettings: settings),
    .target(name: "Detection", dependencies: ["AIOpsCore"], swiftSettings: settings),
    .target(name: "LogAnalysis", dependencies: ["AIOpsCore"], swiftSettings: settings),
    .target(name: "Remediation", dependencies: ["AIOpsCore"], swiftSettings: settings),
    .target(
        name: "Pipeline", dependencies: ["AIOpsCore", "Detection", "LogAnalysis", "Remediation", logging, tracing],
        swiftSettings: settings),
    .target(name: "Simulator", dependencies: ["AIOpsCore"], swiftSettings: settings),
    // The domain half of the composition root: every entry point builds its stages through it.
    .target(
        name: "Composition",
        dependencies: ["AIOpsCore", "Detection", "LogAnalysis", "Remediation", "Pipeline", "Simulator", logging],
        swiftSettings: settings),
    .target(
        name: "Evaluation", dependencies: ["AIOpsCore", "Detection", "Pipeline", "Composition", logging],
        swiftSettings: settings),

    // Entry points.
    .executableTarget(
        name: "aiops",
        dependencies: [
            "AIOpsCore", "Detection", "LogAnalysis", "Remediation", "Pipeline", "Evaluation", "Simulator",
            "Composition", argumentParser, logging,
        ]
            + (domainOnly
                ? []
                : [
                    "AWSClient", "AWSAdapters", "LoadTrigger", "SQLiteStore", "Dashboard", "AdapterComposition",
                    "DemoComposition", "Notifications", serviceLifecycle,
                ]),
        exclude: domainOnly ? ["Full"] : ["DomainOnly"],
        swiftSettings: settings),
    .executableTarget(
        name: "aiops-bench",
        dependencies: ["AIOpsCore", "Detection", "LogAnalysis", "Simulator", argumentParser],
        swiftSettings: settings),

    // Tests: one target per module, plus the CLI driven as a subprocess. TestSupport starts
    // real peers (moto's server, the aiops binary) on loopback.
    .target(
        name: "TestSupport", dependencies: ["AIOpsCore", logging], path: "Tests/TestSupport", swiftSettings: settings),
    .testTarget(name: "AIOpsCoreTests", dependencies: ["AIOpsCore", "TestSupport"], swiftSettings: settings),
    .testTarget(
        name: "DetectionTests", dependencies: ["Detection", "TestSupport"], resources: [.copy("Fixtures")],
        swiftSettings: settings),
    .testTarget(name: "LogAnalysisTests", dependencies: ["LogAnalysis", "TestSupport"], swiftSettings: settings),
    .testTarget(name: "RemediationTests", dependencies: ["Remediation", "TestSupport"], swiftSettings: settings),
    .testTarget(
        name: "PipelineTests",
        dependencies: [
            "Pipeline", "Composition", "Simulator", "TestSupport", metricsTestKit, tracing,
            .product(name: "InMemoryTracing", package: "swift-distributed-tracing"),
        ]
            + (domainOnly ? [] : ["SQLiteStore"]),
        swiftSettings: settings),
    .testTarget(name: "EvaluationTests", dependencies: ["Evaluation", "TestSupport"], swiftSettings: settings),
    .testTarget(name: "SimulatorTests", dependencies: ["Simulator", "TestSupport"], swiftSettings: settings),
    .testTarget(
        name: "CLITests", dependencies: ["TestSupport"], exclude: ["Fixtures"],
        swiftSettings: settings + (domainOnly ? [] : [.define("AIOPS_FULL")])),
]

let adapterTargets: [Target] = [
    .target(name: "SigV4", dependencies: [crypto], swiftSettings: settings),
    .target(
        name: "AWSClient", dependencies: ["SigV4", httpClient, logging, nio, coreMetrics], swiftSettings: settings),
    // Slack, Teams, PagerDuty and signed webhooks behind the `Notifier` port (docs/channels.md).
    .target(name: "Notifications", dependencies: ["AIOpsCore", "AWSClient", crypto, logging], swiftSettings: settings),
    .target(
        name: "AWSAdapters",
        dependencies: ["AIOpsCore", "AWSClient", logging, tracing],
        swiftSettings: settings),
    .target(name: "SQLiteStore", dependencies: ["AIOpsCore", grdb], swiftSettings: settings),
    .target(name: "LoadTrigger", dependencies: ["AWSClient", crypto, nio, nioPosix, nioSSH], swiftSettings: settings),
    .target(
        name: "Dashboard",
        dependencies: ["AIOpsCore", "Remediation", crypto, hummingbird, httpTypes, logging, nio, serviceLifecycle],
        resources: [.copy("Resources")], swiftSettings: settings),
    .target(
        name: "LambdaRuntime",
        dependencies: [httpClient, hummingbird, httpTypes, logging, nio, nioFoundation, nioHTTP1, coreMetrics],
        swiftSettings: settings),
    // The adapter half of the composition root: the AWS assembly and its settings.
    .target(
        name: "AdapterComposition",
        dependencies: [
            "AIOpsCore", "Detection", "LogAnalysis", "Remediation", "Pipeline", "Composition", "AWSClient",
            "AWSAdapters", "Notifications", logging, serviceLifecycle, tracing, otel,
        ],
        swiftSettings: settings),
    // The SQLite store, the dashboard's wiring (the demo, `aiops serve`, the dashboard of `aiops run`) and
    // Prometheus for `/metrics`: apart, so that `bootstrap` links neither GRDB nor Prometheus (it writes EMF).
    .target(
        name: "DemoComposition",
        dependencies: [
            "AIOpsCore", "Composition", "Simulator", "AWSClient", "SQLiteStore", "Dashboard", "Notifications", logging,
            coreMetrics, prometheus,
        ],
        swiftSettings: settings),
    // Binds hypot/hypotf to their pre-2.35 glibc versions so `bootstrap` loads on Amazon Linux 2023.
    // With AIOPS_ICU_DATA and AIOPS_ICU_SYMBOL (scripts/package-lambda.sh), also a trimmed copy of ICU's data.
    .target(name: "CompatGlibc", cSettings: icuData),
    .executableTarget(
        name: "bootstrap",
        dependencies: [
            "AIOpsCore", "LogAnalysis", "Remediation", "Pipeline", "AWSClient", "AWSAdapters", "Dashboard",
            "Composition", "AdapterComposition", "Notifications", "LambdaRuntime", "CompatGlibc", hummingbird, logging,
            coreMetrics, tracing,
        ],
        swiftSettings: settings),

    // The one moto fixture of the AWS suites: moto's server and clients against it.
    .target(
        name: "AWSTestSupport", dependencies: ["AWSClient", "TestSupport"], path: "Tests/AWSTestSupport",
        swiftSettings: settings),
    .testTarget(name: "SigV4Tests", dependencies: ["SigV4", "TestSupport"], swiftSettings: settings),
    .testTarget(
        name: "AWSClientTests", dependencies: ["AWSClient", "AWSTestSupport", "TestSupport", metricsTestKit],
        swiftSettings: settings),
    .testTarget(
        name: "NotificationsTests",
        dependencies: ["Notifications", "AIOpsCore", "AWSClient", "SQLiteStore", "TestSupport", crypto, logging],
        swiftSettings: settings),
    .testTarget(
        name: "AWSAdaptersTests",
        dependencies: [
            "AWSAdapters", "AWSClient", "AWSTestSupport", "Detection", "Pipeline", "Composition", "AdapterComposition",
            "TestSupport", logging,
            // The correlation race runs on SQLite beside DynamoDB.
            "SQLiteStore",
        ],
        swiftSettings: settings),
    .testTarget(name: "SQLiteStoreTests", dependencies: ["SQLiteStore", "TestSupport", grdb], swiftSettings: settings),
    // The child process that SQLiteStoreTests kills mid-write, and the store's list benchmark.
    .executableTarget(
        name: "aiops-store-torture", dependencies: ["AIOpsCore", "SQLiteStore"], path: "Tests/StoreTorture",
        swiftSettings: settings),
    .testTarget(
        name: "LoadTriggerTests", dependencies: ["LoadTrigger", "AWSClient", "AWSTestSupport", "TestSupport"],
        swiftSettings: settings),
    .testTarget(
        name: "DashboardTests",
        dependencies: [
            "Dashboard", "SQLiteStore", "Simulator", "TestSupport", hummingbirdTesting, nio, nioPosix, nioHTTP1,
            nioWebSocket,
            // The feedback loop test runs the pipeline beside the API.
            "Pipeline", "Composition", "Detection", "LogAnalysis", "Remediation",
            // Slack's response_url is posted through the channels' transport, as in production.
            "Notifications",
        ],
        swiftSettings: settings),
    .testTarget(
        name: "LambdaRuntimeTests",
        dependencies: ["LambdaRuntime", "TestSupport", hummingbird, httpTypes, coreMetrics],
        resources: [.copy("Fixtures")], swiftSettings: settings),
    // Every module's error held to one shape (AIOpsCore's `CodedError`).
    .testTarget(
        name: "ErrorShapeTests",
        dependencies: [
            "AIOpsCore", "Detection", "LogAnalysis", "Evaluation", "Dashboard", "AWSClient", "LoadTrigger",
            "LambdaRuntime",
        ],
        swiftSettings: settings),
    // The built `bootstrap` as a subprocess, fed by a Runtime API on loopback, against moto.
    .testTarget(
        name: "BootstrapTests",
        dependencies: [
            "AIOpsCore", "AWSClient", "AWSAdapters", "AWSTestSupport", "Pipeline", "AdapterComposition", "TestSupport",
        ],
        swiftSettings: settings),
]

let package = Package(
    name: "aiops",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "aiops", targets: ["aiops"]),
        .executable(name: "aiops-bench", targets: ["aiops-bench"]),
    ] + (domainOnly ? [] : [.executable(name: "bootstrap", targets: ["bootstrap"])]),
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.0"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-distributed-tracing", from: "1.7.0"),
    ]
        + (domainOnly
            ? []
            : [
                .package(url: "https://github.com/apple/swift-crypto", "3.0.0"..<"5.0.0"),
                .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
                .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
                .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
                .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
                .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
                .package(url: "https://github.com/apple/swift-http-types", from: "1.3.0"),
                .package(url: "https://github.com/apple/swift-nio-ssh", from: "0.15.1"),
                .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
                .package(url: "https://github.com/swift-otel/swift-otel", from: "1.6.0", traits: ["OTLPHTTP"]),
            ]),
    targets: domainTargets + (domainOnly ? [] : adapterTargets)
)
