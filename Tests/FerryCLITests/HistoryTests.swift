import FerryTesting
import Foundation
import Testing

@Suite("ferry history", .serialized, .enabled(if: ClusterFixture.hasKubectl))
struct HistoryTests {
    @Test("rows newest first, numbered like kubectl, with image changes, outcomes and the live mark; a plain git revert is a new revision")
    func rows() async throws {
        let cluster = try await ClusterFixture.start()
        let spark = try SparkRepository("hist")
        let first = try spark.commitWorker("spark:2.1.0", "Spark 2.1.0")
        _ = try await cluster.ferry(["sync"], repo: spark.repo)
        try spark.repo.write("README.md", "not a manifest\n")
        try spark.repo.commit("Docs")
        let second = try spark.commitWorker("spark:1.6.3", "Spark 1.6.3")
        try spark.repo.write("manifests/settings.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\ndata:\n  a: b\n")
        let third = try spark.repo.commit("Add settings")

        var result = try await cluster.ferry(["history"], repo: spark.repo)
        #expect(result.status == 0, "\(result.errorOutput)")
        var lines = result.output.split(separator: "\n").map(String.init)
        #expect(lines.first?.hasPrefix("REVISION  COMMIT   DATE") == true)
        #expect(lines.count == 6, "\(result.output)")
        #expect(lines[1].hasPrefix("3         \(third.prefix(7))"))
        #expect(lines[1].contains("  never synced  ") && lines[1].hasSuffix("  Add settings"), "\(lines[1])")
        #expect(lines[1].contains("Ferry Test"))
        #expect(lines[2].hasPrefix("2         \(second.prefix(7))"))
        #expect(lines[2].contains("  never synced  ") && lines[2].hasSuffix("  Spark 1.6.3"))
        #expect(lines[3] == "    spark-worker  spark:2.1.0 → spark:1.6.3")
        #expect(lines[4].hasPrefix("1         \(first.prefix(7))"))
        #expect(lines[4].contains("synced (live)"))
        #expect(lines[5] == "    spark-worker  (none) → spark:2.1.0")

        // With a Deployment name, only the commits that changed it.
        result = try await cluster.ferry(["history", "spark-worker"], repo: spark.repo)
        lines = result.output.split(separator: "\n").map(String.init)
        #expect(lines.filter { !$0.hasPrefix(" ") }.count == 3, "\(result.output)")
        #expect(!result.output.contains("Add settings"))

        // --revision N: the commit's manifest diff against its parent.
        result = try await cluster.ferry(["history", "--revision", "2"], repo: spark.repo)
        #expect(result.status == 0, "\(result.errorOutput)")
        #expect(result.output.contains("--- a/manifests/spark-worker.yaml\n+++ b/manifests/spark-worker.yaml\n"))
        #expect(result.output.contains("-          image: spark:2.1.0\n+          image: spark:1.6.3\n"))
        result = try await cluster.ferry(["history", "--revision", "9"], repo: spark.repo)
        #expect(result.status == 1)
        #expect(result.errorOutput.contains("no revision 9"))

        // A plain git revert, then sync: a new revision, synced and live.
        _ = try await cluster.ferry(["sync"], repo: spark.repo)
        try spark.repo.git("revert", "--no-edit", "HEAD")
        let revert = try spark.repo.revParse("HEAD")
        result = try await cluster.ferry(["sync"], repo: spark.repo)
        #expect(result.status == 0, "\(result.errorOutput)")
        result = try await cluster.ferry(["history", "-o", "json"], repo: spark.repo)
        let rows = try #require(try JSONSerialization.jsonObject(with: Data(result.output.utf8)) as? [[String: Any]])
        #expect(rows.map { $0["revision"] as? Int } == [4, 3, 2, 1])
        #expect(rows.first?["commit"] as? String == revert)
        #expect(rows.first?["subject"] as? String == "Revert \"Add settings\"")
        #expect(rows.first?["outcome"] as? String == "synced")
        #expect(rows.first?["live"] as? Bool == true)
        #expect(rows[1]["outcome"] as? String == "synced")
        #expect(rows[1]["live"] as? Bool == false)
        #expect(rows[2]["outcome"] as? String == "never synced")
        let changes = try #require(rows[2]["imageChanges"] as? [[String: Any]])
        #expect(changes.first?["from"] as? String == "spark:2.1.0")
        #expect(changes.first?["to"] as? String == "spark:1.6.3")
    }
    static func secret(password: String, token: String) -> String {
        // `token` is base64 of a value the test also looks for: neither form may be printed.
        let encoded = Data(token.utf8).base64EncodedString()
        return """
            apiVersion: v1
            kind: Secret
            metadata:
              name: credentials
            stringData:
              password: \(password)
              user: admin-unchanged
            data:
              token: \(encoded)
            ---
            apiVersion: v1
            kind: ConfigMap
            metadata:
              name: beside-the-secret
            data:
              colour: blue

            """
    }

    @Test("--revision N masks Secret values in text and json, and still shows which keys changed")
    func secretValuesAreMasked() async throws {
        let cluster = try await ClusterFixture.start()
        let spark = try SparkRepository("histsecret")
        try spark.repo.write("manifests/credentials.yaml", Self.secret(password: "hunter2-old", token: "token-old"))
        try spark.repo.commit("Credentials")
        try spark.repo.write("manifests/credentials.yaml", Self.secret(password: "hunter2-new", token: "token-new"))
        try spark.repo.commit("Rotate the password and token")
        // YAML that does not parse cannot be told apart from a Secret: its text is not shown either.
        try spark.repo.write("manifests/broken.yaml", "apiVersion: v1\nkind: Secret\nstringData: {password: broken-value\n")
        try spark.repo.commit("A broken Secret")
        let secrets = ["hunter2", "admin-unchanged", "token-old", "token-new", "broken-value"]
            .flatMap { [$0, Data($0.utf8).base64EncodedString()] }

        for output in ["text", "json"] {
            let rotation = try await cluster.ferry(["history", "--revision", "2", "-o", output], repo: spark.repo)
            #expect(rotation.status == 0, "\(rotation.errorOutput)")
            var diff = rotation.output
            if output == "json" {
                let detail = try #require(try JSONSerialization.jsonObject(with: rotation.standardOutput) as? [String: Any])
                diff = try #require(detail["diff"] as? String)
            }
            for secret in secrets {
                #expect(!rotation.output.contains(secret), "\(output) shows \(secret): \(rotation.output)")
            }
            let lines = diff.split(separator: "\n").map(String.init)
            #expect(lines.contains("--- a/manifests/credentials.yaml"), "\(diff)")
            // The changed keys show as changed; the unchanged one is not in the diff at all.
            for key in ["password", "token"] {
                #expect(lines.contains { $0.hasPrefix("-") && $0.contains("\(key):") && $0.contains("*** (before)") }, "\(key): \(diff)")
                #expect(lines.contains { $0.hasPrefix("+") && $0.contains("\(key):") && $0.contains("*** (after)") }, "\(key): \(diff)")
            }
            #expect(!lines.contains { ($0.hasPrefix("-") || $0.hasPrefix("+")) && $0.contains("user:") }, "\(diff)")

            // The file's first revision: the ConfigMap beside the Secret is shown as it is.
            let added = try await cluster.ferry(["history", "--revision", "1", "-o", output], repo: spark.repo)
            #expect(added.status == 0, "\(added.errorOutput)")
            #expect(added.output.contains("+  colour: blue"), "\(added.output)")
            #expect(added.output.contains("+  password: "), "\(added.output)")
            for secret in secrets {
                #expect(!added.output.contains(secret), "\(output) shows \(secret): \(added.output)")
            }

            let broken = try await cluster.ferry(["history", "--revision", "3", "-o", output], repo: spark.repo)
            #expect(broken.status == 0, "\(broken.errorOutput)")
            #expect(broken.output.contains("manifests/broken.yaml"), "\(broken.output)")
            for secret in secrets {
                #expect(!broken.output.contains(secret), "\(output) shows \(secret): \(broken.output)")
            }
        }
    }
}
