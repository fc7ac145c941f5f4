import FerryTesting
import Foundation
import Testing

/// A manifest Ferry cannot read may hold objects: leaving it out would prune them. Such a
/// revision is invalid, for every command, and nothing is applied or pruned.
@Suite("Unreadable manifest files", .enabled(if: ClusterFixture.hasKubectl, "needs kubectl"))
struct UnreadableFileTests {
    enum Unreadable: String, CaseIterable, CustomTestStringConvertible {
        case symlink, oversize
        var testDescription: String { rawValue }

        /// Replaces `manifests/a.yaml` with an entry of this kind.
        func write(into repository: GitFixture) throws {
            try repository.removeFile("manifests/a.yaml")
            switch self {
            case .symlink:
                try repository.write("shared/a.yaml", configMap("a"))
                try repository.symlink("manifests/a.yaml", to: "../shared/a.yaml")
            case .oversize:
                // A comment, so that were it read it would still be valid: only its size is wrong.
                let line = "# filler: a generated file, as large as no manifest should be\n"
                let filler = String(repeating: line, count: (33 << 20) / line.utf8.count + 1)
                try repository.write("manifests/a.yaml", configMap("a") + filler)
            }
        }

        /// What the problem line says after `manifests/a.yaml:1:1: `.
        var message: String {
            switch self {
            case .symlink: "is a symlink (to '../shared/a.yaml'); ferry reads files from git's object database and does not follow links: commit the file itself"
            case .oversize: "file is 33 MiB, over the 32 MiB limit, and was not read; split it into smaller files"
            }
        }
    }

    static func configMap(_ name: String) -> String {
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: \(name)\ndata:\n  key: value\n"
    }

    @Test("sync, diff, validate and render exit 2 naming the file; the objects it held stay", arguments: Unreadable.allCases)
    func unreadableFileStopsEverything(_ unreadable: Unreadable) async throws {
        let cluster = try await ClusterFixture.start()
        let namespace = uniqueName("unreadable")
        let repository = try GitFixture()
        try repository.write("ferry.yaml", "path: manifests\nnamespace: \(namespace)\ninstance: \(namespace)\n")
        try repository.write("manifests/namespace.yaml", "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: \(namespace)\n")
        try repository.write("manifests/a.yaml", Self.configMap("a"))
        try repository.commit("A ConfigMap")
        try await SyncEndToEndTests.syncSucceeds(cluster, repository)
        #expect(try await cluster.exists("configmap", "a", namespace: namespace))

        try unreadable.write(into: repository)
        try repository.commit("a.yaml becomes \(unreadable.rawValue)")
        let writes = try cluster.requests().count
        let sync = try await cluster.ferry(["sync"], repo: repository)
        #expect(sync.status == 2, "\(sync.errorOutput)\(sync.output)")
        #expect(sync.errorOutput.contains("error: manifests/a.yaml:1:1: \(unreadable.message)"), "\(sync.errorOutput)")
        #expect(try cluster.requests().dropFirst(writes).filter(\.isWrite).isEmpty)
        #expect(try await cluster.exists("configmap", "a", namespace: namespace))

        let diff = try await cluster.ferry(["diff"], repo: repository)
        #expect(diff.status == 2, "\(diff.errorOutput)")
        for command in ["validate", "render"] {
            let result = try FerryBinary.run([command, "--repo", repository.path])
            #expect(result.status == 2, "\(command): \(result.errorOutput)")
            #expect((result.output + result.errorOutput).contains("manifests/a.yaml:1:1: \(unreadable.message)"), "\(command): \(result.output)\(result.errorOutput)")
        }
        #expect(try await cluster.exists("configmap", "a", namespace: namespace))
    }
}
