// swift-tools-version: 6.1
import PackageDescription

// Targets are listed in pipeline order: reference data and ICU at the
// bottom, then normalisation, intake, and the command-line front end.
let strictSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
]

let package = Package(
    name: "TeacherRegistry",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "Normalization", targets: ["Normalization"]),
        .library(name: "Matching", targets: ["Matching"]),
        .library(name: "Registry", targets: ["Registry"]),
        .executable(name: "teacher-registry", targets: ["RegistryCLI"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.20"),
        // The server: HTTP and TLS (default traits off: no swift-configuration), bcrypt, logs, Prometheus.
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1", traits: []),
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth", from: "2.5.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
        // SHA-256 of exports, HMAC-SHA-256 of cross-province match keys.
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
    ],
    targets: [
        // ICU from the system: link flags only (see ICUShim for why).
        .systemLibrary(
            name: "CICU",
            pkgConfig: "icu-uc icu-i18n",
            providers: [.apt(["libicu-dev"])]
        ),
        .target(name: "ICUShim", dependencies: ["CICU"]),

        // Facts the code relies on (province codes, code tables), kept as
        // plain files in Data/ and shipped as resources.
        .target(
            name: "ReferenceData",
            path: "Data",
            exclude: ["samples", "README.md"],
            sources: ["ReferenceData.swift"],
            resources: [.copy("codes"), .copy("models"), .copy("regions")],
            swiftSettings: strictSettings
        ),

        // Messy template cells → canonical identity fields.
        .target(
            name: "Normalization",
            dependencies: ["ICUShim", "ReferenceData"],
            swiftSettings: strictSettings
        ),

        // Files as schools and counties send them → rows with their origin.
        .target(
            name: "Intake",
            dependencies: ["Normalization", "ReferenceData", "ICUShim", .product(name: "ZIPFoundation", package: "ZIPFoundation")],
            swiftSettings: strictSettings
        ),

        // Which records are the same person: blocking, explainable scoring,
        // guarded clustering, batch audit and single-record lookup.
        .target(
            name: "Matching",
            dependencies: ["Normalization", "ReferenceData"],
            swiftSettings: strictSettings
        ),

        // The province's registry: one number per teacher, the SQLite store,
        // history, merges, transfers and rotations.
        .target(
            name: "Registry",
            dependencies: ["Matching", "Normalization", .product(name: "GRDB", package: "GRDB.swift"),
                           .product(name: "GRDBSQLite", package: "GRDB.swift")],
            swiftSettings: strictSettings
        ),

        // The registry's use cases as a user of one level and jurisdiction may
        // perform them: access checks, masking, imports, review, audit, progress.
        // Shared by the CLI and the server; knows nothing about HTTP.
        .target(
            name: "RegistryService",
            dependencies: [
                "Intake", "Matching", "Normalization", "Registry",
                .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: strictSettings
        ),

        // A thin HTTP layer over RegistryService.
        .target(
            name: "RegistryServer",
            dependencies: [
                "RegistryService", "Registry", "Normalization",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "HummingbirdTLS", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
            ],
            resources: [.copy("openapi.json")],
            swiftSettings: strictSettings
        ),

        .executableTarget(
            name: "RegistryCLI",
            dependencies: [
                "Intake",
                "Matching",
                "Registry",
                "RegistryService",
                "RegistryServer",
                "Normalization",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictSettings
        ),

        .testTarget(
            name: "NormalizationTests",
            dependencies: ["Normalization"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "IntakeTests",
            dependencies: ["Intake", .product(name: "ZIPFoundation", package: "ZIPFoundation")],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "MatchingTests",
            dependencies: ["Matching"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "RegistryTests",
            dependencies: ["Registry"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "RegistryServiceTests",
            dependencies: ["RegistryService", "Registry", "Intake", "Normalization"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "RegistryServerTests",
            dependencies: ["RegistryServer", "RegistryService", "Registry", "Normalization", "Intake",
                           .product(name: "Logging", package: "swift-log"),
                           .product(name: "ServiceLifecycle", package: "swift-service-lifecycle")],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "RegistryCLITests",
            dependencies: ["RegistryCLI", "Registry", "Normalization", "Intake", .product(name: "ZIPFoundation", package: "ZIPFoundation")],
            swiftSettings: strictSettings
        ),
    ]
)

// Benchmarks (ordo-one/benchmark) are added only when asked for, so that
// plain `swift build` / `swift test` never compile the harness:
//   TEACHER_REGISTRY_BENCHMARKS=1 swift package benchmark
if Context.environment["TEACHER_REGISTRY_BENCHMARKS"] != nil {
    package.dependencies += [
        .package(url: "https://github.com/ordo-one/benchmark", exact: "1.38.1", traits: ["MallocInterposer"]),
    ]
    let suites: [(name: String, dependencies: [Target.Dependency])] = [
        ("NormalizationBenchmarks", ["Normalization"]),
        ("MatchingBenchmarks", ["Intake", "Matching", "Normalization"]),
        ("RegistryBenchmarks", ["Matching", "Normalization", "Registry"]),
        ("IntakeBenchmarks", ["Intake", "Matching", "Normalization", .product(name: "ZIPFoundation", package: "ZIPFoundation")]),
    ]
    for suite in suites {
        package.targets.append(
            .executableTarget(
                name: suite.name,
                dependencies: suite.dependencies + [.product(name: "Benchmark", package: "benchmark")],
                path: "Benchmarks/\(suite.name)",
                plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
            ))
    }
}
