// swift-tools-version:6.1
import PackageDescription

// The libFuzzer target over Ferry's YAML parser and manifest decoder, a package of its
// own so that the root package's `swift build` and `make test` never see it: it links
// only with `-sanitize=fuzzer`, which brings libFuzzer's driver. `make fuzz` builds and runs it.
// Sources/CYAML, FerryYAML and FerryKube are symbolic links to the root package's
// targets, so the fuzzer exercises the very same code, built with its instrumentation.
let settings: [SwiftSetting] = [
    .swiftLanguageMode(.v6),
    .enableUpcomingFeature("ExistentialAny"),
]

let package = Package(
    name: "ferry-fuzz",
    products: [
        .executable(name: "ferry-fuzz", targets: ["ferry-fuzz"]),
    ],
    targets: [
        .systemLibrary(name: "CYAML", path: "Sources/CYAML", pkgConfig: "yaml-0.1", providers: [.apt(["libyaml-dev"])]),
        .target(name: "FerryYAML", dependencies: ["CYAML"], path: "Sources/FerryYAML", swiftSettings: settings),
        .target(name: "FerryKube", dependencies: ["FerryYAML"], path: "Sources/FerryKube", swiftSettings: settings),
        .target(name: "CFuzzer", path: "Sources/CFuzzer"),
        .executableTarget(name: "ferry-fuzz", dependencies: ["CFuzzer", "FerryYAML", "FerryKube"], path: "Sources/ferry-fuzz",
                          swiftSettings: settings),
    ]
)
