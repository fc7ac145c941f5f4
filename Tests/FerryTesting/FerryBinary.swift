import Foundation

/// The `ferry` executable under test: the one SwiftPM built next to the test bundle.
public enum FerryBinary {
    /// The path of the built `ferry`, or `FERRY_BINARY` when set.
    public static let path: String = {
        if let override = ProcessInfo.processInfo.environment["FERRY_BINARY"] { return override }
        var candidates: [URL] = []
        if let executable = Bundle.main.executableURL {
            candidates.append(executable.deletingLastPathComponent().appendingPathComponent("ferry"))
        }
        for bundle in Bundle.allBundles {
            candidates.append(bundle.bundleURL.deletingLastPathComponent().appendingPathComponent("ferry"))
        }
        let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        candidates.append(packageRoot.appendingPathComponent(".build/debug/ferry"))
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) }?.path
            ?? packageRoot.appendingPathComponent(".build/debug/ferry").path
    }()

    /// Runs `ferry` with `arguments` in `directory`.
    public static func run(_ arguments: [String], in directory: URL? = nil,
                           environment: [String: String]? = nil) throws -> FerryTesting.ProcessResult {
        try FerryTesting.run(path, arguments, in: directory, environment: environment)
    }
}
