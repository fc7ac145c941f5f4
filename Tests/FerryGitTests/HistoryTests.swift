import Foundation
import Testing
import FerryGit
import FerryTesting

@Suite("History of the manifest path")
struct HistoryTests {
    @Test func listsOnlyCommitsTouchingThePathNewestFirst() throws {
        let fixture = try GitFixture()
        try fixture.write("README.md", "# repo\n")
        let readme = try fixture.commit("Readme", minute: 0)
        try fixture.write("manifests/a.yaml", manifest("a"))
        let addA = try fixture.commit("Add a", minute: 1)
        try fixture.write("README.md", "# repo, documented\n")
        try fixture.commit("Docs", minute: 2)
        try fixture.write("manifests/a.yaml", manifest("a", data: "2"))
        let changeA = try fixture.commit("Change a", minute: 3)
        try fixture.write("other/x.yaml", manifest("x"))
        try fixture.commit("Elsewhere", minute: 4)
        try fixture.removeFile("manifests/a.yaml")
        try fixture.write("manifests/sub/b.yaml", manifest("b"))
        let swap = try fixture.commit("Replace a with b", minute: 5)
        try fixture.commit("Empty", minute: 6)
        try fixture.write("manifests/notes.txt", "not yaml, but under the path\n")
        let notes = try fixture.commit("Notes", minute: 7)

        let store = try fixture.store()
        let head = try store.repository.head()
        #expect(try store.history(from: head).map(\.id.hex) == [notes, swap, changeA, addA])
        #expect(try store.history(from: head).map(\.summary) == ["Notes", "Replace a with b", "Change a", "Add a"])
        #expect(try store.history(from: head, limit: 2).map(\.id.hex) == [notes, swap])
        #expect(try store.history(from: head, limit: 0).isEmpty)
        #expect(try store.history(from: store.repository.resolve("HEAD~4")).map(\.id.hex) == [changeA, addA])
        #expect(try store.history(from: store.repository.resolve(readme)).isEmpty)

        let root = try fixture.store("")
        #expect(try root.history(from: head).count == 7)  // all 8 commits change the root, except "Empty"
    }

    @Test func deletingTheWholePathIsAChange() throws {
        let fixture = try GitFixture()
        try fixture.write("manifests/a.yaml", manifest("a"))
        try fixture.write("keep.txt", "keep\n")
        let add = try fixture.commit("Add", minute: 1)
        try fixture.removeFile("manifests")
        let delete = try fixture.commit("Delete all manifests", minute: 2)
        try fixture.write("keep.txt", "still here\n")
        try fixture.commit("Unrelated", minute: 3)

        let store = try fixture.store()
        #expect(try store.history(from: store.repository.head()).map(\.id.hex) == [delete, add])
    }

    @Test func includesSideBranchCommitsAndTheMergeThatBroughtThem() throws {
        let fixture = try GitFixture()
        try fixture.write("manifests/a.yaml", manifest("a"))
        let base = try fixture.commit("Base", minute: 1)
        try fixture.git("checkout", "--quiet", "-b", "feature")
        try fixture.write("manifests/b.yaml", manifest("b"))
        let feature = try fixture.commit("Feature adds b", minute: 2)
        try fixture.checkout("main")
        try fixture.write("README.md", "docs\n")
        try fixture.commit("Docs on main", minute: 3)
        try fixture.git("merge", "--quiet", "--no-ff", "-m", "Merge feature", "feature", date: date(4))
        let merge = try fixture.revParse("HEAD")

        let store = try fixture.store()
        // The merge differs from its first parent under manifests/, so it is listed; so is the
        // side branch's own commit. "Docs on main" touches nothing there.
        #expect(try store.history(from: store.repository.head()).map(\.id.hex) == [merge, feature, base])
    }

    @Test func aMergeThatKeepsTheFirstParentsManifestsIsNotListed() throws {
        let fixture = try GitFixture()
        try fixture.write("manifests/a.yaml", manifest("a"))
        let base = try fixture.commit("Base", minute: 1)
        try fixture.git("checkout", "--quiet", "-b", "docs")
        try fixture.write("README.md", "docs\n")
        try fixture.commit("Docs", minute: 2)
        try fixture.checkout("main")
        try fixture.write("manifests/a.yaml", manifest("a", data: "2"))
        let change = try fixture.commit("Change a", minute: 3)
        try fixture.git("merge", "--quiet", "--no-ff", "-m", "Merge docs", "docs", date: date(4))

        let store = try fixture.store()
        #expect(try store.history(from: store.repository.head()).map(\.id.hex) == [change, base])
    }
}
