import Foundation
import Testing
import FerryGit
import FerryTesting

@Suite("Bare repositories")
struct BareRepositoryTests {
    @Test func readsManifestsHistoryAndChangesWithoutAWorkTree() throws {
        let fixture = try GitFixture()
        try fixture.write("manifests/app.yaml", manifest("app", data: "1"))
        let first = try fixture.commit("First", minute: 1)
        try fixture.write("manifests/app.yaml", manifest("app", data: "2"))
        try fixture.write("manifests/db.yaml", manifest("db"))
        let second = try fixture.commit("Second", minute: 2)
        try fixture.tag("v2", message: "Two")
        let bare = try fixture.bareClone()

        let store = try bare.store()
        #expect(store.repository.isBare)
        let head = try store.repository.resolve("v2")
        #expect(head.id.hex == second)

        let snapshot = try store.manifests(at: head)
        let original = try fixture.store()
        #expect(snapshot == (try original.manifests(at: original.repository.head())))
        #expect(snapshot.texts["manifests/app.yaml"] == manifest("app", data: "2"))
        #expect(try store.manifests(at: store.repository.resolve("HEAD~1")).paths == ["manifests/app.yaml"])
        #expect(try store.history(from: head).map(\.id.hex) == [second, first])
        #expect(try store.changes(from: store.repository.resolve(first), to: head).map(\.description) == [
            "M manifests/app.yaml", "A manifests/db.yaml",
        ])
        #expect(try store.uncommittedChanges() == [])
    }

    @Test func readsAnEmptyBareRepositorysHEADAsAnError() throws {
        let bare = try GitFixture(bare: true)
        let repository = try Repository(path: bare.path)
        #expect(repository.isBare)
        let error = #expect(throws: GitError.self) { try repository.resolve("HEAD") }
        #expect(error?.description.hasPrefix("revision 'HEAD' not found in \(bare.path)") == true)
    }
}
