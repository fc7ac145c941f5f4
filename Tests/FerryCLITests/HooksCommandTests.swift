import FerryTesting
import Foundation
import Testing

/// `git` in a fixture's repository with `environment` added (KUBECONFIG, for the hooks' syncs),
/// configured like the fixture's own git; off the cooperative pool, since it waits for hooks.
func git(_ repository: GitFixture, _ arguments: [String], environment: [String: String] = [:],
         input: String? = nil) async throws -> FerryTesting.ProcessResult {
    let command = ["-c", "commit.gpgsign=false"] + arguments
    let url = repository.url
    let merged = GitFixture.environment().merging(environment) { $1 }
    return try await offThePool {
        try FerryTesting.run("git", command, in: url, environment: merged, input: input.map { Data($0.utf8) })
    }
}

/// A hook of the repository's own, there before ferry's: it appends a line to `ran` each time.
func writeOwnHook(_ name: String, in directory: String, appendingTo ran: String) throws -> Data {
    let script = Data("#!/bin/sh\n# the team's own hook\necho \"$0 ran\" >> '\(ran)'\n".utf8)
    try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    let path = directory + "/" + name
    try script.write(to: URL(fileURLWithPath: path))
    try FileManager.default.setAttributes([.posixPermissions: 0o750], ofItemAtPath: path)
    return script
}

/// `ferry hooks install|uninstall` on real repositories, and the hooks that need no cluster:
/// pre-commit refusing a commit, chaining, core.hooksPath.
@Suite("ferry hooks")
struct HooksCommandTests {
    static func ferry(_ arguments: String...) async throws -> FerryTesting.ProcessResult {
        let command = arguments
        return try await offThePool { try FerryBinary.run(command) }
    }

    static func contents(_ path: String) -> Data? { FileManager.default.contents(atPath: path) }

    static func permissions(_ path: String) throws -> Int {
        try (FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int) ?? -1
    }

    @Test("install chains an existing hook, installing twice is installing once, and uninstall restores it byte for byte")
    func installChainsAndUninstallRestores() async throws {
        let repository = try sparkRepository()
        let hooks = repository.path + "/.git/hooks"
        let own = try writeOwnHook("post-commit", in: hooks, appendingTo: repository.path + "/../ran.txt")

        let first = try await Self.ferry("hooks", "install", "--repo", repository.path)
        #expect(first.status == 0, "\(first.errorOutput)")
        #expect(first.output.split(separator: "\n").prefix(3) == [
            "\(hooks)/pre-commit: installed",
            "\(hooks)/post-commit: installed; the hook that was there runs first, kept as post-commit.ferry-chained",
            "\(hooks)/post-merge: installed",
        ])
        #expect(Self.contents(hooks + "/post-commit.ferry-chained") == own)
        let installed = try #require(Self.contents(hooks + "/post-commit"))
        #expect(String(decoding: installed, as: UTF8.self).contains("exec \"$ferry\" hooks run post-commit"))
        #expect(String(decoding: installed, as: UTF8.self).contains("installed='\(URL(fileURLWithPath: FerryBinary.path).resolvingSymlinksInPath().path)'"))
        #expect(try Self.permissions(hooks + "/pre-commit") == 0o755)

        let second = try await Self.ferry("hooks", "install", "--repo", repository.path)
        #expect(second.status == 0, "\(second.errorOutput)")
        #expect(second.output.split(separator: "\n").prefix(3) == [
            "\(hooks)/pre-commit: already installed", "\(hooks)/post-commit: already installed", "\(hooks)/post-merge: already installed",
        ])
        #expect(Self.contents(hooks + "/post-commit") == installed)
        #expect(Self.contents(hooks + "/post-commit.ferry-chained") == own)

        let removed = try await Self.ferry("hooks", "uninstall", "--repo", repository.path)
        #expect(removed.status == 0, "\(removed.errorOutput)")
        #expect(removed.output == """
            \(hooks)/pre-commit: removed
            \(hooks)/post-commit: removed; the hook that was there before is back
            \(hooks)/post-merge: removed

            """)
        #expect(Self.contents(hooks + "/post-commit") == own)
        #expect(try Self.permissions(hooks + "/post-commit") == 0o750)
        let left = try FileManager.default.contentsOfDirectory(atPath: hooks).filter { !$0.hasSuffix(".sample") }
        #expect(left == ["post-commit"])
    }

    @Test("a bare repository gets the post-receive hook only")
    func bareRepositoryGetsPostReceive() async throws {
        let repository = try sparkRepository()
        let bare = try repository.bareClone()
        let result = try await Self.ferry("hooks", "install", "--repo", bare.path)
        #expect(result.status == 0, "\(result.errorOutput)")
        #expect(result.output.hasPrefix("\(bare.path)/hooks/post-receive: installed\n"))
        let installed = try FileManager.default.contentsOfDirectory(atPath: bare.path + "/hooks").filter { !$0.hasSuffix(".sample") }
        #expect(installed == ["post-receive"])
    }

    @Test("install refuses, exit 1, where there is no repository")
    func refusesWithoutRepository() async throws {
        let directory = NSTemporaryDirectory() + "ferry-no-repo-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let result = try await Self.ferry("hooks", "install", "--repo", directory)
        #expect(result.status == 1)
        #expect(result.errorOutput.hasPrefix("error: no git repository at \(directory) ("))
        #expect(result.errorOutput.hasSuffix("); run this inside a repository, or pass --repo DIR\n"))
        #expect(result.output.isEmpty)
    }

    @Test("pre-commit refuses a commit whose staged manifests are invalid, with file:line:col, and git commit -a is checked too")
    func preCommitRefusesInvalidManifests() async throws {
        let repository = try sparkRepository()
        let head = try repository.revParse("HEAD")
        #expect(try await Self.ferry("hooks", "install", "--repo", repository.path).succeeded)

        try repository.write("manifests/spark-worker.yaml", sparkWorker(image: "spark:2.1.0", replicas: "three"))
        let staged = try await git(repository, ["add", "manifests"])
        #expect(staged.succeeded)
        let refused = try await git(repository, ["commit", "-q", "-m", "three workers"])
        #expect(refused.status == 1)
        #expect(refused.errorOutput == """
            manifests/spark-worker.yaml:6:13: Deployment/spark/spark-worker: spec.replicas must be an integer, got a string "three"
            ferry pre-commit: commit refused: 1 problem in the staged manifests; fix them and `git add` the files (git commit --no-verify skips this check)

            """)
        #expect(try repository.revParse("HEAD") == head)

        // `git commit -a` stages into a temporary index (GIT_INDEX_FILE): the hook reads that one.
        _ = try await git(repository, ["reset", "-q"])
        let all = try await git(repository, ["commit", "-q", "-a", "-m", "three workers"])
        #expect(all.status == 1)
        #expect(all.errorOutput.hasPrefix("manifests/spark-worker.yaml:6:13: "))
        #expect(try repository.revParse("HEAD") == head)

        // Valid: committed. Its sync (in the foreground, to see it) finds no cluster, and says the commit stands.
        try repository.git("config", "ferry.hookSync", "true")
        try repository.write("manifests/spark-worker.yaml", sparkWorker(image: "spark:2.1.0", replicas: "4"))
        let valid = try await git(repository, ["commit", "-q", "-a", "-m", "four workers"],
                                  environment: ["KUBECONFIG": repository.path + "/no-such-kubeconfig"])
        #expect(valid.status == 0, "\(valid.errorOutput)")
        let new = try repository.revParse("HEAD")
        #expect(new != head)
        #expect(valid.errorOutput.contains("ferry post-commit: the sync of \(new.prefix(7)) failed (exit "))
        #expect(valid.errorOutput.contains("the commit stands"))
    }

    @Test("a failing pre-commit of the repository's own still refuses the commit, before ferry validates")
    func chainedPreCommitFailurePropagates() async throws {
        let repository = try sparkRepository()
        let hook = repository.path + "/.git/hooks/pre-commit"
        try "#!/bin/sh\necho 'no commits on Fridays' >&2\nexit 7\n".write(toFile: hook, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: hook)
        #expect(try await Self.ferry("hooks", "install", "--repo", repository.path).succeeded)

        let refused = try await git(repository, ["commit", "-q", "--allow-empty", "-m", "empty"])
        #expect(refused.status == 1)
        // git names the hook as it found it (relative to the work tree, in git 2.39).
        #expect(refused.errorOutput.hasPrefix("no commits on Fridays\nferry pre-commit: "))
        #expect(refused.errorOutput.hasSuffix(".git/hooks/pre-commit.ferry-chained refused the commit (exit 7)\n"))
    }

    @Test("install writes into core.hooksPath, relative to the work tree, creating it, and git runs the hooks from there")
    func respectsHooksPath() async throws {
        let repository = try sparkRepository()
        try repository.git("config", "core.hooksPath", "ci/hooks")
        let result = try await Self.ferry("hooks", "install", "--repo", repository.path + "/manifests")
        #expect(result.status == 0, "\(result.errorOutput)")
        #expect(result.output.hasPrefix("\(repository.path)/ci/hooks/pre-commit: installed\n"))
        #expect(!FileManager.default.fileExists(atPath: repository.path + "/.git/hooks/pre-commit"))

        try repository.write("manifests/spark-worker.yaml", sparkWorker(image: "spark:2.1.0", replicas: "three"))
        let refused = try await git(repository, ["commit", "-q", "-a", "-m", "three workers"])
        #expect(refused.status == 1)
        #expect(refused.errorOutput.hasPrefix("manifests/spark-worker.yaml:6:13: "))

        let removed = try await Self.ferry("hooks", "uninstall", "--repo", repository.path)
        #expect(removed.output.hasPrefix("\(repository.path)/ci/hooks/pre-commit: removed\n"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: repository.path + "/ci/hooks").isEmpty)
    }

    @Test("ferry.yaml's hookSync must be true or false")
    func hookSyncMustBeBoolean() async throws {
        let repository = try sparkRepository(configuration: "path: manifests\nhookSync: sometimes\n")
        let result = try await Self.ferry("validate", "--repo", repository.path)
        #expect(result.status == 2)
        #expect(result.errorOutput == "error: ferry.yaml:2:11: hookSync must be true or false, got a string\n")
        let valid = try sparkRepository(configuration: "path: manifests\nhookSync: true\n")
        #expect(try await Self.ferry("validate", "--repo", valid.path).succeeded)
    }
}
