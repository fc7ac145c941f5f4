import Foundation
import Testing
import FerryGit
import FerryTesting

@Suite("Reading staged manifests from the index")
struct IndexTests {
    @Test func seesStagedContentThatHEADDoesNot() throws {
        let fixture = try GitFixture()
        try fixture.write("manifests/app.yaml", manifest("app", data: "committed"))
        try fixture.write("manifests/gone.yaml", manifest("gone"))
        try fixture.commit("Commit")
        try fixture.write("manifests/app.yaml", manifest("app", data: "staged"))
        try fixture.write("manifests/new/added.yaml", manifest("added"))
        try fixture.removeFile("manifests/gone.yaml")
        try fixture.stage()
        // Edited again after staging: the work tree is neither HEAD nor the index.
        try fixture.write("manifests/app.yaml", manifest("app", data: "unstaged"))
        try fixture.write("manifests/untracked.yaml", manifest("untracked"))

        let store = try fixture.store()
        let staged = try store.stagedManifests()
        #expect(staged.source == .index)
        #expect(staged.paths == ["manifests/app.yaml", "manifests/new/added.yaml"])
        #expect(staged.texts["manifests/app.yaml"] == manifest("app", data: "staged"))
        #expect(staged.file(at: "manifests/app.yaml")?.blobID.hex == (try fixture.revParse(":manifests/app.yaml")))

        let committed = try store.manifests(at: store.repository.head())
        #expect(committed.paths == ["manifests/app.yaml", "manifests/gone.yaml"])
        #expect(committed.texts["manifests/app.yaml"] == manifest("app", data: "committed"))
    }

    @Test func worksBeforeTheFirstCommit() throws {
        let fixture = try GitFixture()
        try fixture.write("manifests/app.yaml", manifest("app"))
        try fixture.write("manifests-other/x.yaml", manifest("x"))
        try fixture.stage()

        let store = try fixture.store()
        #expect(try store.stagedManifests().paths == ["manifests/app.yaml"])
        #expect(try fixture.store("").stagedManifests().paths == ["manifests-other/x.yaml", "manifests/app.yaml"])
    }

    @Test func reportsStagedSymlinksAndGitlinks() throws {
        let fixture = try GitFixture()
        try fixture.write("manifests/app.yaml", manifest("app"))
        try fixture.symlink("manifests/escape.yaml", to: "../../etc/passwd")
        try fixture.stage()
        let phantom = String(repeating: "cd", count: 20)
        try fixture.addGitlink("manifests/vendor", commit: phantom)

        let snapshot = try fixture.store().stagedManifests()
        #expect(snapshot.paths == ["manifests/app.yaml"])
        #expect(snapshot.skipped == [
            SkippedEntry(path: "manifests/escape.yaml", reason: .symlink(target: "../../etc/passwd")),
            SkippedEntry(path: "manifests/vendor", reason: .submodule(commit: try #require(ObjectID(hex: phantom)))),
        ])
    }

    @Test func reportsAnOversizeStagedFile() throws {
        let fixture = try GitFixture()
        try fixture.write("manifests/big.yaml", String(repeating: "#", count: 2_000) + "\n")
        try fixture.stage()

        let snapshot = try fixture.store(maxFileSize: 1_000).stagedManifests()
        #expect(snapshot.files.isEmpty)
        #expect(snapshot.skipped.map(\.reason) == [.tooLarge(size: 2_001, limit: 1_000)])
    }

    @Test func reportsAConflictOnceAndIgnoresIntentToAdd() throws {
        let fixture = try GitFixture()
        try fixture.write("manifests/app.yaml", manifest("app", data: "base"))
        try fixture.write("manifests/calm.yaml", manifest("calm"))
        try fixture.commit("Base", minute: 1)
        try fixture.git("checkout", "--quiet", "-b", "other")
        try fixture.write("manifests/app.yaml", manifest("app", data: "theirs"))
        try fixture.commit("Theirs", minute: 2)
        try fixture.checkout("main")
        try fixture.write("manifests/app.yaml", manifest("app", data: "ours"))
        try fixture.commit("Ours", minute: 3)
        #expect(throws: FerryTesting.ProcessError.self) { try fixture.git("merge", "--quiet", "other") }
        try fixture.write("manifests/later.yaml", manifest("later"))
        try fixture.git("add", "--intent-to-add", "manifests/later.yaml")

        let snapshot = try fixture.store().stagedManifests()
        #expect(snapshot.paths == ["manifests/calm.yaml"])
        #expect(snapshot.skipped == [SkippedEntry(path: "manifests/app.yaml", reason: .conflicted)])
    }

    @Test func aPathWithNothingStagedIsAClearError() throws {
        let fixture = try GitFixture()
        try fixture.write("manifests/app.yaml", manifest("app"))
        try fixture.stage()

        let error = #expect(throws: GitError.self) { try fixture.store("deploy").stagedManifests() }
        #expect(error?.code == .notFound)
        #expect(error?.context == "manifest path 'deploy' not found in the index")

        let file = #expect(throws: GitError.self) { try fixture.store("manifests/app.yaml").stagedManifests() }
        #expect(file?.description == "manifest path 'manifests/app.yaml' in the index: it is a file, not a directory")
    }

    @Test func seesAFreshIndexThroughALongLivedRepository() throws {
        let fixture = try GitFixture()
        try fixture.write("manifests/app.yaml", manifest("app", data: "1"))
        try fixture.stage()
        let store = try fixture.store()
        #expect(try store.stagedManifests().texts["manifests/app.yaml"] == manifest("app", data: "1"))

        try fixture.write("manifests/app.yaml", manifest("app", data: "2"))
        try fixture.stage()
        #expect(try store.stagedManifests().texts["manifests/app.yaml"] == manifest("app", data: "2"))
    }
}
