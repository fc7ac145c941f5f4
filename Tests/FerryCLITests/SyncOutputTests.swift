import FerryTesting
import Foundation
import Testing

/// What `ferry sync` prints for cron mail, the journal and log collectors.
@Suite("ferry sync output", .enabled(if: ClusterFixture.hasKubectl, "needs kubectl"))
struct SyncOutputTests {
    typealias E2E = SyncEndToEndTests

    @Test("a change prints a line per changed object and the outcome; nothing changed prints nothing at all")
    func quietWhenNothingChanged() async throws {
        let cluster = try await ClusterFixture.start()
        let app = SparkApp("quiet")
        let repository = try app.repository()
        let head = try repository.revParse("HEAD")

        let first = try await cluster.ferry(["sync", "--timeout", "60s"], repo: repository)
        #expect(first.status == 0, "\(first.errorOutput)")
        #expect(first.errorOutput.isEmpty)
        #expect(messages(first.output) == app.objects.map { "\($0) created" } + [
            "deployment \"spark-master\" successfully rolled out",
            "deployment \"spark-worker\" successfully rolled out",
            "synced \(head.prefix(7)) to \(app.instance): 5 to create, 0 to change, 0 to prune, 0 unchanged",
        ])

        let again = try await cluster.ferry(["sync", "--timeout", "60s"], repo: repository)
        #expect(again.status == 0, "\(again.errorOutput)")
        #expect(again.output.isEmpty, "\(again.output)")
        #expect(again.errorOutput.isEmpty, "\(again.errorOutput)")
    }

    @Test("--log-format json: every line a JSON object; no token, key or Secret value in any output (sync, diff, history, status, the agent's log, metrics and notifications), verbose or not")
    func jsonLinesHoldNoSecrets() async throws {
        let cluster = try await ClusterFixture.start()
        var app = SparkApp("jsonlog")
        let repository = try app.repository()
        let secretValue = "hunter2-the-password"
        let encoded = Data("s3cr3t-token-in-data".utf8).base64EncodedString()
        let secret = { (value: String) in
            "apiVersion: v1\nkind: Secret\nmetadata:\n  name: credentials\nstringData:\n  password: \(value)\ndata:\n  token: \(encoded)\n"
        }
        try repository.write("manifests/secret.yaml", secret(secretValue))
        try repository.commit("A Secret")

        var outputs: [String] = []
        let first = try await cluster.ferry(["sync", "-v", "--log-format", "json", "--timeout", "60s"], repo: repository)
        #expect(first.status == 0, "\(first.errorOutput)")
        let lines = first.output.split(separator: "\n")
        #expect(!lines.isEmpty)
        for line in lines {
            let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
            #expect(object?["message"] is String, "\(line)")
            #expect(object?["level"] as? String == "info", "\(line)")
            #expect(object?["time"] is String, "\(line)")
        }
        #expect(lines.contains { $0.contains(#""event":"applied""#) && $0.contains("Secret/\(app.namespace)/credentials") },
                "\(first.output)")
        outputs += [first.output, first.errorOutput]

        // A changed Secret, every way its values could be shown.
        try repository.write("manifests/secret.yaml", secret(secretValue + "-new"))
        app.workerImage = "spark:2.2.0"
        try app.write(into: repository)
        try repository.commit("A new password, workers on 2.2.0")
        for arguments in [["sync", "--dry-run", "-v", "--log-format", "json"], ["diff"], ["diff", "-o", "json"],
                          ["status", "-o", "json"], ["history", "--revision", "2"], ["history", "--revision", "2", "-o", "json"],
                          ["sync", "-v", "--log-format", "json", "--timeout", "60s"], ["sync", "-v", "--timeout", "60s"]] {
            let result = try await cluster.ferry(arguments, repo: repository)
            outputs += [result.output, result.errorOutput]
        }
        for arguments in [["history"], ["history", "-o", "json"], ["history", "--revision", "1"], ["status"],
                          ["status", "-o", "json"], ["diff", "--rev", "HEAD~1"]] {
            let result = try await cluster.ferry(arguments, repo: repository)
            outputs += [result.output, result.errorOutput]
        }

        // The agent rolls out a third password: its JSON log, its metrics and the notification.
        let thirdValue = secretValue + "-third"
        try repository.write("manifests/secret.yaml", secret(thirdValue))
        let third = try repository.commit("A third password")
        let receiver = try await NotificationReceiver.start()
        let agent = try AgentTests.start(cluster, repository, ["--interval", "1s", "-v", "--log-format", "json", "--notify", receiver.url])
        #expect(try await AgentTests.wait(agent, for: "synced \(third.prefix(7))"))
        let base = try #require(try await AgentTests.listener(agent))
        let metrics = try await AgentTests.get(base + "/metrics")
        #expect(metrics.status == 200)
        let stopped = try await AgentTests.stop(agent)
        #expect(stopped.status == 0, "\(stopped.errorOutput)")
        #expect(stopped.output.contains("Secret/\(app.namespace)/credentials"), "the agent's log names the Secret: \(stopped.output)")
        #expect(receiver.texts.contains { $0.contains("Secret/\(app.namespace)/credentials") }, "\(receiver.texts)")
        outputs += [stopped.output, stopped.errorOutput, metrics.body] + receiver.texts
        // The cluster's own request log, too.
        outputs.append(try String(contentsOfFile: cluster.logPath, encoding: .utf8))

        let kubeconfig = try String(contentsOfFile: cluster.kubeconfig, encoding: .utf8)
        let token = try #require(kubeconfig.split(separator: "\n").first { $0.contains("token: ") }?
            .split(separator: " ").last.map(String.init))
        let values = [secretValue, secretValue + "-new", thirdValue, "s3cr3t-token-in-data"]
        let needles = [token, encoded] + values + values.map { Data($0.utf8).base64EncodedString() }
        // The Secret did reach the cluster, so its values were there to leak.
        let stored = try await cluster.get("secret", "credentials", namespace: app.namespace, "{.data.password}")
        #expect(stored == Data(thirdValue.utf8).base64EncodedString())
        for output in outputs {
            for needle in needles {
                #expect(!output.contains(needle), "\(needle) in: \(output.prefix(2000))")
            }
        }
    }
}
