// swift-tools-version:6.0
// AfterSales: an event-driven after-sales service platform.
// No Swift package dependencies: Foundation, Dispatch, librdkafka and libpq only.
import PackageDescription

/// Folder holding the librdkafka 2.16 runtime fetched by `make setup` (see ENVIRONMENT notes in README).
/// Baked into every binary's run path; elsewhere (containers) the system librdkafka is used.
let localLibraryPath = Context.packageDirectory + "/.local/lib"
let runPath: [LinkerSetting] = [.unsafeFlags(["-Xlinker", "-rpath", "-Xlinker", localLibraryPath])]

/// A service: a library with its rules, handlers and migrations, and a thin executable.
func service(_ name: String, folder: String, executable: String) -> [Target] {
    [
        .target(
            name: "\(name)Service",
            dependencies: ["Schema", "Postgres", "Kafka", "ServiceRuntime"],
            path: "Services/\(folder)/Service"
        ),
        // The target (module) is `<Name>Main`; the product, and so the binary, is `executable`.
        // (A module named `dispatch` would define `dispatch_main` and shadow libdispatch's.)
        .executableTarget(
            name: "\(name)Main",
            dependencies: [.target(name: "\(name)Service"), "ServiceRuntime"],
            path: "Services/\(folder)/Main",
            linkerSettings: runPath
        ),
    ]
}

func tests(_ name: String, _ dependencies: [Target.Dependency]) -> Target {
    .testTarget(name: name, dependencies: dependencies + ["TestSupport"], path: "Tests/\(name)", linkerSettings: runPath)
}

let package = Package(
    name: "AfterSales",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "intake", targets: ["IntakeMain"]),
        .executable(name: "dispatch", targets: ["DispatchMain"]),
        .executable(name: "inventory", targets: ["InventoryMain"]),
        .executable(name: "surveys", targets: ["SurveysMain"]),
        .executable(name: "alerting", targets: ["AlertingMain"]),
        .executable(name: "aftersales", targets: ["aftersales"]),
        .executable(name: "aftersales-bench", targets: ["aftersales-bench"]),
    ],
    targets: [
        // MARK: C libraries
        .systemLibrary(name: "CRdKafka", path: "Shared/CRdKafka", pkgConfig: "rdkafka",
                       providers: [.apt(["librdkafka-dev"])]),
        .systemLibrary(name: "CLibPQ", path: "Shared/CLibPQ", pkgConfig: "libpq",
                       providers: [.apt(["libpq-dev"])]),

        // MARK: Shared modules
        .target(name: "Schema", path: "Shared/Schema"),
        .target(name: "Kafka", dependencies: ["CRdKafka"], path: "Shared/Kafka"),
        .target(name: "Postgres", dependencies: ["CLibPQ"], path: "Shared/Postgres"),
        .target(name: "ServiceRuntime", dependencies: ["Schema", "Kafka", "Postgres"], path: "Shared/Runtime"),


        // MARK: Operator tool and benchmarks
        .target(name: "OperatorTool", dependencies: ["Schema", "Kafka", "ServiceRuntime"], path: "Services/Operator/Library"),
        .executableTarget(name: "aftersales", dependencies: ["OperatorTool"], path: "Services/Operator/Executable",
                          linkerSettings: runPath),
        .executableTarget(
            name: "aftersales-bench",
            dependencies: ["Schema", "Kafka", "Postgres", "ServiceRuntime", "TestSupport", "IntakeService", "DispatchService",
                           "InventoryService", "SurveysService", "AlertingService"],
            path: "Tests/Benchmarks",
            linkerSettings: runPath
        ),

        // MARK: Test support and tests
        .target(name: "TestSupport", dependencies: ["Schema", "Kafka", "Postgres", "ServiceRuntime"], path: "Tests/TestSupport"),
        tests("SchemaTests", ["Schema"]),
        tests("KafkaTests", ["Kafka"]),
        tests("PostgresTests", ["Postgres"]),
        tests("RuntimeTests", ["ServiceRuntime", "Schema", "Kafka", "Postgres"]),
        tests("IntakeTests", ["IntakeService", "ServiceRuntime", "Schema"]),
        tests("DispatchTests", ["DispatchService", "ServiceRuntime", "Schema"]),
        tests("InventoryTests", ["InventoryService", "ServiceRuntime", "Schema"]),
        tests("SurveysTests", ["SurveysService", "ServiceRuntime", "Schema"]),
        tests("AlertingTests", ["AlertingService", "ServiceRuntime", "Schema"]),
        tests("OperatorTests", ["OperatorTool", "Schema", "ServiceRuntime"]),
        tests("HostileInputTests", ["IntakeService", "DispatchService", "InventoryService", "SurveysService",
                                    "AlertingService", "ServiceRuntime", "Schema", "Kafka"]),
        tests("PlatformTests", ["OperatorTool", "IntakeService", "DispatchService", "InventoryService", "SurveysService",
                                "AlertingService", "ServiceRuntime", "Schema"]),
    ]
        + service("Intake", folder: "Intake", executable: "intake")
        + service("Dispatch", folder: "Dispatch", executable: "dispatch")
        + service("Inventory", folder: "Inventory", executable: "inventory")
        + service("Surveys", folder: "Surveys", executable: "surveys")
        + service("Alerting", folder: "Alerting", executable: "alerting"),
    swiftLanguageModes: [.v6]
)
