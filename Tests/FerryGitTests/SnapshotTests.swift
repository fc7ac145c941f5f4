import Foundation
import Testing
import FerryGit
import FerryTesting

@Suite("Reading manifests at a commit")
struct SnapshotTests {
    @Test func readsEveryYAMLFileUnderThePathRecursivelySortedByPath() throws {
        let fixture = try GitFixture()
        try fixture.write("manifests/spark/worker.yaml", manifest("worker"))
        try fixture.write("manifests/spark/master.yaml", manifest("master"))
        try fixture.write("manifests/namespace.yml", manifest("ns", kind: "Namespace"))
        try fixture.write("manifests/a/b/c/deep.yaml", manifest("deep"))
        try fixture.write("manifests/spark-extra.yaml", manifest("extra"))  // sorts between a/ and spark/
        try fixture.write("manifests/README.md", "# not a manifest\n")
        try fixture.write("manifests/values.json", "{}\n")
        try fixture.write("manifests/notes.yaml.txt", "no\n")
        try fixture.write("other/outside.yaml", manifest("outside"))
        try fixture.write("top.yaml", manifest("top"))
        try fixture.commit("Add manifests")

        let store = try fixture.store()
        let snapshot = try store.manifests(at: store.repository.resolve("HEAD"))
        #expect(snapshot.paths == [
            "manifests/a/b/c/deep.yaml", "manifests/namespace.yml", "manifests/spark-extra.yaml",
            "manifests/spark/master.yaml", "manifests/spark/worker.yaml",
        ])
        #expect(snapshot.skipped.isEmpty)
        #expect(snapshot.texts["manifests/spark/master.yaml"] == manifest("master"))
        #expect(snapshot.texts["manifests/namespace.yml"] == manifest("ns", kind: "Namespace"))
        for file in snapshot.files {
            #expect(file.blobID.hex == (try fixture.revParse("HEAD:\(file.path)")))
        }
        #expect(snapshot.source == .commit(try store.repository.head().id))
        #expect(snapshot.totalBytes == snapshot.files.reduce(0) { $0 + $1.bytes.count })
    }

    @Test func readsBytesExactlyAsStored() throws {
        let fixture = try GitFixture()
        let bytes: [UInt8] = Array("kind: ConfigMap\r\ndata:\r\n  x: \"\u{e9}\"\r\n".utf8) + [0, 0xff, 0x0a]
        try fixture.write("manifests/crlf.yaml", bytes: Data(bytes))
        try fixture.write("manifests/empty.yaml", "")
        try fixture.commit("Odd bytes")

        let store = try fixture.store()
        let snapshot = try store.manifests(at: store.repository.head())
        #expect(snapshot.file(at: "manifests/crlf.yaml")?.bytes == bytes)
        #expect(snapshot.file(at: "manifests/empty.yaml")?.bytes == [])
    }

    @Test(arguments: ["", ".", "./", ".//."])
    func theRootPathReadsTheWholeRepository(path: String) throws {
        let fixture = try GitFixture()
        try fixture.write("manifests/app.yaml", manifest("app"))
        try fixture.write("top.yaml", manifest("top"))
        try fixture.commit("Add")

        let store = try fixture.store(path)
        #expect(store.path == "")
        #expect(try store.manifests(at: store.repository.head()).paths == ["manifests/app.yaml", "top.yaml"])
    }

    @Test(arguments: [
        ("manifests", "manifests"), ("manifests/", "manifests"), ("./manifests", "manifests"),
        ("manifests//spark/", "manifests/spark"), ("manifests/./spark", "manifests/spark"),
    ])
    func normalisesThePath(given: String, normalised: String) throws {
        #expect(try ManifestStore.normalize(given) == normalised)
    }

    @Test(arguments: ["..", "../manifests", "manifests/../../etc", "manifests/..", "/manifests", "/etc/kubernetes"])
    func rejectsPathsThatLeaveTheRepository(path: String) throws {
        let error = #expect(throws: GitError.self) { try ManifestStore.normalize(path) }
        #expect(error?.code == .invalid)
        #expect(error?.context == "invalid manifest path '\(path)'")
    }

    @Test func readsASubdirectoryAsThePath() throws {
        let fixture = try GitFixture()
        try fixture.write("manifests/spark/master.yaml", manifest("master"))
        try fixture.write("manifests/web/app.yaml", manifest("app"))
        try fixture.commit("Add")

        let store = try fixture.store("manifests/spark/")
        #expect(try store.manifests(at: store.repository.head()).paths == ["manifests/spark/master.yaml"])
    }

    @Test func aPathMissingAtTheCommitIsAClearError() throws {
        let fixture = try GitFixture()
        try fixture.write("manifests/app.yaml", manifest("app"))
        let head = try fixture.commit("Add")

        let store = try fixture.store("deploy")
        let error = #expect(throws: GitError.self) { try store.manifests(at: store.repository.head()) }
        #expect(error?.code == .notFound)
        #expect(error?.context == "manifest path 'deploy' not found at commit \(head.prefix(7))")
    }

    @Test func aPathThatIsAFileIsAClearError() throws {
        let fixture = try GitFixture()
        try fixture.write("manifests/app.yaml", manifest("app"))
        let head = try fixture.commit("Add")

        let store = try fixture.store("manifests/app.yaml")
        let error = #expect(throws: GitError.self) { try store.manifests(at: store.repository.head()) }
        #expect(error?.code == .invalid)
        #expect(error?.description == "manifest path 'manifests/app.yaml' at commit \(head.prefix(7)): it is a file, not a directory")
    }

    @Test func aPathThatIsASymlinkOrSubmoduleIsNotFollowed() throws {
        let fixture = try GitFixture()
        try fixture.write("real/app.yaml", manifest("app"))
        try fixture.symlink("manifests", to: "real")
        try fixture.stage()
        try fixture.addGitlink("vendored", commit: String(repeating: "ef", count: 20))
        let head = try fixture.commit("Link the path", stagingAll: false)

        let link = #expect(throws: GitError.self) { let store = try fixture.store(); return try store.manifests(at: store.repository.head()) }
        #expect(link?.description == "manifest path 'manifests' at commit \(head.prefix(7)): it is a symlink, not a directory")
        let submodule = #expect(throws: GitError.self) { let store = try fixture.store("vendored"); return try store.manifests(at: store.repository.head()) }
        #expect(submodule?.message == "it is a submodule, not a directory")
    }

    @Test func readsAnOlderCommitWithoutTouchingTheWorkTree() throws {
        let fixture = try GitFixture()
        try fixture.write("manifests/app.yaml", manifest("app", data: "old"))
        try fixture.write("manifests/gone.yaml", manifest("gone"))
        let old = try fixture.commit("Old", minute: 1)
        try fixture.write("manifests/app.yaml", manifest("app", data: "new"))
        try fixture.removeFile("manifests/gone.yaml")
        try fixture.write("manifests/added.yaml", manifest("added"))
        try fixture.commit("New", minute: 2)
        // An uncommitted edit too: reading must not disturb it either.
        try fixture.write("manifests/app.yaml", manifest("app", data: "editing"))

        let before = try workTreeState(fixture)
        let store = try fixture.store()
        let snapshot = try store.manifests(at: store.repository.resolve(old))
        #expect(snapshot.paths == ["manifests/app.yaml", "manifests/gone.yaml"])
        #expect(snapshot.texts["manifests/app.yaml"] == manifest("app", data: "old"))

        #expect(try workTreeState(fixture) == before)
        #expect(try fixture.read("manifests/app.yaml") == manifest("app", data: "editing"))
        #expect(try fixture.git("status", "--porcelain") == " M manifests/app.yaml\n")
    }

    /// Every file in the work tree and `.git` (index, HEAD, refs) with its content and modification time.
    private func workTreeState(_ fixture: GitFixture) throws -> [String: String] {
        var state: [String: String] = [:]
        let root = fixture.url
        guard let walker = FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil) else { return state }
        for case let url as URL in walker {
            let attributes = try FileManager.default.attributesOfItem(atPath: url.path)
            guard attributes[.type] as? FileAttributeType == .typeRegular else { continue }
            let modified = (attributes[.modificationDate] as? Date)?.timeIntervalSince1970 ?? 0
            state[url.path] = "\(modified) \(try Data(contentsOf: url).base64EncodedString())"
        }
        return state
    }
}
