import Foundation
import Testing
import FerryGit
import FerryTesting

@Suite("Resolving revisions")
struct RevisionTests {
    /// Three commits on main (first, second, third), a lightweight tag `v1` on the first, an
    /// annotated tag `v2` on the second, and a branch `release` at the second.
    let fixture: GitFixture
    let first: String, second: String, third: String

    init() throws {
        fixture = try GitFixture()
        try fixture.write("manifests/app.yaml", manifest("app", data: "1"))
        first = try fixture.commit("First\n\nWith a body.", minute: 1)
        try fixture.write("manifests/app.yaml", manifest("app", data: "2"))
        second = try fixture.commit("Second", minute: 2)
        try fixture.write("manifests/app.yaml", manifest("app", data: "3"))
        third = try fixture.commit("Third", minute: 3)
        try fixture.tag("v1", at: first)
        try fixture.tag("v2", at: second, message: "Release two")
        try fixture.branch("release", at: second)
    }

    /// Each spec with the commit it names: 1, 2 or 3 for first, second, third.
    @Test(arguments: [
        ("HEAD", 3), ("main", 3), ("release", 2), ("v1", 1), ("v2", 2), ("HEAD~2", 1),
        ("main^", 2), ("HEAD^^", 1), ("refs/tags/v2", 2), ("release~1", 1),
    ])
    func resolvesSpecs(spec: String, commitNumber: Int) throws {
        let repository = try Repository(path: fixture.path)
        #expect(try repository.resolve(spec).id.hex == [first, second, third][commitNumber - 1])
    }

    @Test func resolvesShortAndFullIds() throws {
        let repository = try Repository(path: fixture.path)
        #expect(try repository.resolve(String(second.prefix(7))).id.hex == second)
        #expect(try repository.resolve(second).id.hex == second)
        #expect(try repository.resolve(second.uppercased()).id.hex == second)
    }

    @Test func peelsAnAnnotatedTagToItsCommit() throws {
        let tagObject = try fixture.revParse("refs/tags/v2")
        #expect(tagObject != second)  // the tag is an object of its own...
        let commit = try Repository(path: fixture.path).resolve("v2")
        #expect(commit.id.hex == second)  // ...which resolve peels
        #expect(commit.summary == "Second")
    }

    @Test func copiesTheCommitsFields() throws {
        let commit = try Repository(path: fixture.path).resolve("v1")
        #expect(commit.id.hex == first)
        #expect(commit.id.short == String(first.prefix(7)))
        #expect(commit.parents.isEmpty)
        #expect(commit.summary == "First")
        #expect(commit.message == "First\n\nWith a body.\n")
        #expect(commit.author.name == GitFixture.authorName)
        #expect(commit.author.email == GitFixture.authorEmail)
        #expect(commit.committer.email == GitFixture.authorEmail)
        #expect(commit.time == date(1))
        #expect(commit.author.time == date(1))
        #expect(commit.treeID.hex == (try fixture.revParse("\(first)^{tree}")))

        let head = try Repository(path: fixture.path).resolve("HEAD")
        #expect(head.parents.map(\.hex) == [second])
    }

    @Test func looksUpACommitById() throws {
        let repository = try Repository(path: fixture.path)
        let id = try #require(ObjectID(hex: second))
        #expect(try repository.commit(id).summary == "Second")
        #expect(try repository.head().id.hex == third)
    }

    @Test func aSpecNamingNothingGivesLibgit2sMessage() throws {
        let error = #expect(throws: GitError.self) { try Repository(path: fixture.path).resolve("nope") }
        #expect(error?.code == .notFound)
        #expect(error?.context == "revision 'nope' not found in \(fixture.path)")
        #expect(error?.message.contains("nope") == true)  // libgit2's own words name the spec
        #expect(error?.description == "revision 'nope' not found in \(fixture.path): \(error?.message ?? "")")
    }

    @Test func goingPastTheFirstCommitIsAnError() throws {
        let error = #expect(throws: GitError.self) { try Repository(path: fixture.path).resolve("HEAD~9") }
        #expect(error?.description.contains("'HEAD~9'") == true)
        #expect(error?.message.isEmpty == false)
    }

    @Test func aSpecNamingATreeIsNotACommit() throws {
        let error = #expect(throws: GitError.self) { try Repository(path: fixture.path).resolve("HEAD:manifests") }
        #expect(error?.context == "revision 'HEAD:manifests' in \(fixture.path) does not name a commit")
    }

    @Test func aMalformedSpecIsAnError() throws {
        let error = #expect(throws: GitError.self) { try Repository(path: fixture.path).resolve("main@{") }
        #expect(error?.description.contains("'main@{'") == true)
    }

    @Test func objectIDsParseOnlyFullHex() {
        #expect(ObjectID(hex: String(repeating: "a", count: 40))?.short == "aaaaaaa")
        #expect(ObjectID(hex: String(repeating: "A", count: 40))?.hex == String(repeating: "a", count: 40))
        #expect(ObjectID(hex: "abc1234") == nil)
        #expect(ObjectID(hex: String(repeating: "g", count: 40)) == nil)
    }
}
