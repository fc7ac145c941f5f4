import FerryKube
import Testing

/// What kubectl finds on any cluster, and `kubectl describe` reading events through
/// their field selectors.
@Suite("kubectl on a standard cluster", kubectlInstalled)
struct KubectlClusterTests {
    @Test("kubectl get nodes, ns, svc and sa show the node, the system namespaces, the kubernetes Service and default accounts")
    func standardObjects() async throws {
        let cluster = try await ServedCluster.start()
        let nodes = try await cluster.kubectlSucceeds("get", "nodes")
        #expect(nodes.rows.first == ["NAME", "STATUS", "ROLES", "AGE", "VERSION"])
        let node = try #require(nodes.row("ferry-local"))
        #expect(node[1] == "Ready")
        #expect(node[2] == "control-plane")
        #expect(node[4] == "v1.32.0-ferry")
        let namespaces = try await cluster.kubectlSucceeds("get", "ns", "-o", "name")
        #expect(Set(namespaces.output.split(separator: "\n").map(String.init)).isSuperset(of: [
            "namespace/default", "namespace/kube-system", "namespace/kube-public", "namespace/kube-node-lease",
        ]))
        let service = try await cluster.kubectlSucceeds("get", "svc", "kubernetes")
        #expect(service.row("kubernetes").map { Array($0[1...4]) } == ["ClusterIP", "10.43.0.1", "<none>", "443/TCP"])
        try await cluster.kubectlSucceeds("create", "namespace", "team")
        // The account and the CA bundle are the controllers' to make: wait for them as a client would.
        try await cluster.kubectlSucceeds("wait", "--for=create", "sa/default", "cm/kube-root-ca.crt", "-n", "team", "--timeout=60s")
        let caBundle = try await cluster.kubectlSucceeds(
            "get", "cm", "kube-root-ca.crt", "-n", "team", "-o", "jsonpath={.data.ca\\.crt}")
        #expect(caBundle.output.hasPrefix("-----BEGIN CERTIFICATE-----"))
        await cluster.stop()
    }

    @Test("kubectl describe deploy shows the Deployment's events; kubectl get events filters by involvedObject, type and reason")
    func describeShowsEvents() async throws {
        let cluster = try await ServedCluster.start()
        try await cluster.deployApp(namespace: "shop")
        let described = try await cluster.kubectlSucceeds("describe", "deploy", "web", "-n", "shop")
        let events = try #require(described.output.components(separatedBy: "Events:").last)
        #expect(events.contains("ScalingReplicaSet"))
        #expect(events.contains("Scaled up replica set web-"))
        let filtered = try await cluster.kubectlSucceeds(
            "get", "events", "-n", "shop", "--field-selector", "involvedObject.kind=Deployment,type=Normal,reason=ScalingReplicaSet",
            "-o", "jsonpath={range .items[*]}{.involvedObject.kind}/{.reason}{\"\\n\"}{end}")
        let lines = filtered.output.split(separator: "\n")
        #expect(!lines.isEmpty)
        #expect(lines.allSatisfy { $0 == "Deployment/ScalingReplicaSet" })
        let refused = try await cluster.kubectl("get", "events", "-n", "shop", "--field-selector", "spec.nodeName=x")
        #expect(refused.status != 0)
        #expect(refused.errorOutput.contains("field label not supported: spec.nodeName"))
        await cluster.stop()
    }

    @Test("kubectl apply of a PersistentVolumeClaim: it is Bound at once to a volume of its size")
    func claimIsBound() async throws {
        let cluster = try await ServedCluster.start()
        let claim = """
            apiVersion: v1
            kind: PersistentVolumeClaim
            metadata: {name: data, namespace: default}
            spec:
              accessModes: [ReadWriteOnce]
              resources: {requests: {storage: 2Gi}}
            """
        try await cluster.kubectlSucceeds("apply", "--field-manager=test", "-f", "-", input: claim)
        try await cluster.kubectlSucceeds("wait", "--for=jsonpath={.status.phase}=Bound", "pvc/data", "--timeout=60s")
        let claims = try await cluster.kubectlSucceeds("get", "pvc")
        #expect(claims.rows.first == ["NAME", "STATUS", "VOLUME", "CAPACITY", "ACCESS", "MODES", "STORAGECLASS", "VOLUMEATTRIBUTESCLASS", "AGE"])
        let row = try #require(claims.row("data"))
        #expect(row[1] == "Bound")
        #expect(row[2].hasPrefix("pvc-"))
        #expect(row[3] == "2Gi")
        #expect(row[4] == "RWO")
        let volumes = try await cluster.kubectlSucceeds("get", "pv", "-o", "name")
        #expect(volumes.output.contains("persistentvolume/\(row[2])"))
        await cluster.stop()
    }

    @Test("kubectl describe pod shows the kubelet's events; a pod DELETE is graceful (Terminating), with grace 0 immediate")
    func podEventsAndGracefulDeletion() async throws {
        let cluster = try await ServedCluster.start()
        try await cluster.deployApp(namespace: "pods")
        let names = try await cluster.kubectlSucceeds("get", "pods", "-n", "pods", "-o", "jsonpath={.items[*].metadata.name}")
        let pods = names.output.split(separator: " ").map(String.init)
        try #require(pods.count == 2)
        let described = try await cluster.kubectlSucceeds("describe", "pod", pods[0], "-n", "pods")
        let events = try #require(described.output.components(separatedBy: "Events:").last)
        for reason in ["Scheduled", "Pulled", "Created", "Started"] {
            #expect(events.contains(reason), "\(reason) in \(events)")
        }
        #expect(events.contains("Successfully assigned pods/\(pods[0]) to ferry-local"))

        // The answer to a DELETE is the pod, marked for deletion and still there until the kubelet stopped it.
        let deleting = try await cluster.client.send(.DELETE, "/api/v1/namespaces/pods/pods/\(pods[0])")
        #expect(deleting.status == 202, "Accepted: not deleted yet, as upstream answers a graceful delete")
        #expect(deleting.json[path: ["metadata", "deletionTimestamp"]]?.string != nil)
        #expect(deleting.json[path: ["metadata", "deletionGracePeriodSeconds"]] == 30)
        try await cluster.kubectlSucceeds("wait", "--for=delete", "pod/\(pods[0])", "-n", "pods", "--timeout=60s")
        let forced = try await cluster.kubectlSucceeds("delete", "pod", pods[1], "-n", "pods", "--grace-period=0", "--force")
        #expect(forced.output.contains("pod \"\(pods[1])\" force deleted"))
        #expect(try await cluster.client.get("/api/v1/namespaces/pods/pods/\(pods[1])").status == 404)
        await cluster.stop()
    }
}
