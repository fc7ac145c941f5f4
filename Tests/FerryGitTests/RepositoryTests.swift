import Foundation
import Testing
import FerryGit
import FerryTesting

@Suite("Opening repositories")
struct RepositoryTests {
    @Test func opensAWorkTree() throws {
        let fixture = try GitFixture()
        try fixture.write("manifests/app.yaml", manifest("app"))
        try fixture.commit("Add app")

        let repository = try Repository(path: fixture.path)
        #expect(!repository.isBare)
        #expect(repository.workDirectory == fixture.path)
        #expect(repository.gitDirectory == fixture.path + "/.git")
    }

    @Test func discoversTheRepositoryFromADirectoryInsideTheWorkTree() throws {
        let fixture = try GitFixture()
        try fixture.write("manifests/spark/master.yaml", manifest("master"))
        try fixture.commit("Add master")

        let repository = try Repository(path: fixture.path + "/manifests/spark")
        #expect(repository.workDirectory == fixture.path)
        #expect(try repository.resolve("HEAD").id.hex == fixture.revParse("HEAD"))
    }

    @Test func opensABareRepository() throws {
        let fixture = try GitFixture()
        try fixture.write("manifests/app.yaml", manifest("app"))
        let head = try fixture.commit("Add app")
        let bare = try fixture.bareClone()

        let repository = try Repository(path: bare.path)
        #expect(repository.isBare)
        #expect(repository.workDirectory == nil)
        #expect(repository.gitDirectory == bare.path)
        #expect(try repository.resolve("main").id.hex == head)
    }

    @Test func aDirectoryOutsideAnyRepositoryIsAClearError() throws {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("ferry-not-a-repo-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }

        let error = #expect(throws: GitError.self) { try Repository(path: directory.path) }
        #expect(error?.code == .notFound)
        #expect(error?.context == "opening repository at '\(directory.path)'")
        #expect(error?.message.isEmpty == false)
        #expect(error?.description == "opening repository at '\(directory.path)': \(error?.message ?? "")")
    }
}

@Suite("Concurrent use")
struct ConcurrencyTests {
    /// Many tasks on different threads, each with its own `Repository` (libgit2 objects must
    /// not be shared between threads), all read the same snapshot.
    @Test func tasksWithTheirOwnRepositoriesReadInParallel() async throws {
        let fixture = try GitFixture()
        for index in 0..<20 { try fixture.write("manifests/app-\(index).yaml", manifest("app-\(index)")) }
        try fixture.commit("Apps")
        let path = fixture.path

        let counts = try await withThrowingTaskGroup(of: [String].self) { group in
            for _ in 0..<8 {
                group.addTask {
                    let store = try ManifestStore(repository: Repository(path: path), path: "manifests")
                    return try store.manifests(at: store.repository.head()).paths
                }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(counts.count == 8)
        #expect(Set(counts).count == 1)
        #expect(counts.first?.count == 20)
    }
}
