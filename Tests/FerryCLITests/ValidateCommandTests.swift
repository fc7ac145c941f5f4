import FerryTesting
import Foundation
import Testing

@Suite("ferry validate")
struct ValidateCommandTests {
    @Test("a valid revision exits 0 and says how many objects it read")
    func valid() throws {
        let repository = try sparkRepository()
        defer { repository.remove() }
        let result = try FerryBinary.run(["validate", "--repo", repository.path])
        #expect(result.status == 0, "\(result.errorOutput)")
        let sha = try repository.revParse("HEAD").prefix(7)
        #expect(result.output == "manifests/ at \(sha) (HEAD): 2 objects in 2 files, valid\n")
    }

    @Test("every problem is printed as file:line:col and the exit status is 2")
    func invalid() throws {
        let repository = try sparkRepository()
        defer { repository.remove() }
        try repository.write("manifests/spark-worker.yaml", sparkWorker(image: "Spark:2.1.0", replicas: "-1"))
        try repository.write("manifests/broken.yaml", "kind: ConfigMap\nmetadata: {name: x}\n")
        _ = try repository.commit("break things")
        let result = try FerryBinary.run(["validate", "--repo", repository.path])
        #expect(result.status == 2)
        let lines = result.output.split(separator: "\n").map(String.init)
        #expect(lines.count == 4)
        #expect(lines[0] == "manifests/broken.yaml:1:1: missing apiVersion; add e.g. `apiVersion: apps/v1`")
        #expect(lines[1] == "manifests/spark-worker.yaml:6:13: Deployment/spark/spark-worker: spec.replicas must not be negative, got -1")
        #expect(lines[2].hasPrefix("manifests/spark-worker.yaml:15:18: Deployment/spark/spark-worker: spec.template.spec.containers[0].image: invalid image reference 'Spark:2.1.0'"))
        #expect(lines[3].hasSuffix("3 problems in 3 files; nothing will be applied until they are fixed"))
    }

    @Test("an older revision is read from the object database, whatever HEAD holds")
    func olderRevision() throws {
        let repository = try sparkRepository()
        defer { repository.remove() }
        try repository.write("manifests/spark-worker.yaml", "not: [valid\n")
        _ = try repository.commit("oops")
        #expect(try FerryBinary.run(["validate", "--repo", repository.path]).status == 2)
        let previous = try FerryBinary.run(["validate", "--repo", repository.path, "--rev", "HEAD~1"])
        #expect(previous.status == 0, "\(previous.output)")
        #expect(try repository.read("manifests/spark-worker.yaml") == "not: [valid\n")
    }

    @Test("-o json reports problems for machines")
    func json() throws {
        let repository = try sparkRepository(image: "\"spark:\"")
        defer { repository.remove() }
        let result = try FerryBinary.run(["validate", "--repo", repository.path, "-o", "json"])
        #expect(result.status == 2)
        let report = try #require(JSONSerialization.jsonObject(with: result.standardOutput) as? [String: Any])
        #expect(report["valid"] as? Bool == false)
        let problems = try #require(report["problems"] as? [[String: Any]])
        #expect(problems.count == 1)
        #expect(problems.first?["file"] as? String == "manifests/spark-worker.yaml")
        #expect(problems.first?["line"] as? Int == 15)
        #expect(problems.first?["object"] as? String == "Deployment/spark/spark-worker")
    }

    @Test("--staged checks the index, for the pre-commit hook")
    func staged() throws {
        let repository = try sparkRepository()
        defer { repository.remove() }
        try repository.write("manifests/spark-worker.yaml", sparkWorker(image: "spark:2.1.0", replicas: "-3"))
        try repository.stage("manifests/spark-worker.yaml")
        let result = try FerryBinary.run(["validate", "--repo", repository.path, "--staged"])
        #expect(result.status == 2)
        #expect(result.output.contains("spec.replicas must not be negative, got -3"))
        #expect(try FerryBinary.run(["validate", "--repo", repository.path]).status == 0)
    }

    @Test("uncommitted changes under the manifest path are named in a warning")
    func uncommittedWarning() throws {
        let repository = try sparkRepository()
        defer { repository.remove() }
        try repository.write("manifests/extra.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: extra}\n")
        let result = try FerryBinary.run(["validate", "--repo", repository.path])
        #expect(result.status == 0)
        #expect(result.errorOutput.contains("warning: uncommitted changes under manifests/ (manifests/extra.yaml) are not read: ferry deploys commits only"))
    }

    @Test("a revision that does not exist exits 1 with git's message")
    func badRevision() throws {
        let repository = try sparkRepository()
        defer { repository.remove() }
        let result = try FerryBinary.run(["validate", "--repo", repository.path, "--rev", "no-such-branch"])
        #expect(result.status == 1)
        #expect(result.errorOutput.hasPrefix("error: "))
        #expect(result.errorOutput.contains("no-such-branch"))
    }

    @Test("an unknown key in ferry.yaml is an error with its place")
    func unknownConfigKey() throws {
        let repository = try sparkRepository(configuration: "path: manifests\nnamspace: spark\n")
        defer { repository.remove() }
        let result = try FerryBinary.run(["validate", "--repo", repository.path])
        #expect(result.status == 2)
        #expect(result.errorOutput == "error: ferry.yaml:2:1: unknown key 'namspace'; ferry.yaml may hold path, namespace, context, timeout, instance, recordNamespace, notify, hookSync, rateLimit\n")
    }

    @Test("a rateLimit that is not none, QPS or QPS/BURST is an error with its place; a good one passes")
    func rateLimitSyntax() throws {
        let repository = try sparkRepository(configuration: "path: manifests\nrateLimit: fast\n")
        defer { repository.remove() }
        let result = try FerryBinary.run(["validate", "--repo", repository.path])
        #expect(result.status == 2)
        #expect(result.errorOutput.hasPrefix("error: ferry.yaml:2:12: rateLimit: 'fast' is not a rate limit: write none"), "\(result.errorOutput)")
        for good in ["none", "50", "50/100"] {
            let fine = try sparkRepository(configuration: "path: manifests\nrateLimit: \(good)\n")
            defer { fine.remove() }
            #expect(try FerryBinary.run(["validate", "--repo", fine.path]).status == 0, "rateLimit: \(good)")
        }
    }

    @Test("a notify that is not an http(s) URL is an error with its place")
    func notifyMustBeAURL() throws {
        let repository = try sparkRepository(configuration: "path: manifests\nnotify: hooks.example.com\n")
        defer { repository.remove() }
        let result = try FerryBinary.run(["validate", "--repo", repository.path])
        #expect(result.status == 2)
        #expect(result.errorOutput == "error: ferry.yaml:2:9: notify must be an http:// or https:// URL, got 'hooks.example.com'\n")
    }

    @Test("flags override ferry.yaml")
    func flagsOverride() throws {
        let repository = try sparkRepository()
        defer { repository.remove() }
        let result = try FerryBinary.run(["render", "--repo", repository.path, "-n", "analytics", "-o", "json"])
        #expect(result.status == 0, "\(result.errorOutput)")
        #expect(result.output.contains("\"namespace\": \"analytics\""))
    }
}
