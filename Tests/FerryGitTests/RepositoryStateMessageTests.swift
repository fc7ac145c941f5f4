import Foundation
import Testing
import FerryGit
import FerryTesting

/// When a repository's state, not a typo, explains a failure, the message says so and what to do.
@Suite("Messages about the repository's state")
struct RepositoryStateMessageTests {
    @Test("HEAD on a branch without commits says so, naming the branch")
    func unbornHead() throws {
        let fixture = try GitFixture()
        let error = try #require(throws: GitError.self) { try Repository(path: fixture.path).resolve("HEAD") }
        #expect(error.code == .notFound)
        #expect(error.description.contains("HEAD is on branch 'main', which has no commits yet: commit the manifests first"), "\(error)")
    }

    @Test("a revision older than a shallow clone's history points at `git fetch --unshallow`")
    func shallowClone() throws {
        let origin = try GitFixture()
        try origin.write("manifests/app.yaml", manifest("app"))
        try origin.commit("First", minute: 1)
        try origin.commit("Second", minute: 2)
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("ferry-shallow-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let clone = directory.appendingPathComponent("clone").path
        try GitFixture.git(["clone", "--quiet", "--depth", "1", "file://\(origin.path)", clone], in: directory)

        let repository = try Repository(path: clone)
        #expect(try repository.resolve("HEAD").summary == "Second")
        let error = try #require(throws: GitError.self) { try repository.resolve("HEAD~1") }
        #expect(error.description.contains("this is a shallow clone"), "\(error)")
        #expect(error.description.contains("git fetch --unshallow"), "\(error)")
        // A typo in a full clone gets no such hint.
        let typo = try #require(throws: GitError.self) { try Repository(path: origin.path).resolve("nope") }
        #expect(!typo.description.contains("shallow"), "\(typo)")
    }

    @Test("a blob a tree names but the object database lacks is damage: `git fsck`")
    func missingBlob() throws {
        let fixture = try GitFixture()
        try fixture.write("manifests/app.yaml", manifest("app"))
        try fixture.commit("App", minute: 1)
        let blob = try fixture.revParse("HEAD:manifests/app.yaml")
        try FileManager.default.removeItem(at: fixture.url(of: ".git/objects/\(blob.prefix(2))/\(blob.dropFirst(2))"))
        let error = try #require(throws: GitError.self) {
            let store = try fixture.store()
            _ = try store.manifests(at: store.repository.head())
        }
        #expect(error.description.contains("manifests/app.yaml"), "\(error)")
        #expect(error.description.contains("the object is missing, so the repository is damaged"), "\(error)")
        #expect(error.description.contains("run `git fsck`"), "\(error)")
    }

    @Test("a folder outside any repository is named as not a git repository")
    func notARepository() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("ferry-plain-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let error = try #require(throws: GitError.self) { try Repository(path: directory.path) }
        #expect(error.description.contains("it is not a git repository, nor inside one: pass --repo"), "\(error)")
    }

    @Test("a manifest path the revision lacks, or that leaves the repository, is a manifest-path problem")
    func manifestPathProblems() throws {
        let fixture = try GitFixture()
        try fixture.write("manifests/app.yaml", manifest("app"))
        try fixture.commit("App", minute: 1)
        let missing = try #require(throws: GitError.self) {
            let store = try fixture.store("nowhere")
            _ = try store.manifests(at: store.repository.head())
        }
        #expect(missing.isManifestPathProblem)
        let outside = try #require(throws: GitError.self) { try fixture.store("../elsewhere") }
        #expect(outside.isManifestPathProblem)
        let unborn = try #require(throws: GitError.self) { try GitFixture().store().repository.head() }
        #expect(!unborn.isManifestPathProblem)
    }
}
