import Foundation
import Testing
import FerryGit
import FerryTesting

@Suite("Uncommitted changes under the manifest path")
struct UncommittedChangesTests {
    /// A committed repository with manifests, a sibling directory sharing the prefix, and an ignore rule.
    private func committedFixture() throws -> GitFixture {
        let fixture = try GitFixture()
        try fixture.write(".gitignore", "*.swp\n")
        try fixture.write("manifests/app.yaml", manifest("app"))
        try fixture.write("manifests/db.yaml", manifest("db"))
        try fixture.write("manifests/old.yaml", manifest("old"))
        try fixture.write("manifests-archive/x.yaml", manifest("x"))
        try fixture.write("README.md", "docs\n")
        try fixture.commit("Base")
        return fixture
    }

    @Test func aCleanWorkTreeHasNone() throws {
        let fixture = try committedFixture()
        #expect(try fixture.store().uncommittedChanges() == [])
    }

    @Test func listsModifiedUntrackedStagedAndDeletedFiles() throws {
        let fixture = try committedFixture()
        try fixture.write("manifests/app.yaml", manifest("app", data: "edited"))  // modified, unstaged
        try fixture.write("manifests/new/untracked.yaml", manifest("untracked"))  // untracked, in a new directory
        try fixture.write("manifests/db.yaml", manifest("db", data: "staged"))
        try fixture.stage("manifests/db.yaml")  // staged
        try fixture.removeFile("manifests/old.yaml")  // deleted
        try fixture.write("manifests/editor.yaml.swp", "junk")  // ignored
        try fixture.write("README.md", "edited docs\n")  // outside the path
        try fixture.write("manifests-archive/x.yaml", manifest("x", data: "2"))  // sibling sharing the prefix

        #expect(try fixture.store().uncommittedChanges() == [
            "manifests/app.yaml", "manifests/db.yaml", "manifests/new/untracked.yaml", "manifests/old.yaml",
        ])
        #expect(try fixture.store("").uncommittedChanges() == [
            "README.md", "manifests-archive/x.yaml", "manifests/app.yaml", "manifests/db.yaml",
            "manifests/new/untracked.yaml", "manifests/old.yaml",
        ])
    }

    @Test func aStagedChangeRevertedInTheWorkTreeStillCounts() throws {
        let fixture = try committedFixture()
        try fixture.write("manifests/app.yaml", manifest("app", data: "staged"))
        try fixture.stage()
        try fixture.write("manifests/app.yaml", manifest("app"))  // the work tree matches HEAD again
        #expect(try fixture.store().uncommittedChanges() == ["manifests/app.yaml"])
    }

    @Test func leavesTheIndexFileAlone() throws {
        let fixture = try committedFixture()
        try fixture.write("manifests/app.yaml", manifest("app", data: "edited"))
        let index = fixture.url(of: ".git/index")
        let before = try Data(contentsOf: index)
        _ = try fixture.store().uncommittedChanges()
        #expect(try Data(contentsOf: index) == before)
    }

    @Test func aBareRepositoryHasNone() throws {
        let fixture = try committedFixture()
        let bare = try fixture.bareClone()
        let store = try bare.store()
        #expect(try store.uncommittedChanges() == [])
    }
}
