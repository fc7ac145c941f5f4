import Foundation
import Testing
import FerryGit
import FerryTesting

@Suite("Revert commits through libgit2")
struct RevertTests {
    /// A repository with an identity in its own config (libgit2 reads it, not the fixture's environment).
    func fixture() throws -> GitFixture {
        let fixture = try GitFixture()
        try fixture.git("config", "user.name", "Rollback Author")
        try fixture.git("config", "user.email", "rollback@ferry.invalid")
        return fixture
    }

    @Test func writesARevertCommitWithGitsMessageAndTheConfiguredAuthor() throws {
        let fixture = try fixture()
        try fixture.write("manifests/a.yaml", manifest("a", data: "one"))
        try fixture.commit("Add a", minute: 0)
        try fixture.write("manifests/a.yaml", manifest("a", data: "two"))
        let bad = try fixture.commit("Change a to two", minute: 1)

        let repository = try Repository(path: fixture.path)
        let written = try repository.revert([try repository.resolve(bad)])
        #expect(written.count == 1)
        let revert = try #require(written.first)
        #expect(revert.message == "Revert \"Change a to two\"\n\nThis reverts commit \(bad).\n")
        #expect(revert.author.name == "Rollback Author")
        #expect(revert.author.email == "rollback@ferry.invalid")
        #expect(revert.parents.map(\.hex) == [bad])
        // The branch moved, and the work tree and index follow it.
        #expect(try fixture.revParse("HEAD") == revert.id.hex)
        #expect(try fixture.revParse("main") == revert.id.hex)
        #expect(try fixture.read("manifests/a.yaml") == manifest("a", data: "one"))
        #expect(try fixture.git("status", "--porcelain") == "")
    }

    @Test func revertsSeveralCommitsNewestFirst() throws {
        let fixture = try fixture()
        try fixture.write("manifests/a.yaml", manifest("a", data: "one"))
        try fixture.commit("One", minute: 0)
        try fixture.write("manifests/a.yaml", manifest("a", data: "two"))
        let two = try fixture.commit("Two", minute: 1)
        try fixture.write("manifests/b.yaml", manifest("b"))
        let three = try fixture.commit("Three", minute: 2)

        let repository = try Repository(path: fixture.path)
        let written = try repository.revert([try repository.resolve(three), try repository.resolve(two)])
        #expect(written.map(\.summary) == ["Revert \"Three\"", "Revert \"Two\""])
        #expect(try fixture.read("manifests/a.yaml") == manifest("a", data: "one"))
        #expect(!FileManager.default.fileExists(atPath: fixture.url(of: "manifests/b.yaml").path))
    }

    @Test func aConflictWritesNothing() throws {
        let fixture = try fixture()
        try fixture.write("manifests/a.yaml", manifest("a", data: "one"))
        try fixture.commit("One", minute: 0)
        try fixture.write("manifests/a.yaml", manifest("a", data: "two"))
        let two = try fixture.commit("Two", minute: 1)
        try fixture.write("manifests/a.yaml", manifest("a", data: "three"))
        let three = try fixture.commit("Three", minute: 2)

        let repository = try Repository(path: fixture.path)
        let error = try #require(throws: GitError.self) { try repository.revert([try repository.resolve(two)]) }
        #expect(error.description.contains("conflicts with later commits"))
        #expect(try fixture.revParse("HEAD") == three)
        #expect(try fixture.git("status", "--porcelain") == "")
    }

    @Test func ancestry() throws {
        let fixture = try fixture()
        try fixture.write("manifests/a.yaml", manifest("a"))
        let one = try fixture.commit("One", minute: 0)
        try fixture.write("manifests/a.yaml", manifest("a", data: "2"))
        let two = try fixture.commit("Two", minute: 1)
        try fixture.branch("side", at: one)
        try fixture.checkout("side")
        try fixture.write("manifests/c.yaml", manifest("c"))
        let side = try fixture.commit("Side", minute: 2)
        try fixture.checkout("main")

        let repository = try Repository(path: fixture.path)
        let ids = try [one, two, side].map { try #require(ObjectID(hex: $0)) }
        #expect(try repository.isAncestor(ids[0], of: ids[1]))
        #expect(try repository.isAncestor(ids[1], of: ids[1]))
        #expect(try !repository.isAncestor(ids[2], of: ids[1]))
        #expect(try !repository.isAncestor(ids[1], of: ids[0]))
    }
}
