import FerryKube
import FerrySync
import FerryTesting
import Foundation
import Testing

/// A manifest path that is not a folder of the revision is invalid input (a `ConfigError`,
/// exit 2), named where it was given: `ferry.yaml`'s `path` value, or `--path`.
@Suite("The manifest path as input")
struct RevisionLoaderPathTests {
    static let configMap = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: app}\n"

    @Test("ferry.yaml's path is named by line and column", arguments: [
        ("path: nowhere\n", "not found at commit"),
        ("namespace: app\npath: ../elsewhere\n", "'..' would leave the repository"),
        ("path: /etc\n", "it must be relative to the repository root, not absolute"),
        ("path: manifests/app.yaml\n", "it is a file, not a directory"),
    ])
    func configPath(configuration: String, reason: String) throws {
        let repository = try GitFixture()
        try repository.write("ferry.yaml", configuration)
        try repository.write("manifests/app.yaml", Self.configMap)
        _ = try repository.commit("app")
        let error = try #require(throws: ConfigError.self) { try RevisionLoader.load(RevisionRequest(repository: repository.path)) }
        let line = configuration.hasPrefix("path") ? 1 : 2
        #expect(error.problems.count == 1)
        #expect(error.problems.first?.location == SourceLocation(file: "ferry.yaml", line: line, column: 7))
        #expect(error.description.contains(reason), "\(error)")
        #expect(error.description.contains("name a folder of the repository that holds the manifests, e.g. `path: manifests`"), "\(error)")
    }

    @Test("--path is named as the flag")
    func flagPath() throws {
        let repository = try GitFixture()
        try repository.write("manifests/app.yaml", Self.configMap)
        _ = try repository.commit("app")
        let error = try #require(throws: ConfigError.self) {
            try RevisionLoader.load(RevisionRequest(repository: repository.path, path: "nowhere"))
        }
        #expect(error.problems.first?.location.file == "--path")
        #expect(error.description.contains("manifest path 'nowhere' not found"), "\(error)")
        #expect(error.description.contains("e.g. `--path manifests`"), "\(error)")
    }

    @Test("an empty path in ferry.yaml says it is empty")
    func emptyPath() throws {
        let error = try #require(throws: ConfigError.self) { try FerryConfig.parse(Array("path: \"\"\n".utf8)) }
        #expect(error.description == "ferry.yaml:1:7: path is empty; give it a value, or remove the key to use the default")
    }
}
