import FerryKube
import Testing

/// The real kubectl 1.32 reading from the cluster: discovery, server-side printing
/// (plain and wide), typed lists (JSON, YAML), errors.
@Suite("kubectl get", kubectlInstalled)
struct KubectlGetTests {
    @Test("kubectl version sees a 1.32 server")
    func version() async throws {
        let cluster = try await ServedCluster.start()
        let result = try await cluster.kubectlSucceeds("version")
        #expect(result.output.contains("Server Version: v1.32.0-ferry"))
        await cluster.stop()
    }

    @Test("kubectl get ns lists the default namespace as Active")
    func namespaces() async throws {
        let cluster = try await ServedCluster.start()
        let result = try await cluster.kubectlSucceeds("get", "ns")
        #expect(result.rows.first == ["NAME", "STATUS", "AGE"])
        let row = try #require(result.row("default"))
        #expect(row.count == 3)
        #expect(row[1] == "Active")
        #expect(row[2].hasSuffix("s") || row[2].hasSuffix("m"))
        await cluster.stop()
    }

    @Test("kubectl api-resources lists every served resource with its short names")
    func apiResources() async throws {
        let cluster = try await ServedCluster.start()
        let result = try await cluster.kubectlSucceeds("api-resources")
        #expect(result.rows.first == ["NAME", "SHORTNAMES", "APIVERSION", "NAMESPACED", "KIND"])
        #expect(result.row("deployments") == ["deployments", "deploy", "apps/v1", "true", "Deployment"])
        #expect(result.row("replicasets") == ["replicasets", "rs", "apps/v1", "true", "ReplicaSet"])
        #expect(result.row("pods") == ["pods", "po", "v1", "true", "Pod"])
        #expect(result.row("services") == ["services", "svc", "v1", "true", "Service"])
        #expect(result.row("namespaces") == ["namespaces", "ns", "v1", "false", "Namespace"])
        #expect(result.row("configmaps") == ["configmaps", "cm", "v1", "true", "ConfigMap"])
        await cluster.stop()
    }

    @Test("kubectl get deploy,rs,pods,svc prints kubectl's usual columns")
    func workloads() async throws {
        let cluster = try await ServedCluster.start()
        try await cluster.deployApp(namespace: "shop")
        let result = try await cluster.kubectlSucceeds("get", "deploy,rs,pods,svc", "-n", "shop")
        let rows = result.rows
        #expect(rows.contains(["NAME", "READY", "UP-TO-DATE", "AVAILABLE", "AGE"]))
        #expect(rows.contains(["NAME", "DESIRED", "CURRENT", "READY", "AGE"]))
        #expect(rows.contains(["NAME", "READY", "STATUS", "RESTARTS", "AGE"]))
        #expect(rows.contains(["NAME", "TYPE", "CLUSTER-IP", "EXTERNAL-IP", "PORT(S)", "AGE"]))
        let deployment = try #require(result.row("deployment.apps/web"))
        #expect(Array(deployment[1...3]) == ["2/2", "2", "2"])
        let replicaSet = try #require(rows.first { $0.first?.hasPrefix("replicaset.apps/web-") == true })
        #expect(Array(replicaSet[1...3]) == ["2", "2", "2"])
        let pods = rows.filter { $0.first?.hasPrefix("pod/web-") == true }
        #expect(pods.count == 2)
        #expect(pods.allSatisfy { Array($0[1...3]) == ["1/1", "Running", "0"] })
        let service = try #require(result.row("service/web"))
        #expect(service[1] == "ClusterIP")
        #expect(service[3] == "<none>")
        #expect(service[4] == "80/TCP")
        await cluster.stop()
    }

    @Test("kubectl get -o wide adds the priority-1 columns")
    func wide() async throws {
        let cluster = try await ServedCluster.start()
        try await cluster.deployApp(namespace: "wide")
        let result = try await cluster.kubectlSucceeds("get", "deploy,rs,pods,svc", "-n", "wide", "-o", "wide")
        let rows = result.rows
        #expect(rows.contains(["NAME", "READY", "UP-TO-DATE", "AVAILABLE", "AGE", "CONTAINERS", "IMAGES", "SELECTOR"]))
        #expect(rows.contains(["NAME", "DESIRED", "CURRENT", "READY", "AGE", "CONTAINERS", "IMAGES", "SELECTOR"]))
        #expect(rows.contains(["NAME", "READY", "STATUS", "RESTARTS", "AGE", "IP", "NODE", "NOMINATED", "NODE", "READINESS", "GATES"]))
        #expect(rows.contains(["NAME", "TYPE", "CLUSTER-IP", "EXTERNAL-IP", "PORT(S)", "AGE", "SELECTOR"]))
        let deployment = try #require(result.row("deployment.apps/web"))
        #expect(Array(deployment.suffix(3)) == ["nginx", "nginx:1.25", "app=web"])
        let replicaSet = try #require(rows.first { $0.first?.hasPrefix("replicaset.apps/web-") == true })
        #expect(replicaSet.last?.hasPrefix("app=web,pod-template-hash=") == true)
        let pod = try #require(rows.first { $0.first?.hasPrefix("pod/web-") == true })
        #expect(pod.count == 9)
        #expect(Array(pod.suffix(2)) == ["<none>", "<none>"])
        #expect(result.row("service/web")?.last == "app=web")
        await cluster.stop()
    }

    @Test("kubectl get -o json returns the typed lists, with apiVersion and kind")
    func json() async throws {
        let cluster = try await ServedCluster.start()
        try await cluster.deployApp(namespace: "json")
        let result = try await cluster.kubectlSucceeds("get", "deploy,rs,pods,svc", "-n", "json", "-o", "json")
        #expect(result.json["kind"] == "List")
        let items = result.json["items"]?.array ?? []
        let kinds = items.compactMap { $0["kind"]?.string }
        #expect(kinds.filter { $0 == "Deployment" }.count == 1)
        #expect(kinds.filter { $0 == "ReplicaSet" }.count == 1)
        #expect(kinds.filter { $0 == "Pod" }.count == 2)
        #expect(kinds.filter { $0 == "Service" }.count == 1)
        let deployment = try #require(items.first { $0["kind"] == "Deployment" })
        #expect(deployment["apiVersion"] == "apps/v1")
        #expect(deployment[path: ["status", "readyReplicas"]] == 2)
        #expect(deployment[path: ["metadata", "uid"]]?.string?.isEmpty == false)
        await cluster.stop()
    }

    @Test("kubectl get -o yaml prints the object")
    func yaml() async throws {
        let cluster = try await ServedCluster.start()
        try await cluster.deployApp(namespace: "yaml")
        let result = try await cluster.kubectlSucceeds("get", "deploy", "web", "-n", "yaml", "-o", "yaml")
        #expect(result.output.hasPrefix("apiVersion: apps/v1\nkind: Deployment\n"))
        #expect(result.output.contains("  name: web\n"))
        #expect(result.output.contains("image: nginx:1.25"))
        await cluster.stop()
    }

    @Test("kubectl get all, -A and --show-labels use the categories and row metadata")
    func allNamespacesAndLabels() async throws {
        let cluster = try await ServedCluster.start()
        try await cluster.deployApp(namespace: "everything")
        let all = try await cluster.kubectlSucceeds("get", "all", "-n", "everything")
        #expect(all.row("deployment.apps/web") != nil)
        #expect(all.row("service/web") != nil)
        #expect(all.rows.contains { $0.first?.hasPrefix("pod/web-") == true })

        let across = try await cluster.kubectlSucceeds("get", "deploy", "-A")
        #expect(across.rows.first == ["NAMESPACE", "NAME", "READY", "UP-TO-DATE", "AVAILABLE", "AGE"])
        #expect(across.rows.contains { $0.prefix(3) == ["everything", "web", "2/2"] })

        let labels = try await cluster.kubectlSucceeds("get", "deploy", "web", "-n", "everything", "--show-labels")
        #expect(labels.row("web")?.last == "app=web")

        let single = try await cluster.kubectlSucceeds("get", "deployment", "web", "-n", "everything")
        #expect(single.rows.count == 2)
        await cluster.stop()
    }

    @Test("errors come back as kubectl prints them")
    func errors() async throws {
        let cluster = try await ServedCluster.start()
        let missing = try await cluster.kubectl("get", "deploy", "nosuch")
        #expect(missing.status == 1)
        #expect(missing.errorOutput.contains("Error from server (NotFound): deployments.apps \"nosuch\" not found"))
        let empty = try await cluster.kubectl("get", "pods")
        #expect(empty.succeeded)
        #expect(empty.output.isEmpty)
        #expect(empty.errorOutput.contains("No resources found in default namespace."))
        let unknown = try await cluster.kubectl("get", "widgets")
        #expect(unknown.status == 1)
        #expect(unknown.errorOutput.contains("the server doesn't have a resource type \"widgets\""))
        await cluster.stop()
    }
}
