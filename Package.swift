// swift-tools-version:6.1
import PackageDescription

// Every target shares one set of settings: Swift 6 language mode (strict
// concurrency) and explicit `any` for existentials.
let settings: [SwiftSetting] = [
    .swiftLanguageMode(.v6),
    .enableUpcomingFeature("ExistentialAny"),
]

let package = Package(
    name: "ferry",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "ferry", targets: ["ferry"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/apple/swift-certificates", from: "1.21.1"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
    ],
    targets: [
        // C libraries, taken from the system through pkg-config; never vendored.
        .systemLibrary(
            name: "CYAML", pkgConfig: "yaml-0.1",
            providers: [.apt(["libyaml-dev"])]),
        .systemLibrary(
            name: "CGit2", pkgConfig: "libgit2",
            providers: [.apt(["libgit2-dev", "zlib1g-dev"])]),
        // glibc's allocator tuning, for the local cluster's server process.
        .systemLibrary(name: "CMalloc"),

        // YAML: libyaml events to positioned values, Kubernetes' resolution rules, emitters.
        .target(name: "FerryYAML", dependencies: ["CYAML"], swiftSettings: settings),
        // The git manifest store: trees, history, index and work tree through libgit2.
        .target(name: "FerryGit", dependencies: ["CGit2"], swiftSettings: settings),
        // The Kubernetes object model: identities, manifests, validation.
        .target(name: "FerryKube", dependencies: ["FerryYAML"], swiftSettings: settings),
        // Sync: the desired state of a revision (config, manifests), and later diff, apply and health.
        .target(
            name: "FerrySync",
            dependencies: [
                "FerryGit", "FerryKube", "FerryYAML", "FerryKubeClient",
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: settings),
        // The Kubernetes client: kubeconfig, credentials, discovery, retries; one code
        // path for every cluster.
        .target(
            name: "FerryKubeClient",
            dependencies: [
                "FerryKube", "FerryYAML",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: settings),
        // The embedded local cluster: a Kubernetes API server over HTTPS with SQLite
        // storage, watches, patches, server-side apply and real Deployment rollouts.
        .target(
            name: "FerryLocalCluster",
            dependencies: [
                "FerryKube", "FerryYAML", "CMalloc",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "HummingbirdTLS", package: "hummingbird"),
                .product(name: "X509", package: "swift-certificates"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: settings),
        // Git hooks: which hooks, installing and chaining them, when a commit or push syncs.
        .target(name: "FerryHooks", dependencies: ["FerrySync", "FerryGit", "FerryKubeClient"], swiftSettings: settings),
        // The long-running agent: follows the branch, heals drift, serves metrics and
        // health, sends notifications; each sync is FerrySync's reconcile.
        .target(
            name: "FerryAgent",
            dependencies: [
                "FerrySync", "FerryGit", "FerryKube", "FerryKubeClient",
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: settings),
        // The thin CLI.
        .executableTarget(
            name: "ferry",
            dependencies: [
                "FerryYAML", "FerryGit", "FerryKube", "FerrySync", "FerryLocalCluster", "FerryAgent", "FerryHooks",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: settings),

        // Benchmarks (`make bench`): figures printed, never asserted.
        .executableTarget(
            name: "ferry-bench",
            dependencies: ["FerryYAML", "FerryGit", "CYAML", "CGit2", "FerryKube", "FerryKubeClient",
                           "FerrySync", "FerryLocalCluster",  // the rollout detection benchmark runs both in process
                           .product(name: "NIOCore", package: "swift-nio"),
                           .product(name: "NIOPosix", package: "swift-nio"),
                           "ferry"],  // built alongside: the benchmarks run the release `ferry`
            path: "bench",
            exclude: ["results"],  // the reports each run writes
            swiftSettings: settings),

        // Shared test helpers: temporary git repositories, running the ferry binary.
        .target(name: "FerryTesting", path: "Tests/FerryTesting", swiftSettings: settings),
        .testTarget(name: "FerryYAMLTests", dependencies: ["FerryYAML"], swiftSettings: settings),
        .testTarget(
            name: "FerryGitTests", dependencies: ["FerryGit", "FerryTesting"],
            swiftSettings: settings),
        .testTarget(
            name: "FerryKubeTests", dependencies: ["FerryKube", "FerryYAML"],
            swiftSettings: settings),
        .testTarget(
            name: "FerrySyncTests",
            dependencies: ["FerrySync", "FerryKube", "FerryKubeClient", "FerryGit", "FerryLocalCluster", "FerryTesting"],
            swiftSettings: settings),
        .testTarget(
            name: "FerryLocalClusterTests",
            dependencies: ["FerryLocalCluster", "FerryKube", "FerryTesting", .product(name: "GRDB", package: "GRDB.swift")],
            swiftSettings: settings),
        .testTarget(
            name: "FerryKubeClientTests",
            dependencies: [
                "FerryKubeClient", "FerryKube", "FerryYAML", "FerryTesting",
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "NIOEmbedded", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: settings),
        .testTarget(name: "FerryAgentTests", dependencies: ["FerryAgent"], swiftSettings: settings),
        .testTarget(name: "FerryHooksTests", dependencies: ["FerryHooks", "FerryGit", "FerryTesting"], swiftSettings: settings),
        .testTarget(
            name: "FerryCLITests",
            dependencies: ["FerryTesting", "FerryKube", .product(name: "Hummingbird", package: "hummingbird")],
            swiftSettings: settings),
    ]
)
