import Foundation
import Testing
import FerryGit
import FerryTesting

@Suite("Symlinks, submodules and oversize files")
struct SkippedEntryTests {
    @Test func reportsSymlinksWithTheirTargetAndNeverFollowsThem() throws {
        let fixture = try GitFixture()
        try fixture.write("manifests/app.yaml", manifest("app"))
        try fixture.write("shared/common.yaml", manifest("common"))
        try fixture.symlink("manifests/alias.yaml", to: "app.yaml")
        try fixture.symlink("manifests/passwd.yaml", to: "../../etc/passwd")
        try fixture.symlink("manifests/shared", to: "../shared")  // a directory outside the path
        try fixture.commit("Links")

        let store = try fixture.store()
        let snapshot = try store.manifests(at: store.repository.head())
        #expect(snapshot.paths == ["manifests/app.yaml"])
        #expect(snapshot.skipped == [
            SkippedEntry(path: "manifests/alias.yaml", reason: .symlink(target: "app.yaml")),
            SkippedEntry(path: "manifests/passwd.yaml", reason: .symlink(target: "../../etc/passwd")),
            SkippedEntry(path: "manifests/shared", reason: .symlink(target: "../shared")),
        ])
        #expect(snapshot.skipped[1].description == "manifests/passwd.yaml: symlink to '../../etc/passwd', not followed")
    }

    @Test func reportsASubmoduleAndNeverEntersIt() throws {
        let library = try GitFixture()
        try library.write("inner.yaml", manifest("inner"))
        try library.write("deep/more.yaml", manifest("more"))
        let pinned = try library.commit("Library")

        let fixture = try GitFixture()
        try fixture.write("manifests/app.yaml", manifest("app"))
        try fixture.addSubmodule("manifests/vendor", from: library)
        try fixture.commit("Vendor a submodule")
        // The submodule's files really are on disk, so a walk that entered it would find them.
        #expect(try fixture.read("manifests/vendor/inner.yaml") == manifest("inner"))

        let store = try fixture.store()
        let snapshot = try store.manifests(at: store.repository.head())
        #expect(snapshot.paths == ["manifests/app.yaml"])
        #expect(snapshot.skipped == [
            SkippedEntry(path: "manifests/vendor", reason: .submodule(commit: try #require(ObjectID(hex: pinned)))),
        ])
    }

    @Test func reportsAGitlinkToACommitThatExistsNowhere() throws {
        let fixture = try GitFixture()
        try fixture.write("manifests/app.yaml", manifest("app"))
        try fixture.stage()
        let phantom = String(repeating: "ab", count: 20)
        try fixture.addGitlink("manifests/phantom", commit: phantom)
        try fixture.commit("Gitlink", stagingAll: false)

        let store = try fixture.store()
        let snapshot = try store.manifests(at: store.repository.head())
        #expect(snapshot.paths == ["manifests/app.yaml"])
        #expect(snapshot.skipped.map(\.reason) == [.submodule(commit: try #require(ObjectID(hex: phantom)))])
    }

    @Test func reportsAnOversizeManifestWithoutLoadingIt() throws {
        let fixture = try GitFixture()
        try fixture.write("manifests/small.yaml", manifest("small"))
        let big = "# padding\n" + noise(count: 5_000) + "\n"
        try fixture.write("manifests/big.yaml", big)
        try fixture.write("manifests/big.txt", big)  // not a manifest: ignored, not reported
        try fixture.commit("Big")

        // Swap the big blob's loose object for another blob of the same size: its header still
        // gives the right size, but loading the content fails the hash check. So a store that
        // loaded the oversize file would throw.
        let blob = try fixture.revParse("HEAD:manifests/big.yaml")
        let impostor = try fixture.git("hash-object", "-w", "--stdin", input: "# padding\n" + noise(count: 5_000, seed: 7) + "\n")
            .trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(impostor != blob)
        let object = { (id: String) in fixture.url(of: ".git/objects/\(id.prefix(2))/\(id.dropFirst(2))") }
        try FileManager.default.removeItem(at: object(blob))
        try FileManager.default.copyItem(at: object(impostor), to: object(blob))

        let limited = try fixture.store(maxFileSize: 1_024)
        let snapshot = try limited.manifests(at: limited.repository.head())
        #expect(snapshot.paths == ["manifests/small.yaml"])
        #expect(snapshot.skipped == [
            SkippedEntry(path: "manifests/big.yaml", reason: .tooLarge(size: big.utf8.count, limit: 1_024)),
        ])

        // The same read without the limit does load the swapped blob, and notices.
        let unlimited = try fixture.store()
        let error = #expect(throws: GitError.self) { try unlimited.manifests(at: unlimited.repository.head()) }
        #expect(error?.context == "reading 'manifests/big.yaml' (blob \(blob.prefix(7)))")
    }

    @Test func theDefaultLimitIs32MiB() throws {
        #expect(ManifestStore.defaultMaxFileSize == 32 * 1024 * 1024)
        let fixture = try GitFixture()
        try fixture.write("manifests/app.yaml", manifest("app"))
        try fixture.commit("App")
        #expect(try fixture.store().maxFileSize == 32 * 1024 * 1024)
    }

    @Test func aFileExactlyAtTheLimitIsRead() throws {
        let fixture = try GitFixture()
        try fixture.write("manifests/exact.yaml", String(repeating: "#", count: 99) + "\n")
        try fixture.write("manifests/over.yaml", String(repeating: "#", count: 100) + "\n")
        try fixture.commit("Sizes")

        let store = try fixture.store(maxFileSize: 100)
        let snapshot = try store.manifests(at: store.repository.head())
        #expect(snapshot.paths == ["manifests/exact.yaml"])
        #expect(snapshot.skipped.map(\.reason) == [.tooLarge(size: 101, limit: 100)])
    }

    /// Pseudo-random letters, the same for the same seed.
    private func noise(count: Int, seed: UInt64 = 1) -> String {
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15 &* seed
        return String((0..<count).map { _ in
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Character(UnicodeScalar(UInt8(97 + (state >> 33) % 26)))
        })
    }
}
