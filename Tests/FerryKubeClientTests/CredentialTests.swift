import FerryKube
@testable import FerryKubeClient
import FerryTesting
import Foundation
import NIOSSL
import Testing

/// A real shell-script credential plugin in a temporary directory. It counts its runs in
/// `count`, records what it was given, and prints an ExecCredential with the n-th line of
/// `tokens` (the last line once they run out) and the expiry in `expiry`, if any.
struct PluginFixture {
    let directory: URL
    var script: String { directory.appendingPathComponent("plugin.sh").path }

    static let source = #"""
        #!/bin/sh
        dir="$(dirname "$0")"
        n=$(( $(cat "$dir/count" 2>/dev/null || echo 0) + 1 ))
        echo "$n" > "$dir/count"
        printf '%s' "$KUBERNETES_EXEC_INFO" > "$dir/exec-info.json"
        printf '%s' "$*" > "$dir/args"
        printf '%s' "$PLUGIN_REGION" > "$dir/env"
        if [ -f "$dir/fail" ]; then echo "error: login required for region $PLUGIN_REGION" >&2; exit 3; fi
        api=$(printf '%s' "$KUBERNETES_EXEC_INFO" | sed 's/^{"apiVersion":"\([^"]*\)".*/\1/')
        token=$(sed -n "${n}p" "$dir/tokens")
        [ -n "$token" ] || token=$(tail -n 1 "$dir/tokens")
        expiry=$(cat "$dir/expiry" 2>/dev/null)
        if [ -n "$expiry" ]; then
          printf '{"apiVersion":"%s","kind":"ExecCredential","status":{"token":"%s","expirationTimestamp":"%s"}}' "$api" "$token" "$expiry"
        else
          printf '{"apiVersion":"%s","kind":"ExecCredential","status":{"token":"%s"}}' "$api" "$token"
        fi
        """#

    init(in directory: URL, tokens: [String], expiry: String? = nil) throws {
        self.directory = directory
        try write(Self.source, to: "plugin.sh", in: directory, executable: true)
        try write(tokens.joined(separator: "\n") + "\n", to: "tokens", in: directory)
        if let expiry { try write(expiry, to: "expiry", in: directory) }
    }

    func config(apiVersion: String = "client.authentication.k8s.io/v1", command: String? = nil) -> Kubeconfig.ExecConfig {
        Kubeconfig.ExecConfig(command: command ?? script, args: ["--cluster", "prod"], env: [("PLUGIN_REGION", "eu")],
                              apiVersion: apiVersion, installHint: "Install it with: brew install plugin",
                              interactiveMode: "Never")
    }

    func provider(_ config: Kubeconfig.ExecConfig? = nil, clusterInfo: JSONValue? = nil) -> CredentialProvider {
        CredentialProvider(credentials: .exec(config ?? self.config(), user: "me", clusterInfo: clusterInfo),
                           environment: ProcessInfo.processInfo.environment, execTimeout: .seconds(20),
                           tokenFileRefresh: .seconds(60))
    }

    var runs: Int {
        let text = (try? String(contentsOf: directory.appendingPathComponent("count"), encoding: .utf8)) ?? "0"
        return Int(text.trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0
    }

    func recorded(_ name: String) throws -> String {
        try String(contentsOf: directory.appendingPathComponent(name), encoding: .utf8)
    }

    static func timestamp(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.string(from: date)
    }
}

@Suite("Exec credential plugins")
struct ExecPluginTests {
    @Test func runsWithExecInfoArgumentsAndEnvironment() async throws {
        try await withTemporaryDirectory { dir in
            let plugin = try PluginFixture(in: dir, tokens: ["tok-1"], expiry: "2099-01-01T00:00:00Z")
            for apiVersion in ExecCredentialPlugin.supportedAPIVersions {
                let runner = ExecCredentialPlugin(config: plugin.config(apiVersion: apiVersion), userName: "me",
                                                  clusterInfo: ["server": "https://10.0.0.1:6443"])
                let credential = try await runner.run()
                #expect(credential.token == "tok-1")
                #expect(credential.expiration == ExecCredentialPlugin.parseTimestamp("2099-01-01T00:00:00Z"))
                let info = try JSONValue.parse(try plugin.recorded("exec-info.json"))
                #expect(info["apiVersion"]?.string == apiVersion)
                #expect(info["kind"] == "ExecCredential")
                #expect(info[path: ["spec", "interactive"]] == false)
                #expect(info[path: ["spec", "cluster", "server"]] == "https://10.0.0.1:6443")
                #expect(try plugin.recorded("args") == "--cluster prod")
                #expect(try plugin.recorded("env") == "eu")
                #expect(!String(describing: credential).contains("tok-1"))
            }
        }
    }

    @Test func credentialIsCachedUntilItExpires() async throws {
        try await withTemporaryDirectory { dir in
            let plugin = try PluginFixture(in: dir, tokens: ["a", "b", "c"], expiry: "2099-01-01T00:00:00Z")
            let provider = plugin.provider()
            // Concurrent first requests share one run.
            try await withThrowingTaskGroup(of: String?.self) { group in
                for _ in 0..<8 { group.addTask { try await provider.current().authorization } }
                for try await authorization in group { #expect(authorization == "Bearer a") }
            }
            for _ in 0..<3 { #expect(try await provider.current().authorization == "Bearer a") }
            #expect(plugin.runs == 1)
        }
    }

    @Test func expiredCredentialIsFetchedAgain() async throws {
        try await withTemporaryDirectory { dir in
            let plugin = try PluginFixture(in: dir, tokens: ["a", "b", "c"])
            let expiry = Date().addingTimeInterval(4)
            try write(PluginFixture.timestamp(expiry), to: "expiry", in: dir)
            let provider = plugin.provider()
            #expect(try await provider.current().authorization == "Bearer a")
            _ = try await provider.current()
            // Only meaningful if the machine was quick enough to ask twice before the expiry.
            if Date() < expiry { #expect(plugin.runs == 1) }
            let runs = plugin.runs
            try await Task.sleep(for: .milliseconds(Int64(max(expiry.timeIntervalSinceNow, 0) * 1000) + 50))
            _ = try await provider.current()
            #expect(plugin.runs == runs + 1)
            // An expiry already past: every request runs the plugin again.
            try write("2000-01-01T00:00:00Z", to: "expiry", in: dir)
            _ = try await provider.current()
            _ = try await provider.current()
            #expect(plugin.runs == runs + 3)
        }
    }

    @Test func refusedCredentialIsFetchedAgainOnce() async throws {
        try await withTemporaryDirectory { dir in
            let plugin = try PluginFixture(in: dir, tokens: ["old", "new"], expiry: "2099-01-01T00:00:00Z")
            let provider = plugin.provider()
            let first = try await provider.current()
            #expect(first.authorization == "Bearer old")
            #expect(provider.invalidate(first))
            let second = try await provider.current()
            #expect(second.authorization == "Bearer new")
            // A second 401 on the same stale credential does not run the plugin twice more.
            #expect(provider.invalidate(first))
            #expect(try await provider.current().authorization == "Bearer new")
            #expect(plugin.runs == 2)
            let fixed = CredentialProvider(credentials: .token("t"), environment: [:], execTimeout: .seconds(1), tokenFileRefresh: .seconds(1))
            #expect(!fixed.invalidate(try await fixed.current()))
        }
    }

    @Test func failureCarriesStandardError() async throws {
        try await withTemporaryDirectory { dir in
            let plugin = try PluginFixture(in: dir, tokens: ["a"])
            try write("", to: "fail", in: dir)
            let error = try await #require(throws: KubeError.self) { try await plugin.provider().current() }
            #expect(error.description.contains("failed with exit status 3"))
            #expect(error.description.contains("error: login required for region eu"))
            #expect(error.description.contains("user \"me\""))
            // A failure is not cached: once the plugin works, the next request succeeds.
            let provider = plugin.provider()
            _ = try? await provider.current()
            try FileManager.default.removeItem(at: dir.appendingPathComponent("fail"))
            #expect(try await provider.current().authorization == "Bearer a")
        }
    }

    @Test func missingCommandShowsInstallHint() async throws {
        try await withTemporaryDirectory { dir in
            let plugin = try PluginFixture(in: dir, tokens: ["a"])
            let error = try await #require(throws: KubeError.self) {
                try await plugin.provider(plugin.config(command: "ferry-no-such-plugin")).current()
            }
            #expect(error.description.contains("no ferry-no-such-plugin in PATH"))
            #expect(error.description.contains("Install it with: brew install plugin"))
            var interactive = plugin.config()
            interactive.interactiveMode = "Always"
            let interactiveError = try await #require(throws: KubeError.self) { try await plugin.provider(interactive).current() }
            #expect(interactiveError.description.contains("interactive"))
            let old = try await #require(throws: KubeError.self) {
                try await plugin.provider(plugin.config(apiVersion: "client.authentication.k8s.io/v1alpha1")).current()
            }
            #expect(old.description.contains("v1alpha1 is not supported"))
        }
    }

    @Test(.timeLimit(.minutes(5))) func hungPluginIsStoppedAndHelpersDoNotBlock() async throws {
        try await withTemporaryDirectory { dir in
            // The plugin and its helpers sleep 300 s and record their pids: the checks are on
            // what happened to them (killed and reaped), not on how long it took.
            let pids = dir.appendingPathComponent("pids").path
            let hung = try write("#!/bin/sh\necho $$ >> \(pids)\nsleep 300 &\necho $! >> \(pids)\nsleep 300\n",
                                 to: "hung.sh", in: dir, executable: true)
            let runner = ExecCredentialPlugin(config: Kubeconfig.ExecConfig(command: hung, apiVersion: "client.authentication.k8s.io/v1"),
                                              userName: "me", timeout: .seconds(1))
            let error = try await #require(throws: KubeError.self) { try await runner.run() }
            #expect(error.description.contains("did not finish within 1 s"), "\(error)")
            let recorded = ((try? String(contentsOfFile: pids, encoding: .utf8)) ?? "").split(separator: "\n").compactMap { pid_t($0) }
            defer { for pid in recorded { kill(pid, SIGKILL) } }
            let plugin = try #require(recorded.first, "the plugin recorded its pid")
            #expect(kill(plugin, 0) == -1 && errno == ESRCH, "the plugin was killed and reaped")

            // A plugin that answers and leaves a helper behind holding its output: the answer counts.
            let helperPIDs = dir.appendingPathComponent("helper-pids").path
            let helper = try write("""
                #!/bin/sh
                sleep 300 &
                echo $! >> \(helperPIDs)
                printf '{"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential","status":{"token":"t"}}'
                """, to: "helper.sh", in: dir, executable: true)
            let answering = ExecCredentialPlugin(config: Kubeconfig.ExecConfig(command: helper, apiVersion: "client.authentication.k8s.io/v1"),
                                                 userName: "me", timeout: .seconds(10))
            // Waiting for the helper's end of the output would run into the 10 s timeout and throw.
            let credential = try await answering.run()
            let helpers = ((try? String(contentsOfFile: helperPIDs, encoding: .utf8)) ?? "").split(separator: "\n").compactMap { pid_t($0) }
            defer { for pid in helpers { kill(pid, SIGKILL) } }
            #expect(credential.token == "t")
            let stillRunning = try #require(helpers.first, "the helper recorded its pid")
            #expect(kill(stillRunning, 0) == 0, "the helper still holds the output, and the answer was taken anyway")
        }
    }

    @Test func outputIsCheckedAsClientGoDoes() throws {
        let runner = ExecCredentialPlugin(config: Kubeconfig.ExecConfig(command: "p", apiVersion: "client.authentication.k8s.io/v1"),
                                          userName: "me")
        func output(_ status: String, apiVersion: String = "client.authentication.k8s.io/v1") -> [UInt8] {
            Array(#"{"apiVersion":"\#(apiVersion)","kind":"ExecCredential","status":\#(status)}"#.utf8)
        }
        let pair = try runner.parse(output(#"{"clientCertificateData":"CERT","clientKeyData":"KEY","expirationTimestamp":"2030-01-02T03:04:05.5Z"}"#))
        #expect(pair.clientCertificatePEM == Array("CERT".utf8) && pair.clientKeyPEM == Array("KEY".utf8) && pair.token == nil)
        #expect(pair.expiration == ExecCredentialPlugin.parseTimestamp("2030-01-02T03:04:05.5Z"))
        let cases: [([UInt8], String)] = [
            (output(#"{"token":"t"}"#, apiVersion: "client.authentication.k8s.io/v1beta1"), "returned apiVersion"),
            (output(#"{"clientCertificateData":"CERT"}"#), "only a client certificate or only a key"),
            (output("{}"), "neither a token nor a client certificate"),
            (output(#"{"token":"t","expirationTimestamp":"tomorrow"}"#), "not an RFC 3339 time"),
            (Array(#"{"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential"}"#.utf8), "without status"),
            (Array("token".utf8), "not an ExecCredential"),
        ]
        for (bytes, message) in cases {
            let error = try #require(throws: KubeError.self) { try runner.parse(bytes) }
            #expect(error.description.contains(message), "\(error)")
        }
    }
}

@Suite("Token files, TLS material, retries, rate limit")
struct CredentialMechanicsTests {
    @Test func tokenFileIsReadAgainWhenItChanges() async throws {
        try await withTemporaryDirectory { dir in
            let path = try write("first\n", to: "token", in: dir)
            let provider = CredentialProvider(credentials: .tokenFile(path: path, fallback: nil), environment: [:],
                                              execTimeout: .seconds(1), tokenFileRefresh: .seconds(60))
            let first = try await provider.current()
            #expect(first.authorization == "Bearer first")
            try write("second-token\n", to: "token", in: dir)
            let second = try await provider.current()
            #expect(second.authorization == "Bearer second-token")
            #expect(second.generation != first.generation)
            // While the file is unreadable, the last good token is kept, as client-go does.
            try FileManager.default.removeItem(atPath: path)
            #expect(try await provider.current().authorization == "Bearer second-token")

            let missing = dir.appendingPathComponent("nothing").path
            let fallback = CredentialProvider(credentials: .tokenFile(path: missing, fallback: "kubeconfig-token"), environment: [:],
                                              execTimeout: .seconds(1), tokenFileRefresh: .seconds(60))
            #expect(try await fallback.current().authorization == "Bearer kubeconfig-token")
            let none = CredentialProvider(credentials: .tokenFile(path: missing, fallback: nil), environment: [:],
                                          execTimeout: .seconds(1), tokenFileRefresh: .seconds(60))
            let error = try await #require(throws: KubeError.self) { try await none.current() }
            #expect(error.description.contains("cannot read token file \(missing)"))
        }
    }

    @Test func tlsAcceptsRSAAndECKeysAndSeveralCAs() async throws {
        try await withTemporaryDirectory { dir in
            func openssl(_ arguments: [String]) async throws {
                let result = try await offThePool { try FerryTesting.run("openssl", arguments, in: dir) }
                guard result.succeeded else { throw TestFailure("openssl \(arguments.joined(separator: " ")): \(result.errorOutput)") }
            }
            try await openssl(["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "rsa8.key", "-out", "rsa.crt", "-subj", "/CN=rsa", "-days", "1"])
            try await openssl(["rsa", "-in", "rsa8.key", "-out", "rsa1.key", "-traditional"])
            try await openssl(["ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", "ec.key"])
            try await openssl(["req", "-x509", "-key", "ec.key", "-out", "ec.crt", "-subj", "/CN=ec", "-days", "1"])
            try await openssl(["pkcs8", "-topk8", "-nocrypt", "-in", "ec.key", "-out", "ec8.key"])
            func bytes(_ name: String) throws -> [UInt8] { Array(try Data(contentsOf: dir.appendingPathComponent(name))) }
            let bundle = try bytes("rsa.crt") + bytes("ec.crt")
            for (certificate, key) in [("rsa.crt", "rsa8.key"), ("rsa.crt", "rsa1.key"), ("ec.crt", "ec.key"), ("ec.crt", "ec8.key")] {
                let settings = TLSSettings(certificateAuthorityPEM: bundle, clientCertificatePEM: try bytes(certificate),
                                           clientKeyPEM: try bytes(key))
                let tls = try TLSConfigurations(settings: settings, source: "test").base
                guard case .certificates(let roots) = tls.trustRoots else {
                    Issue.record("the CA bundle should be the only trust root")
                    continue
                }
                #expect(roots.count == 2)
                #expect(tls.certificateChain.count == 1)
                #expect(tls.privateKey != nil, "\(key)")
                #expect(tls.certificateVerification == .fullVerification)
            }
            let insecure = try TLSConfigurations(settings: TLSSettings(insecureSkipVerify: true), source: "test").base
            #expect(insecure.certificateVerification == .none)
            let garbage = TLSSettings(certificateAuthorityPEM: Array("hello".utf8), certificateAuthoritySource: "certificate-authority-data of cluster x")
            let error = try #require(throws: KubeError.self) { try TLSConfigurations(settings: garbage, source: "test") }
            #expect(error.description.contains("certificate-authority-data of cluster x"))
            let badKey = TLSSettings(clientCertificatePEM: try bytes("ec.crt"), clientKeyPEM: Array("nope".utf8))
            let keyError = try #require(throws: KubeError.self) { try TLSConfigurations(settings: badKey, source: "user u") }
            #expect(keyError.description.contains("client key of user u"))
        }
    }

    @Test func backoffGrowsIsCappedAndHonoursRetryAfter() {
        let policy = RetryPolicy(maxRetries: 5, initialBackoff: .milliseconds(100), maxBackoff: .milliseconds(500), jitter: 0)
        #expect(policy.delay(beforeRetry: 1) == .milliseconds(100))
        #expect(policy.delay(beforeRetry: 2) == .milliseconds(200))
        #expect(policy.delay(beforeRetry: 3) == .milliseconds(400))
        #expect(policy.delay(beforeRetry: 9) == .milliseconds(500))
        #expect(policy.delay(beforeRetry: 1, retryAfter: .seconds(3)) == .seconds(3))
        #expect(policy.delay(beforeRetry: 1, retryAfter: .seconds(600)) == .seconds(60))
        let jittered = RetryPolicy(initialBackoff: .seconds(1), jitter: 0.2)
        for _ in 0..<50 {
            let delay = jittered.delay(beforeRetry: 1)
            #expect(delay >= .milliseconds(800) && delay <= .milliseconds(1200))
        }
        #expect(RetryPolicy.parseRetryAfter("7") == .seconds(7))
        let now = Date(timeIntervalSince1970: 1_700_000_000)
        #expect(RetryPolicy.parseRetryAfter("Tue, 14 Nov 2023 22:13:30 GMT", now: now) == .seconds(10))
        #expect(RetryPolicy.parseRetryAfter("soon") == nil)
        #expect(policy.shouldRetry(status: 429, idempotent: false, hasRetryAfter: false))
        #expect(policy.shouldRetry(status: 503, idempotent: true, hasRetryAfter: false))
        #expect(!policy.shouldRetry(status: 503, idempotent: false, hasRetryAfter: false))
        #expect(policy.shouldRetry(status: 503, idempotent: false, hasRetryAfter: true))
        #expect(!policy.shouldRetry(status: 404, idempotent: true, hasRetryAfter: true))
        #expect(!policy.shouldRetry(status: 501, idempotent: true, hasRetryAfter: false))
    }

    @Test func tokenBucketAllowsBurstThenPaces() async throws {
        let bucket = TokenBucket(limit: RateLimit(qps: 20, burst: 3))
        let (waits, elapsed) = try await measure {
            var waits: [Duration] = []
            for _ in 0..<7 { waits.append(try await bucket.acquire()) }
            return waits
        }
        // The burst goes through at once; no single wait exceeds one token's worth.
        #expect(waits.prefix(3).allSatisfy { $0 == .zero }, "\(waits)")
        #expect(waits.allSatisfy { $0 <= .milliseconds(50) }, "\(waits)")
        // Seven requests with a burst of three at 20 per second: four tokens to earn, 200 ms at least.
        #expect(elapsed >= .milliseconds(195))
    }

    @Test func watchLinesAreSplitAcrossChunks() {
        var buffer = LineBuffer()
        buffer.append(Array(#"{"a":1}"#.utf8) + [0x0A] + Array(#"{"b""#.utf8))
        #expect(buffer.next().map { Array($0) } == Array(#"{"a":1}"#.utf8))
        #expect(buffer.next() == nil)
        buffer.append(Array(#":2}"#.utf8) + [0x0A, 0x0A] + Array("tail".utf8))
        #expect(buffer.next().map { Array($0) } == Array(#"{"b":2}"#.utf8))
        #expect(buffer.next().map { Array($0) } == [])
        #expect(buffer.next() == nil)
        #expect(buffer.remainder().map { Array($0) } == Array("tail".utf8))
        #expect(buffer.remainder() == nil)
    }

    @Test func statusBodiesAndProxiesAreRead() throws {
        let body = Array(#"""
            {"kind":"Status","apiVersion":"v1","status":"Failure","code":422,"reason":"Invalid",
             "message":"ConfigMap \"x\" is invalid","details":{"causes":[{"reason":"FieldValueInvalid","message":"must be short","field":"data.k"}],"retryAfterSeconds":2}}
            """#.utf8)
        let status = KubeStatus(httpStatus: 422, body: body)
        #expect(status.code == 422 && status.reason == "Invalid" && status.retryAfterSeconds == 2)
        #expect(status.causes == [KubeStatus.Cause(reason: "FieldValueInvalid", message: "must be short", field: "data.k")])
        #expect(status.fullMessage == "ConfigMap \"x\" is invalid; data.k: must be short")
        let html = KubeStatus(httpStatus: 502, body: Array("<html>\nbad gateway</html>".utf8))
        #expect(html.reason == "HTTP 502" && html.message == "<html> bad gateway</html>")

        #expect(ProxySettings.exempts("example.com, .corp.local,10.0.0.1", host: "api.example.com", port: 443))
        #expect(ProxySettings.exempts("corp.local", host: "k8s.corp.local", port: 6443))
        #expect(ProxySettings.exempts("10.0.0.1:6443", host: "10.0.0.1", port: 6443))
        #expect(!ProxySettings.exempts("10.0.0.1:443", host: "10.0.0.1", port: 6443))
        #expect(!ProxySettings.exempts("example.com", host: "notexample.com", port: 443))
        #expect(ProxySettings.exempts("*", host: "anything", port: 1))
        let remote = try ServerEndpoint(ClusterConfig(server: "https://k8s.example.com:6443", source: "test"))
        let local = try ServerEndpoint(ClusterConfig(server: "https://127.0.0.1:6443", source: "test"))
        let environment = ["HTTPS_PROXY": "proxy.corp:3128", "NO_PROXY": "internal"]
        #expect(try ProxySettings.proxy(for: remote, configured: nil, environment: environment) == .server(host: "proxy.corp", port: 3128))
        #expect(try ProxySettings.proxy(for: local, configured: nil, environment: environment) == nil)
        #expect(try ProxySettings.proxy(for: local, configured: "socks5://127.0.0.1:1080", environment: [:]) == .socksServer(host: "127.0.0.1", port: 1080))
        #expect(throws: KubeError.self) { try ProxySettings.proxy(for: remote, configured: "ftp://x", environment: [:]) }

        let named = try ServerEndpoint(ClusterConfig(server: "https://10.1.2.3:6443/prefix/", source: "test",
                                                     tls: TLSSettings(serverName: "api.internal")))
        #expect(named.baseURL == "https://api.internal:6443/prefix")
        #expect(named.dnsOverride == ["api.internal": "10.1.2.3"])
        #expect(named.hostHeader == "10.1.2.3:6443")
        #expect(named.url(path: "/api/v1/pods", query: [("labelSelector", "app in (a,b),tier!=db")])
                    == "https://api.internal:6443/prefix/api/v1/pods?labelSelector=app%20in%20%28a%2Cb%29%2Ctier%21%3Ddb")
    }
}
