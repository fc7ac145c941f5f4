import FerryKube
@testable import FerryKubeClient
import FerryYAML
import Foundation
import Testing

/// Against Ferry's local cluster, started with the built `ferry` binary and reached through
/// the kubeconfig it writes: the code path of every real cluster.
@Suite("Against the local cluster")
struct ClusterTests {
    @Test func discoveryMapsKindsToResourcesAndScope() async throws {
        try await LocalCluster.with { cluster in
            try await withClient(try cluster.config()) { client in
                let deployments = try await client.resource(for: GroupVersionKind(apiVersion: "apps/v1", kind: "Deployment"))
                #expect(deployments.qualifiedName == "deployments.apps")
                #expect(deployments.namespaced)
                #expect(deployments.supports("patch") && deployments.supports("watch"))
                #expect(deployments.objectPath(namespace: "spark", name: "web") == "/apis/apps/v1/namespaces/spark/deployments/web")
                let namespaces = try await client.resource(for: GroupVersionKind(apiVersion: "v1", kind: "Namespace"))
                #expect(namespaces.name == "namespaces")
                #expect(!namespaces.namespaced)
                #expect(namespaces.objectPath(namespace: "ignored", name: "spark") == "/api/v1/namespaces/spark")
                // Cached for the run: asking again sends nothing.
                let before = client.metrics.count(.discovery)
                _ = try await client.resource(for: GroupVersionKind(apiVersion: "apps/v1", kind: "ReplicaSet"))
                _ = try await client.resource(for: GroupVersionKind(apiVersion: "v1", kind: "ConfigMap"))
                #expect(client.metrics.count(.discovery) == before)

                let all = try await client.serverResources()
                #expect(all.contains { $0.qualifiedName == "deployments.apps" })
                #expect(all.contains { $0.qualifiedName == "configmaps" })
                #expect(!all.contains { $0.name.contains("/") })
                let version = try await client.serverVersion()
                #expect(version.major == "1" && version.gitVersion.hasPrefix("v1."))
            }
        }
    }

    @Test func unknownKindNamesTheFileAndWhatToDo() async throws {
        try await LocalCluster.with { cluster in
            try await withClient(try cluster.config()) { client in
                let widget = try YAML.parse("apiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: w\n")[0].root
                let manifest = Manifest(
                    identity: ObjectIdentity(apiVersion: "example.com/v1", kind: "Widget", namespace: "default", name: "w"),
                    body: widget, source: SourceLocation(file: "manifests/widget.yaml", line: 1, column: 1))
                let error = try await #require(throws: KubeError.self) {
                    try await client.apply(manifest, fieldManager: "ferry")
                }
                let server = try cluster.server()
                #expect(error.description == "manifests/widget.yaml:1:1: Widget/default/w: Kind Widget (example.com/v1) is not served by the cluster at \(server): install its CRD first, or check apiVersion and kind")
                let oldVersion = try await #require(throws: KubeError.self) {
                    try await client.resource(for: GroupVersionKind(apiVersion: "apps/v1beta1", kind: "Deployment"))
                }
                #expect(oldVersion.description.contains("apps is served as v1; change apiVersion"))
                #expect(client.metrics.writes == 0)
            }
        }
    }

    @Test func applyCreatesThenUpdates() async throws {
        try await LocalCluster.with { cluster in
            try await withClient(try cluster.config()) { client in
                let created = try await client.apply(configMap("settings", data: ["a": "1"]), fieldManager: "ferry")
                #expect(created.statusCode == 201 && created.created)
                #expect(created.object[path: ["data", "a"]] == "1")
                let updated = try await client.apply(configMap("settings", data: ["a": "2"]), fieldManager: "ferry")
                #expect(updated.statusCode == 200 && !updated.created)
                #expect(updated.object[path: ["data", "a"]] == "2")
                let dryRun = try await client.apply(configMap("settings", data: ["a": "3"]), fieldManager: "ferry", dryRun: true)
                #expect(dryRun.object[path: ["data", "a"]] == "3")
                let stored = try await client.get(configMapID("settings"))
                #expect(stored[path: ["data", "a"]] == "2")
                #expect(stored[path: ["metadata", "managedFields"]]?.array?.first?["manager"] == "ferry")
                #expect(client.metrics.writes == 2)
                #expect(client.metrics.dryRunWrites == 1)
                #expect(client.metrics.snapshot.byMethod["PATCH"] == 3)

                // Another manager's field conflicts unless forced.
                let conflict = try await #require(throws: KubeError.self) {
                    try await client.apply(configMap("settings", data: ["a": "4"]), fieldManager: "someone-else")
                }
                #expect(conflict.isConflict)
                #expect(conflict.description.hasPrefix("ConfigMap/default/settings: "))
                let forced = try await client.apply(configMap("settings", data: ["a": "4"]), fieldManager: "someone-else", force: true)
                #expect(forced.object[path: ["data", "a"]] == "4")
            }
        }
    }

    @Test func getPatchCreateReplaceDelete() async throws {
        try await LocalCluster.with { cluster in
            try await withClient(try cluster.config()) { client in
                let missing = try await #require(throws: KubeError.self) { try await client.get(configMapID("nope", namespace: nil)) }
                #expect(missing.isNotFound)
                #expect(missing.description.hasPrefix("ConfigMap/default/nope: "))
                #expect(try await client.getIfPresent(configMapID("nope")) == nil)

                let created = try await client.create(configMap("plain", data: ["k": "v"]))
                #expect(created.created)
                let again = try await #require(throws: KubeError.self) { try await client.create(configMap("plain")) }
                #expect(again.isAlreadyExists)

                let merged = try await client.patch(configMapID("plain"), ["data": ["k": "merged"]])
                #expect(merged[path: ["data", "k"]] == "merged")
                let jsonPatched = try await client.patch(configMapID("plain"), [["op": "add", "path": "/data/j", "value": "json"]], type: .json)
                #expect(jsonPatched[path: ["data", "j"]] == "json")
                let strategic = try await client.patch(configMapID("plain"), ["metadata": ["labels": ["s": "yes"]]], type: .strategicMerge)
                #expect(strategic[path: ["metadata", "labels", "s"]] == "yes")

                var replacement = strategic
                replacement["data"] = ["only": "this"]
                let replaced = try await client.replace(replacement)
                #expect(replaced["data"] == ["only": "this"])
                // The resourceVersion read before the replace is stale now.
                let stale = try await #require(throws: KubeError.self) { try await client.replace(replacement) }
                #expect(stale.isConflict)

                let generated = try await client.create(["apiVersion": "v1", "kind": "ConfigMap", "metadata": ["generateName": "gen-"]])
                #expect(generated.object[path: ["metadata", "name"]]?.string?.hasPrefix("gen-") == true)

                try await client.delete(configMapID("plain"), dryRun: true)
                #expect(try await client.getIfPresent(configMapID("plain")) != nil)
                try await client.delete(configMapID("plain"), propagationPolicy: .foreground)
                #expect(try await client.getIfPresent(configMapID("plain")) == nil)
                let gone = try await #require(throws: KubeError.self) { try await client.delete(configMapID("plain")) }
                #expect(gone.isNotFound)

                let namespace: JSONValue = ["apiVersion": "v1", "kind": "Namespace", "metadata": ["name": "team-a"]]
                #expect(try await client.apply(namespace, fieldManager: "ferry").created)
                // A cluster-scoped object ignores any namespace it is given.
                let fetched = try await client.get(ObjectIdentity(apiVersion: "v1", kind: "Namespace", namespace: "default", name: "team-a"))
                #expect(fetched[path: ["metadata", "name"]] == "team-a")
            }
        }
    }

    @Test func listFiltersByLabelAndNamespaceAcrossPages() async throws {
        try await LocalCluster.with { cluster in
            try await withClient(try cluster.config()) { client in
                _ = try await client.apply(["apiVersion": "v1", "kind": "Namespace", "metadata": ["name": "other"]], fieldManager: "t")
                for (name, app) in [("a1", "a"), ("a2", "a"), ("b1", "b")] {
                    _ = try await client.apply(configMap(name, labels: ["app": app]), fieldManager: "t")
                }
                _ = try await client.apply(configMap("a3", namespace: "other", labels: ["app": "a"]), fieldManager: "t")
                let reads = client.metrics.reads
                let inDefault = try await client.list(configMapKind, namespace: "default", labelSelector: "app=a")
                #expect(Set(inDefault.items.compactMap { $0[path: ["metadata", "name"]]?.string }) == ["a1", "a2"])
                #expect(inDefault.items.allSatisfy { $0["kind"] == "ConfigMap" && $0["apiVersion"] == "v1" })
                #expect(!inDefault.resourceVersion.isEmpty)
                let everywhere = try await client.list(configMapKind, labelSelector: "app in (a,b)", pageSize: 1)
                #expect(Set(everywhere.items.compactMap { $0[path: ["metadata", "name"]]?.string }) == ["a1", "a2", "a3", "b1"])
                #expect(client.metrics.reads - reads >= 5)
                let byField = try await client.list(configMapKind, namespace: "default", fieldSelector: "metadata.name=b1")
                #expect(byField.items.count == 1)
                let namespaces = try await client.list(GroupVersionKind(apiVersion: "v1", kind: "Namespace"), namespace: "ignored")
                #expect(namespaces.items.contains { $0[path: ["metadata", "name"]] == "other" })
                #expect(client.metrics.snapshot.byMethod["GET"] == client.metrics.reads)
            }
        }
    }

    @Test func listOmittingManagedFieldsDropsThemOnEveryPage() async throws {
        try await LocalCluster.with { cluster in
            try await withClient(try cluster.config()) { client in
                for name in ["m1", "m2", "m3"] {
                    _ = try await client.apply(configMap(name, labels: ["app": "m"], data: ["k": name]), fieldManager: "t")
                }
                let full = try await client.list(configMapKind, namespace: "default", labelSelector: "app=m", pageSize: 1)
                #expect(full.items.count == 3)
                #expect(full.items.allSatisfy { $0[path: ["metadata", "managedFields"]]?.array?.isEmpty == false })
                let trimmed = try await client.list(configMapKind, namespace: "default", labelSelector: "app=m", pageSize: 1,
                                                    omittingManagedFields: true)
                #expect(trimmed.items.count == 3)
                #expect(trimmed.items.allSatisfy { $0[path: ["metadata", "managedFields"]] == nil })
                // Everything else is as listed.
                for (before, after) in zip(full.items, trimmed.items) {
                    var expected = before
                    expected[path: ["metadata", "managedFields"]] = nil
                    #expect(after == expected)
                }
            }
        }
    }

    @Test(.timeLimit(.minutes(5))) func watchSeesAChange() async throws {
        try await LocalCluster.with { cluster in
            try await withClient(try cluster.config()) { client in
                _ = try await client.apply(configMap("watched", labels: ["w": "yes"], data: ["v": "1"]), fieldManager: "t")
                let listed = try await client.list(configMapKind, namespace: "default", labelSelector: "w=yes")
                let events = try await client.watch(configMapKind, namespace: "default", options: WatchOptions(
                    labelSelector: "w=yes", resourceVersion: listed.resourceVersion, timeoutSeconds: 30))
                _ = try await client.apply(configMap("watched", labels: ["w": "yes"], data: ["v": "2"]), fieldManager: "t")
                _ = try await client.apply(configMap("unwatched", data: ["v": "2"]), fieldManager: "t")
                var seen: WatchEvent?
                for try await event in events where event.type != .bookmark {
                    seen = event
                    break
                }
                #expect(seen?.type == .modified)
                #expect(seen?.object[path: ["metadata", "name"]] == "watched")
                #expect(seen?.object[path: ["data", "v"]] == "2")
                #expect(seen?.resourceVersion != nil)

                // The server ends a watch at timeoutSeconds; the stream then finishes.
                let short = try await client.watch(configMapKind, namespace: "default",
                                                   options: WatchOptions(fieldSelector: "metadata.name=none", timeoutSeconds: 1))
                let count = try await short.reduce(0) { count, _ in count + 1 }
                #expect(count == 0)
                #expect(client.metrics.count(.watch) == 2)
            }
        }
    }

    @Test func listAndWatchListsThenStreams() async throws {
        try await LocalCluster.with { cluster in
            try await withClient(try cluster.config()) { client in
                _ = try await client.apply(configMap("before"), fieldManager: "t")
                let updates = try await client.listAndWatch(configMapKind, namespace: "default")
                var iterator = updates.makeAsyncIterator()
                guard case .list(let initial) = try await iterator.next() else {
                    Issue.record("the first update must be the list")
                    return
                }
                #expect(initial.items.contains { $0[path: ["metadata", "name"]] == "before" })
                _ = try await client.apply(configMap("after"), fieldManager: "t")
                while let update = try await iterator.next() {
                    if case .event(let event) = update, event.object[path: ["metadata", "name"]] == "after" {
                        #expect(event.type == .added)
                        break
                    }
                }
            }
        }
    }

    @Test func watchFromAVersionTooOldIsExpired() async throws {
        try await LocalCluster.with { cluster in
            try await withClient(try cluster.config()) { client in
                for index in 0..<5 { _ = try await client.apply(configMap("c\(index)"), fieldManager: "t") }
                do {
                    let events = try await client.watch(configMapKind, options: WatchOptions(resourceVersion: "1", timeoutSeconds: 2))
                    for try await _ in events {}
                    // This server still has that history: nothing to check.
                } catch let error as KubeError {
                    #expect(error.isExpired, "\(error)")
                }
            }
        }
    }

    @Test func wrongTokenIsUnauthorized() async throws {
        try await LocalCluster.with { cluster in
            var config = try cluster.config()
            config.credentials = .token("not-the-token")
            try await withClient(config) { client in
                let error = try await #require(throws: KubeError.self) { try await client.list(configMapKind) }
                #expect(error.isUnauthorized)
                #expect(!error.isUnreachable)
                #expect(error.statusCode == 401)
                #expect(error.description.contains("rejected the credentials (401 Unauthorized)"))
                #expect(!error.description.contains("not-the-token"))
                #expect(client.metrics.retries == 0)
            }
        }
    }

    @Test(.timeLimit(.minutes(5))) func unusedPortIsUnreachableAfterBoundedRetries() async throws {
        let port = try unusedPort()
        let config = ClusterConfig(server: "https://127.0.0.1:\(port)", source: "test",
                                   tls: TLSSettings(insecureSkipVerify: true), credentials: .token("t"))
        // The default policy: bounded retries, a few seconds at most.
        var options = KubeClientOptions()
        options.logger = quietLogger
        try await withClient(config, options: options) { client in
            let error = try await #require(throws: KubeError.self) { try await client.serverVersion() }
            #expect(error.isUnreachable, "\(error)")
            #expect(!error.isUnauthorized)
            #expect(error.description.contains("connection refused"), "\(error)")
            #expect(error.description.contains("(5 attempts)"), "\(error)")
            #expect(client.metrics.retries == RetryPolicy.default.maxRetries)
        }
    }

    @Test(.timeLimit(.minutes(5))) func silentServerTimesOut() async throws {
        let listener = try ListeningSocket(listen: true)
        defer { listener.close() }
        let config = ClusterConfig(server: "http://127.0.0.1:\(listener.port)", source: "test")
        try await withClient(config, options: testOptions(retries: 3, timeout: .milliseconds(400))) { client in
            let error = try await #require(throws: KubeError.self) { try await client.serverVersion() }
            #expect(error.isUnreachable, "\(error)")
            #expect(error.description.contains("no answer within 400 ms"), "\(error)")
            // A timeout is not retried: that would only multiply the wait.
            #expect(client.metrics.retries == 0)
        }
    }

    @Test func certificateFromAnotherCAIsATLSError() async throws {
        try await LocalCluster.with { cluster in
            try await LocalCluster.with { other in
                var config = try cluster.config()
                config.tls.certificateAuthorityPEM = try other.caPEM()
                config.tls.certificateAuthoritySource = "certificate-authority-data of the other cluster"
                try await withClient(config) { client in
                    let error = try await #require(throws: KubeError.self) { try await client.serverVersion() }
                    #expect(error.isUnreachable, "\(error)")
                    #expect(error.description.contains("TLS handshake failed: the server's certificate is not signed by certificate-authority-data of the other cluster"), "\(error)")
                    #expect(client.metrics.retries == 0)
                }
            }
        }
    }

    @Test func tlsServerNameAndInsecureSkip() async throws {
        // Listening on every address, the cluster is reachable at 127.0.0.2, which its
        // certificate does not name (it names localhost, 127.0.0.1 and ::1).
        try await LocalCluster.with(address: "0.0.0.0") { cluster in
            var byOtherAddress = try cluster.config()
            byOtherAddress.server = "https://127.0.0.2:\(try cluster.port())"
            try await withClient(byOtherAddress) { client in
                let error = try await #require(throws: KubeError.self) { try await client.serverVersion() }
                #expect(error.isUnreachable, "\(error)")
                #expect(error.description.contains("not valid for 127.0.0.2; set tls-server-name"), "\(error)")
                #expect(client.metrics.retries == 0)
            }
            // Connect to 127.0.0.2, but ask for and verify the name localhost.
            var named = byOtherAddress
            named.tls.serverName = "localhost"
            try await withClient(named) { client in
                let version = try await client.serverVersion()
                #expect(version.major == "1")
            }
            var wrongName = byOtherAddress
            wrongName.tls.serverName = "kubernetes.invalid"
            try await withClient(wrongName) { client in
                let error = try await #require(throws: KubeError.self) { try await client.serverVersion() }
                #expect(error.isUnreachable, "\(error)")
                #expect(error.description.contains("not valid for kubernetes.invalid"), "\(error)")
            }
            var insecure = byOtherAddress
            insecure.tls = TLSSettings(insecureSkipVerify: true)
            try await withClient(insecure) { client in
                let version = try await client.serverVersion()
                #expect(version.major == "1")
            }
            var systemRoots = try cluster.config()
            systemRoots.tls = TLSSettings()
            try await withClient(systemRoots) { client in
                let error = try await #require(throws: KubeError.self) { try await client.serverVersion() }
                #expect(error.isUnreachable && error.description.contains("system's CA certificates"), "\(error)")
            }
        }
    }

    @Test func kubeconfigWithSeveralFilesAndContexts() async throws {
        try await LocalCluster.with { cluster in
            try await withTemporaryDirectory { dir in
                // A file before the cluster's own, defining a context that uses the cluster's entries
                // and a namespace, and making it current.
                let mine = try write("""
                    contexts:
                    - name: mine
                      context: {cluster: ferry-local, user: ferry-local, namespace: team-x}
                    current-context: mine
                    """, to: "mine", in: dir)
                let loader = KubeconfigLoader(environment: ["KUBECONFIG": "\(mine):\(cluster.kubeconfigPath)"])
                let config = try loader.clusterConfig()
                #expect(config.contextName == "mine" && config.namespace == "team-x")
                try await withClient(config) { client in
                    _ = try await client.apply(["apiVersion": "v1", "kind": "Namespace", "metadata": ["name": "team-x"]], fieldManager: "t")
                    // No namespace given: the context's.
                    let result = try await client.apply(["apiVersion": "v1", "kind": "ConfigMap", "metadata": ["name": "here"]],
                                                        fieldManager: "t")
                    #expect(result.object[path: ["metadata", "namespace"]] == "team-x")
                    #expect(try await client.getIfPresent(configMapID("here", namespace: nil)) != nil)
                }
                let own = try loader.clusterConfig(context: "ferry-local")
                #expect(own.namespace == "default")
            }
        }
    }

    @Test func tokenFileIsReadAgainAfterA401() async throws {
        try await LocalCluster.with { cluster in
            try await withTemporaryDirectory { dir in
                try write("stale-token\n", to: "token", in: dir)
                let path = try write(kubeconfig(server: try cluster.server(), caPEM: try cluster.caPEM(),
                                                user: "    tokenFile: token"), to: "kubeconfig", in: dir)
                let config = try KubeconfigLoader(explicitPath: path).clusterConfig()
                try await withClient(config) { client in
                    // A list, not /version: that one answers anonymous clients, as on kube-apiserver.
                    let error = try await #require(throws: KubeError.self) { try await client.list(configMapKind) }
                    #expect(error.isUnauthorized)
                    // The kubelet rotates the file; the next request reads it.
                    try write(try cluster.token(), to: "token", in: dir)
                    _ = try await client.list(configMapKind)
                }
            }
        }
    }

    @Test("with no kubeconfig, a pod's service account is used, and its token re-read when the kubelet rotates it")
    func inClusterServiceAccount() async throws {
        try await LocalCluster.with { cluster in
            try await withTemporaryDirectory { dir in
                let account = dir.appendingPathComponent("serviceaccount")
                try write(try cluster.token(), to: "token", in: account)
                try write(String(decoding: try cluster.caPEM(), as: UTF8.self), to: "ca.crt", in: account)
                try write("ferry-pod\n", to: "namespace", in: account)
                let server = try #require(URLComponents(string: try cluster.server()))
                let environment = [
                    "KUBERNETES_SERVICE_HOST": try #require(server.host),
                    "KUBERNETES_SERVICE_PORT": String(try #require(server.port)),
                    "HOME": dir.appendingPathComponent("home").path,  // no ~/.kube/config
                ]
                let loader = KubeconfigLoader(environment: environment, serviceAccountDirectory: account.path)
                #expect(!loader.hasKubeconfig)
                #expect(loader.isConfigured)
                let config = try loader.clusterConfig()
                #expect(config.source == "the in-cluster service account (\(account.path))")
                #expect(config.namespace == "ferry-pod")
                try await withClient(config) { client in
                    _ = try await client.list(configMapKind)
                    // A token the server does not know, of another length: a changed file is read again.
                    try write("revoked-\(try cluster.token())", to: "token", in: account)
                    let error = try await #require(throws: KubeError.self) { try await client.list(configMapKind) }
                    #expect(error.isUnauthorized)
                    try write(try cluster.token(), to: "token", in: account)
                    _ = try await client.list(configMapKind)
                }

                // A context names a kubeconfig's entry: never silently the pod's own cluster.
                let error = try #require(throws: KubeError.self) { try loader.clusterConfig(context: "production") }
                #expect(error.description.contains("the pod's service account is used only when no context is asked for"))
                // Outside a pod there is nothing to use.
                var outside = loader
                outside.environment["KUBERNETES_SERVICE_HOST"] = nil
                #expect(!outside.isConfigured)
            }
        }
    }

    @Test func execPluginThroughKubeconfig() async throws {
        try await LocalCluster.with { cluster in
            try await withTemporaryDirectory { dir in
                // The first run hands out a stale token: the 401 makes the client run the plugin once more.
                let plugin = try PluginFixture(in: dir.appendingPathComponent("bin"), tokens: ["expired", try cluster.token()],
                                               expiry: "2099-01-01T00:00:00Z")
                let path = try write(kubeconfig(server: try cluster.server(), caPEM: try cluster.caPEM(), user: """
                        exec:
                          apiVersion: client.authentication.k8s.io/v1beta1
                          command: ./bin/plugin.sh
                          env: [{name: PLUGIN_REGION, value: local}]
                          provideClusterInfo: true
                    """), to: "kubeconfig", in: dir)
                let config = try KubeconfigLoader(explicitPath: path).clusterConfig()
                try await withClient(config) { client in
                    // A list, not /version: that one answers anonymous clients, as on kube-apiserver.
                    _ = try await client.list(configMapKind)
                    #expect(plugin.runs == 2)
                    #expect(try await client.serverVersion().major == "1")
                    for _ in 0..<5 { _ = try await client.list(configMapKind) }
                    #expect(plugin.runs == 2)
                    let info = try JSONValue.parse(try plugin.recorded("exec-info.json"))
                    #expect(info[path: ["spec", "cluster", "server"]]?.string == (try cluster.server()))
                    #expect(info["apiVersion"] == "client.authentication.k8s.io/v1beta1")
                }
                try write("", to: "bin/fail", in: dir)
                try await withClient(config) { client in
                    let error = try await #require(throws: KubeError.self) { try await client.serverVersion() }
                    guard case .credentials(let message) = error else {
                        Issue.record("expected a credentials error, got \(error)")
                        return
                    }
                    #expect(message.contains("login required for region local"))
                }
            }
        }
    }

    @Test func rateLimitPacesRequests() async throws {
        try await LocalCluster.with { cluster in
            var options = testOptions()
            options.rateLimit = RateLimit(qps: 10, burst: 1)
            try await withClient(try cluster.config(), options: options) { client in
                // One request on the burst, then one every 100 ms.
                let (_, elapsed) = try await measure {
                    for _ in 0..<5 { _ = try await client.serverVersion() }
                }
                // Four tokens to earn at 10 per second, however fast the answers come.
                #expect(elapsed >= .milliseconds(390))
            }
        }
    }

    @Test func shutdownIsFinal() async throws {
        try await LocalCluster.with { cluster in
            let client = try KubeClient(config: try cluster.config(), options: testOptions())
            _ = try await client.serverVersion()
            try await client.shutdown()
            try await client.shutdown()
            let error = try await #require(throws: KubeError.self) { try await client.serverVersion() }
            #expect(error.description.contains("shut down"))
        }
    }
}
