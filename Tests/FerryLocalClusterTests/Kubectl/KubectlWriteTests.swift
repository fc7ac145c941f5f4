import FerryKube
import FerryLocalCluster
import Testing

/// The real kubectl 1.32 changing the cluster: create, both kinds of apply (with
/// kubectl's default validation, i.e. no --validate=false), diff, set image,
/// rollouts, scale, delete.
@Suite("kubectl writes", kubectlInstalled)
struct KubectlWriteTests {
    @Test("kubectl create -f creates every object of a file")
    func create() async throws {
        let cluster = try await ServedCluster.start()
        let result = try await cluster.kubectlSucceeds(
            "create", "-f", "-", input: Manifests.namespace("made") + "---\n" + Manifests.app(namespace: "made"))
        #expect(result.output.contains("namespace/made created"))
        #expect(result.output.contains("configmap/web-config created"))
        #expect(result.output.contains("deployment.apps/web created"))
        #expect(result.output.contains("service/web created"))
        let again = try await cluster.kubectl("create", "-f", "-", input: Manifests.app(namespace: "made"))
        #expect(again.status == 1)
        #expect(again.errorOutput.contains("Error from server (AlreadyExists)"))
        #expect(again.errorOutput.contains("deployments.apps \"web\" already exists"))
        let missingNamespace = try await cluster.kubectl("create", "-f", "-", input: Manifests.app(namespace: "nope"))
        #expect(missingNamespace.status == 1)
        #expect(missingNamespace.errorOutput.contains("namespaces \"nope\" not found"))
        await cluster.stop()
    }

    @Test("kubectl create namespace|deployment|configmap|secret|service|serviceaccount (protobuf bodies)")
    func createGenerators() async throws {
        let cluster = try await ServedCluster.start()
        #expect(try await cluster.kubectlSucceeds("create", "namespace", "gen").output == "namespace/gen created\n")
        let deployment = try await cluster.kubectlSucceeds(
            "create", "deployment", "web", "--image=nginx:1.25", "--replicas=2", "--port=80", "-n", "gen")
        #expect(deployment.output == "deployment.apps/web created\n")
        try await cluster.kubectlSucceeds("create", "configmap", "settings", "--from-literal=mode=fast", "-n", "gen")
        try await cluster.kubectlSucceeds("create", "secret", "generic", "token", "--from-literal=value=s3cret", "-n", "gen")
        try await cluster.kubectlSucceeds("create", "service", "clusterip", "web", "--tcp=80:8080", "-n", "gen")
        try await cluster.kubectlSucceeds("create", "serviceaccount", "robot", "-n", "gen")
        try await cluster.kubectlSucceeds("rollout", "status", "deployment/web", "-n", "gen", "--timeout=60s")

        let objects = try await cluster.kubectlSucceeds("get", "deploy,svc,cm,secret,sa", "-n", "gen", "-o", "json")
        let items = objects.json["items"]?.array ?? []
        let web = try #require(items.first { $0["kind"] == "Deployment" })
        #expect(web[path: ["spec", "replicas"]] == 2)
        #expect(web[path: ["spec", "template", "spec", "containers"]]?.array?.first?["image"] == "nginx:1.25")
        #expect(web[path: ["status", "readyReplicas"]] == 2)
        let service = try #require(items.first { $0["kind"] == "Service" })
        #expect(service[path: ["spec", "ports"]]?.array?.first?["targetPort"] == 8080)
        let secret = try #require(items.first { $0["kind"] == "Secret" && $0[path: ["metadata", "name"]] == "token" })
        #expect(secret[path: ["data", "value"]] == "czNjcmV0")
        #expect(items.contains { $0["kind"] == "ConfigMap" && $0[path: ["data", "mode"]] == "fast" })
        #expect(items.contains { $0["kind"] == "ServiceAccount" && $0[path: ["metadata", "name"]] == "robot" })
        await cluster.stop()
    }

    @Test("kubectl apply --server-side upserts, and re-applies a change")
    func serverSideApply() async throws {
        let cluster = try await ServedCluster.start()
        let first = try await cluster.kubectlSucceeds(
            "apply", "--server-side", "-f", "-", input: Manifests.namespace("ssa") + "---\n" + Manifests.app(namespace: "ssa"))
        #expect(first.output.contains("namespace/ssa serverside-applied"))
        #expect(first.output.contains("deployment.apps/web serverside-applied"))
        try await cluster.kubectlSucceeds(
            "apply", "--server-side", "-f", "-", input: Manifests.app(namespace: "ssa", replicas: 3, image: "nginx:1.26"))
        try await cluster.kubectlSucceeds("rollout", "status", "deployment/web", "-n", "ssa", "--timeout=60s")
        let deployment = try await cluster.kubectlSucceeds("get", "deploy", "web", "-n", "ssa", "-o", "wide")
        #expect(deployment.row("web")?[1] == "3/3")
        #expect(deployment.row("web")?[6] == "nginx:1.26")
        await cluster.stop()
    }

    @Test("client-side kubectl apply creates, configures, and leaves unchanged objects alone")
    func clientSideApply() async throws {
        let cluster = try await ServedCluster.start()
        try await cluster.kubectlSucceeds("apply", "-f", "-", input: Manifests.namespace("csa"))
        let created = try await cluster.kubectlSucceeds("apply", "-f", "-", input: Manifests.app(namespace: "csa"))
        #expect(created.output.contains("deployment.apps/web created"))
        let unchanged = try await cluster.kubectlSucceeds("apply", "-f", "-", input: Manifests.app(namespace: "csa"))
        #expect(unchanged.output.contains("deployment.apps/web unchanged"))
        let configured = try await cluster.kubectlSucceeds("apply", "-f", "-", input: Manifests.app(namespace: "csa", replicas: 1))
        #expect(configured.output.contains("deployment.apps/web configured"))
        #expect(configured.output.contains("configmap/web-config unchanged"))
        let deployment = try await cluster.kubectlSucceeds("get", "deploy", "web", "-n", "csa", "-o", "json")
        #expect(deployment.json[path: ["spec", "replicas"]] == 1)
        await cluster.stop()
    }

    @Test("kubectl diff shows a change without making it, and nothing when there is none")
    func diff() async throws {
        let cluster = try await ServedCluster.start()
        try await cluster.kubectlSucceeds("apply", "-f", "-", input: Manifests.namespace("diffs"))
        try await cluster.kubectlSucceeds("apply", "-f", "-", input: Manifests.app(namespace: "diffs"))
        let same = try await cluster.kubectl("diff", "-f", "-", input: Manifests.app(namespace: "diffs"))
        #expect(same.status == 0, "\(same.errorOutput)\(same.output)")
        let changed = try await cluster.kubectl("diff", "-f", "-", input: Manifests.app(namespace: "diffs", image: "nginx:1.27"))
        #expect(changed.status == 1, "\(changed.errorOutput)")
        let lines = changed.output.split(separator: "\n")
        #expect(lines.contains { $0.hasPrefix("-") && $0.hasSuffix("image: nginx:1.25") }, "\(changed.output)")
        #expect(lines.contains { $0.hasPrefix("+") && $0.hasSuffix("image: nginx:1.27") }, "\(changed.output)")
        let live = try await cluster.kubectlSucceeds("get", "deploy", "web", "-n", "diffs", "-o", "json")
        #expect(live.json[path: ["spec", "template", "spec", "containers"]]?.array?.first?["image"] == "nginx:1.25")
        // The dry-run create of a new object leaves no trace either.
        let newObject = try await cluster.kubectl("diff", "-f", "-", input: Manifests.app(namespace: "diffs").replacingOccurrences(of: "name: web-config", with: "name: extra"))
        #expect(newObject.status == 1)
        #expect(cluster.store.get(StoreKey(ResourceCatalog.configMaps, namespace: "diffs", name: "extra")) == nil)
        await cluster.stop()
    }

    @Test("kubectl set image, rollout status, history and undo")
    func rollout() async throws {
        let cluster = try await ServedCluster.start()
        try await cluster.deployApp(namespace: "roll")
        let set = try await cluster.kubectlSucceeds("set", "image", "deployment/web", "nginx=nginx:1.26", "-n", "roll")
        #expect(set.output.contains("deployment.apps/web image updated"))
        let status = try await cluster.kubectlSucceeds("rollout", "status", "deployment/web", "-n", "roll", "--timeout=60s")
        #expect(status.output.contains("deployment \"web\" successfully rolled out"))
        let history = try await cluster.kubectlSucceeds("rollout", "history", "deployment/web", "-n", "roll")
        #expect(history.rows.contains(["1", "<none>"]))
        #expect(history.rows.contains(["2", "<none>"]))
        let undo = try await cluster.kubectlSucceeds("rollout", "undo", "deployment/web", "-n", "roll")
        #expect(undo.output.contains("deployment.apps/web rolled back"))
        try await cluster.kubectlSucceeds("rollout", "status", "deployment/web", "-n", "roll", "--timeout=60s")
        let after = try await cluster.kubectlSucceeds("get", "deploy", "web", "-n", "roll", "-o", "wide")
        #expect(after.row("web")?[6] == "nginx:1.25")
        let revisions = try await cluster.kubectlSucceeds("rollout", "history", "deployment/web", "-n", "roll")
        #expect(revisions.rows.contains(["3", "<none>"]))
        #expect(!revisions.rows.contains(["1", "<none>"]))
        await cluster.stop()
    }

    @Test("kubectl scale goes through the scale subresource")
    func scale() async throws {
        let cluster = try await ServedCluster.start()
        try await cluster.deployApp(namespace: "scaling")
        let scaled = try await cluster.kubectlSucceeds("scale", "deployment", "web", "--replicas=4", "-n", "scaling")
        #expect(scaled.output.contains("deployment.apps/web scaled"))
        try await cluster.kubectlSucceeds("rollout", "status", "deployment/web", "-n", "scaling", "--timeout=60s")
        let conditional = try await cluster.kubectlSucceeds(
            "scale", "deployment", "web", "--current-replicas=4", "--replicas=1", "-n", "scaling")
        #expect(conditional.output.contains("scaled"))
        try await cluster.kubectlSucceeds("rollout", "status", "deployment/web", "-n", "scaling", "--timeout=60s")
        let deployment = try await cluster.kubectlSucceeds("get", "deploy", "web", "-n", "scaling")
        #expect(deployment.row("web")?[1] == "1/1")
        await cluster.stop()
    }

    @Test("kubectl delete -f deletes in file order and waits for each object to go")
    func delete() async throws {
        let cluster = try await ServedCluster.start()
        try await cluster.deployApp(namespace: "gone")
        let deleted = try await cluster.kubectlSucceeds("delete", "-f", "-", input: Manifests.app(namespace: "gone"))
        #expect(deleted.output.contains("configmap \"web-config\" deleted"))
        #expect(deleted.output.contains("deployment.apps \"web\" deleted"))
        #expect(deleted.output.contains("service \"web\" deleted"))
        let left = try await cluster.kubectl("get", "deploy,svc,cm", "-n", "gone", "-o", "name")
        #expect(left.output.split(separator: "\n") == ["configmap/kube-root-ca.crt"])
        let again = try await cluster.kubectl("delete", "deployment", "web", "-n", "gone")
        #expect(again.status == 1)
        #expect(again.errorOutput.contains("Error from server (NotFound): deployments.apps \"web\" not found"))
        await cluster.stop()
    }

    @Test("a pod whose image does not exist shows ErrImagePull, then ImagePullBackOff")
    func imagePullFailure() async throws {
        let cluster = try await ServedCluster.start(imageCatalog: ["nginx:1.25"])
        try await cluster.kubectlSucceeds("apply", "-f", "-", input: Manifests.namespace("pull"))
        try await cluster.kubectlSucceeds("apply", "-f", "-", input: Manifests.app(namespace: "pull", replicas: 1, image: "nginx:404"))
        var reasons: Set<String> = []
        for _ in 0..<100 where !reasons.contains("ImagePullBackOff") {
            let pods = try await cluster.kubectlSucceeds("get", "pods", "-n", "pull")
            for row in pods.rows.dropFirst() where row.count >= 3 { reasons.insert(row[2]) }
            try await Task.sleep(for: .milliseconds(50))
        }
        #expect(reasons.contains("ErrImagePull") || reasons.contains("ImagePullBackOff"), "\(reasons)")
        #expect(reasons.contains("ImagePullBackOff"), "\(reasons)")
        #expect(!reasons.contains("Running"))
        await cluster.stop()
    }
}
