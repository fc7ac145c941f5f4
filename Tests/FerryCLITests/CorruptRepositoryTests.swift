import FerryTesting
import Foundation
import Testing

@Suite("A damaged repository")
struct CorruptRepositoryTests {
    /// Commands that read the manifests before anything else. `sync` fails before it looks for
    /// a cluster, so it needs none.
    static let commands: [[String]] = [["validate"], ["render"], ["sync", "--kubeconfig", "/nonexistent/kubeconfig"]]

    @Test("a truncated tree object fails the command with exit 1, naming the tree", arguments: commands)
    func truncatedTree(command: [String]) throws {
        let repository = try sparkRepository()
        defer { repository.remove() }
        let tree = try repository.revParse("HEAD:manifests")
        let file = repository.url(of: ".git/objects/\(tree.prefix(2))/\(tree.dropFirst(2))")
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: file.path)
        let original = try Data(contentsOf: file)
        try original.prefix(original.count / 2).write(to: file)

        // `timeout` only bounds the harness: libgit2 alone never returns here (libgit2 #7342),
        // and an endless test would say less than a failed one. The result is the exit status.
        let result = try FerryTesting.run("timeout", ["60", FerryBinary.path] + command + ["--repo", repository.path])
        #expect(result.status == 1, "exit \(result.status) (124 is the harness's timeout): \(result.errorOutput)")
        #expect(result.errorOutput.contains("tree \(tree.prefix(7)) is corrupt: its file is truncated"), "\(result.errorOutput)")
        #expect(result.errorOutput.contains("the repository is damaged: run `git fsck`"), "\(result.errorOutput)")
        #expect(result.output.isEmpty)
    }
}
