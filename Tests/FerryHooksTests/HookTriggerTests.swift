import FerryGit
import FerryHooks
import FerryTesting
import Testing

/// What a hook decides before syncing, on real repositories.
@Suite("hook trigger")
struct HookTriggerTests {
    static func repository() throws -> GitFixture {
        let repository = try GitFixture()
        try repository.write("ferry.yaml", "path: deploy\n")
        try repository.write("deploy/app.yaml", "kind: ConfigMap\n")
        try repository.write("README.md", "app\n")
        try repository.commit("first")
        return repository
    }

    static func changes(_ fixture: GitFixture, from old: String, to new: String) throws -> Bool {
        let repository = try Repository(path: fixture.path)
        return HookTrigger.changesDeployment(in: repository, from: try repository.resolve(old), to: try repository.resolve(new))
    }

    @Test("a change under the manifest path, or to ferry.yaml, changes the deployment; anything else does not")
    func changesDeployment() throws {
        let fixture = try Self.repository()
        try fixture.write("README.md", "app, documented\n")
        try fixture.write("other/app.yaml", "kind: Secret\n")
        try fixture.commit("docs")
        #expect(try !Self.changes(fixture, from: "HEAD~1", to: "HEAD"))

        try fixture.write("deploy/notes.txt", "not a manifest, but under the path\n")
        try fixture.commit("notes")
        #expect(try Self.changes(fixture, from: "HEAD~1", to: "HEAD"))

        try fixture.write("ferry.yaml", "path: deploy\nnamespace: app\n")
        try fixture.commit("namespace")
        #expect(try Self.changes(fixture, from: "HEAD~1", to: "HEAD"))

        let repository = try Repository(path: fixture.path)
        #expect(HookTrigger.changesDeployment(in: repository, from: nil, to: try repository.head()))
    }

    @Test("the deploy branch is ferry.branch, else the branch HEAD points at")
    func deployBranch() throws {
        let fixture = try Self.repository()
        let bare = try fixture.bareClone()
        #expect(try HookTrigger.deployBranch(of: Repository(path: bare.path)) == "refs/heads/main")
        try bare.git("config", "ferry.branch", "production")
        #expect(try HookTrigger.deployBranch(of: Repository(path: bare.path)) == "refs/heads/production")
    }

    @Test("git config ferry.hookSync wins over ferry.yaml's hookSync")
    func hookSyncPrecedence() throws {
        let fixture = try Self.repository()
        try fixture.write("ferry.yaml", "path: deploy\nhookSync: true\n")
        try fixture.commit("foreground")
        let repository = try Repository(path: fixture.path)
        #expect(try HookTrigger.syncsInForeground(repository, commit: repository.head()))
        try fixture.git("config", "ferry.hookSync", "false")
        #expect(try !HookTrigger.syncsInForeground(Repository(path: fixture.path), commit: repository.head()))
        try fixture.git("config", "ferry.hookSync", "maybe")
        #expect(throws: GitError.self) { try HookTrigger.syncsInForeground(Repository(path: fixture.path), commit: repository.head()) }
    }

    @Test("post-receive input: one update per line; creations and deletions have a zero id")
    func refUpdates() {
        let zero = String(repeating: "0", count: 40), a = String(repeating: "a", count: 40)
        let updates = HookTrigger.RefUpdate.parse("\(zero) \(a) refs/heads/main\n\(a) \(zero) refs/heads/old\n\nnoise\n")
        #expect(updates == [HookTrigger.RefUpdate(old: zero, new: a, ref: "refs/heads/main"),
                            HookTrigger.RefUpdate(old: a, new: zero, ref: "refs/heads/old")])
        #expect(updates[0].isCreation && !updates[0].isDeletion)
        #expect(updates[1].isDeletion)
    }
}
