import Foundation
import Testing
import FerryGit
import FerryTesting

@Suite("Changes between two commits")
struct ChangesTests {
    @Test func listsAddedModifiedDeletedAndRenamedFiles() throws {
        let fixture = try GitFixture()
        try fixture.write("manifests/keep.yaml", manifest("keep"))
        try fixture.write("manifests/edit.yaml", manifest("edit"))
        try fixture.write("manifests/drop.yaml", "# \((1...20).map { "line \($0)" }.joined(separator: "\n# "))\n")
        try fixture.write("manifests/spark/master.yaml", manifest("master", data: String(repeating: "long value ", count: 20)))
        try fixture.write("other/outside.yaml", manifest("outside"))
        let old = try fixture.commit("Old", minute: 1)
        try fixture.write("manifests/edit.yaml", manifest("edit", data: "2"))
        try fixture.removeFile("manifests/drop.yaml")
        try fixture.write("manifests/new.yaml", manifest("new"))  // nothing like drop.yaml: no rename
        try fixture.rename("manifests/spark/master.yaml", to: "manifests/spark/driver.yaml")
        try fixture.write("other/outside.yaml", manifest("outside", data: "2"))
        try fixture.write("other/more.yaml", manifest("more"))
        let new = try fixture.commit("New", minute: 2)

        let store = try fixture.store()
        let changes = try store.changes(from: store.repository.resolve(old), to: store.repository.resolve(new))
        let id = { (revision: String) in ObjectID(hex: try fixture.revParse(revision)) }
        #expect(changes == [
            FileChange(kind: .deleted, oldPath: "manifests/drop.yaml", newPath: nil,
                       oldID: try id("\(old):manifests/drop.yaml"), newID: nil),
            FileChange(kind: .modified, oldPath: "manifests/edit.yaml", newPath: "manifests/edit.yaml",
                       oldID: try id("\(old):manifests/edit.yaml"), newID: try id("\(new):manifests/edit.yaml")),
            FileChange(kind: .added, oldPath: nil, newPath: "manifests/new.yaml",
                       oldID: nil, newID: try id("\(new):manifests/new.yaml")),
            FileChange(kind: .renamed(similarity: 100), oldPath: "manifests/spark/master.yaml",
                       newPath: "manifests/spark/driver.yaml",
                       oldID: try id("\(old):manifests/spark/master.yaml"), newID: try id("\(new):manifests/spark/driver.yaml")),
        ])
        #expect(changes.map(\.description) == [
            "D manifests/drop.yaml", "M manifests/edit.yaml", "A manifests/new.yaml",
            "R100 manifests/spark/master.yaml -> manifests/spark/driver.yaml",
        ])
        // Backwards, everything inverts.
        let back = try store.changes(from: store.repository.resolve(new), to: store.repository.resolve(old))
        #expect(back.map(\.description) == [
            "A manifests/drop.yaml", "M manifests/edit.yaml", "D manifests/new.yaml",
            "R100 manifests/spark/driver.yaml -> manifests/spark/master.yaml",
        ])
    }

    @Test func detectsARenameWithEdits() throws {
        let fixture = try GitFixture()
        let body = (1...30).map { "  key\($0): value \($0)" }.joined(separator: "\n")
        try fixture.write("manifests/app.yaml", "kind: ConfigMap\ndata:\n\(body)\n")
        let old = try fixture.commit("Old", minute: 1)
        try fixture.removeFile("manifests/app.yaml")
        try fixture.write("manifests/web/app.yaml", "kind: ConfigMap\ndata:\n\(body)\n  extra: 1\n")
        let new = try fixture.commit("Move and edit", minute: 2)

        let store = try fixture.store()
        let changes = try store.changes(from: store.repository.resolve(old), to: store.repository.resolve(new))
        #expect(changes.count == 1)
        guard case .renamed(let similarity)? = changes.first?.kind else {
            Issue.record("expected a rename, got \(changes)")
            return
        }
        #expect(similarity > 50 && similarity < 100)
        #expect(changes.first?.oldPath == "manifests/app.yaml")
        #expect(changes.first?.newPath == "manifests/web/app.yaml")
    }

    @Test func listsEveryFileUnderThePathAndFlagsManifests() throws {
        let fixture = try GitFixture()
        try fixture.write("manifests/a.yaml", manifest("a"))
        let old = try fixture.commit("Old", minute: 1)
        try fixture.write("manifests/README.md", "docs\n")
        try fixture.write("manifests/b.yml", manifest("b"))
        let new = try fixture.commit("New", minute: 2)

        let store = try fixture.store()
        let changes = try store.changes(from: store.repository.resolve(old), to: store.repository.resolve(new))
        #expect(changes.map(\.path) == ["manifests/README.md", "manifests/b.yml"])
        #expect(changes.map(\.isManifest) == [false, true])
    }

    @Test func aFileBecomingASymlinkIsATypeChange() throws {
        let fixture = try GitFixture()
        try fixture.write("manifests/a.yaml", manifest("a"))
        try fixture.write("manifests/b.yaml", manifest("b"))
        let old = try fixture.commit("Old", minute: 1)
        try fixture.removeFile("manifests/b.yaml")
        try fixture.symlink("manifests/b.yaml", to: "a.yaml")
        let new = try fixture.commit("Link", minute: 2)

        let store = try fixture.store()
        let changes = try store.changes(from: store.repository.resolve(old), to: store.repository.resolve(new))
        #expect(changes.map(\.description) == ["T manifests/b.yaml"])
    }

    @Test func aSiblingDirectorySharingThePrefixIsNotUnderThePath() throws {
        let fixture = try GitFixture()
        try fixture.write("manifests/a.yaml", manifest("a"))
        try fixture.write("manifests-old/a.yaml", manifest("a"))
        try fixture.write("manifests.yaml", manifest("top"))
        let old = try fixture.commit("Old", minute: 1)
        try fixture.write("manifests-old/a.yaml", manifest("a", data: "2"))
        try fixture.write("manifests.yaml", manifest("top", data: "2"))
        try fixture.write("manifests/a.yaml", manifest("a", data: "2"))
        let new = try fixture.commit("New", minute: 2)

        let store = try fixture.store()
        let changes = try store.changes(from: store.repository.resolve(old), to: store.repository.resolve(new))
        #expect(changes.map(\.description) == ["M manifests/a.yaml"])
    }

    @Test func thePathIsMatchedLiterallyNotAsAGlob() throws {
        let fixture = try GitFixture()
        try fixture.write("app*/a.yaml", manifest("star"))
        try fixture.write("apps/a.yaml", manifest("apps"))
        let old = try fixture.commit("Old", minute: 1)
        try fixture.write("app*/a.yaml", manifest("star", data: "2"))
        try fixture.write("apps/a.yaml", manifest("apps", data: "2"))
        let new = try fixture.commit("New", minute: 2)

        let store = try fixture.store("app*")
        let changes = try store.changes(from: store.repository.resolve(old), to: store.repository.resolve(new))
        #expect(changes.map(\.description) == ["M app*/a.yaml"])
    }

    @Test func theSameCommitHasNoChanges() throws {
        let fixture = try GitFixture()
        try fixture.write("manifests/a.yaml", manifest("a"))
        try fixture.commit("Only")
        let store = try fixture.store()
        let head = try store.repository.head()
        #expect(try store.changes(from: head, to: head).isEmpty)
    }

    @Test func aPathAppearingCountsAsAllAdded() throws {
        let fixture = try GitFixture()
        try fixture.write("README.md", "docs\n")
        let old = try fixture.commit("Docs", minute: 1)
        try fixture.write("manifests/a.yaml", manifest("a"))
        try fixture.write("manifests/b/c.yaml", manifest("c"))
        let new = try fixture.commit("Manifests", minute: 2)

        let store = try fixture.store()
        let changes = try store.changes(from: store.repository.resolve(old), to: store.repository.resolve(new))
        #expect(changes.map(\.description) == ["A manifests/a.yaml", "A manifests/b/c.yaml"])
    }
}
