import FerryKube
import FerryLocalCluster
import Testing

/// kubectl's rollout commands and table columns on StatefulSets, DaemonSets and ControllerRevisions.
@Suite("kubectl on StatefulSets and DaemonSets", kubectlInstalled)
struct KubectlStatefulSetTests {
    static func statefulSet(image: String) -> String {
        """
        apiVersion: apps/v1
        kind: StatefulSet
        metadata:
          name: web
          namespace: sts
        spec:
          replicas: 2
          serviceName: web
          selector:
            matchLabels:
              app: web
          template:
            metadata:
              labels:
                app: web
            spec:
              containers:
              - name: nginx
                image: \(image)

        """
    }

    @Test("rollout status, history, history --revision and undo on a StatefulSet; get shows upstream's columns")
    func rollout() async throws {
        let cluster = try await ServedCluster.start()
        try await cluster.kubectlSucceeds("apply", "-f", "-", input: Manifests.namespace("sts") + "---\n" + Self.statefulSet(image: "nginx:1.25"))
        let status = try await cluster.kubectlSucceeds("rollout", "status", "statefulset/web", "-n", "sts", "--timeout=60s")
        #expect(status.output.contains("partitioned roll out complete: 2 new pods have been updated..."), "\(status.output)")
        try await cluster.kubectlSucceeds("set", "image", "statefulset/web", "nginx=nginx:1.26", "-n", "sts")
        try await cluster.kubectlSucceeds("rollout", "status", "statefulset/web", "-n", "sts", "--timeout=60s")
        let history = try await cluster.kubectlSucceeds("rollout", "history", "statefulset/web", "-n", "sts")
        #expect(history.rows.contains(["1", "<none>"]), "\(history.output)")
        #expect(history.rows.contains(["2", "<none>"]), "\(history.output)")
        let second = try await cluster.kubectlSucceeds("rollout", "history", "statefulset/web", "-n", "sts", "--revision=2")
        #expect(second.output.contains("nginx:1.26"), "\(second.output)")
        let undo = try await cluster.kubectlSucceeds("rollout", "undo", "statefulset/web", "-n", "sts")
        #expect(undo.output.contains("statefulset.apps/web rolled back"), "\(undo.output)")
        try await cluster.kubectlSucceeds("rollout", "status", "statefulset/web", "-n", "sts", "--timeout=60s")
        let sets = try await cluster.kubectlSucceeds("get", "sts", "web", "-n", "sts", "-o", "wide")
        #expect(sets.rows.first == ["NAME", "READY", "AGE", "CONTAINERS", "IMAGES"])
        #expect(sets.row("web")?[1] == "2/2")
        #expect(sets.row("web")?[4] == "nginx:1.25")
        let revisions = try await cluster.kubectlSucceeds("get", "controllerrevisions", "-n", "sts")
        #expect(revisions.rows.first == ["NAME", "CONTROLLER", "REVISION", "AGE"])
        #expect(revisions.rows.dropFirst().map { $0[1] } == ["statefulset.apps/web", "statefulset.apps/web"])
        #expect(Set(revisions.rows.dropFirst().map { $0[2] }) == ["2", "3"])
        await cluster.stop()
    }

    static let daemonSet = """
        apiVersion: apps/v1
        kind: DaemonSet
        metadata:
          name: agent
          namespace: ds
        spec:
          selector:
            matchLabels:
              app: agent
          template:
            metadata:
              labels:
                app: agent
            spec:
              containers:
              - name: agent
                image: nginx:1.25

        """

    @Test("rollout status daemonset waits for the rollout, before and after an image change")
    func daemonSetRolloutStatus() async throws {
        let cluster = try await ServedCluster.start()
        try await cluster.kubectlSucceeds("apply", "-f", "-", input: Manifests.namespace("ds") + "---\n" + Self.daemonSet)
        let first = try await cluster.kubectlSucceeds("rollout", "status", "daemonset/agent", "-n", "ds", "--timeout=60s")
        #expect(first.output.contains("daemon set \"agent\" successfully rolled out"), "\(first.output)")
        try await cluster.kubectlSucceeds("set", "image", "daemonset/agent", "agent=nginx:1.26", "-n", "ds")
        let second = try await cluster.kubectlSucceeds("rollout", "status", "daemonset/agent", "-n", "ds", "--timeout=60s")
        #expect(second.output.contains("daemon set \"agent\" successfully rolled out"), "\(second.output)")
        let pods = try await cluster.kubectlSucceeds("get", "pods", "-n", "ds", "-l", "app=agent", "-o", "json").json
        // (The old pod may still be Terminating.)
        let images = (pods["items"]?.array ?? []).filter { $0[path: ["metadata", "deletionTimestamp"]] == nil }
            .compactMap { $0[path: ["spec", "containers"]]?.array?.first?["image"]?.string }
        #expect(images == ["nginx:1.26"])
        let sets = try await cluster.kubectlSucceeds("get", "ds", "agent", "-n", "ds")
        #expect(sets.rows.first == ["NAME", "DESIRED", "CURRENT", "READY", "UP-TO-DATE", "AVAILABLE", "NODE", "SELECTOR", "AGE"],
                "\(sets.output)")
        #expect(sets.row("agent")?.prefix(7) == ["agent", "1", "1", "1", "1", "1", "<none>"], "\(sets.output)")
        await cluster.stop()
    }

    @Test("scale sts grows the StatefulSet in ordinal order and shrinks it from the highest ordinal")
    func scaleStatefulSet() async throws {
        let cluster = try await ServedCluster.start()
        try await cluster.kubectlSucceeds("apply", "-f", "-", input: Manifests.namespace("sts") + "---\n" + Self.statefulSet(image: "nginx:1.25"))
        try await cluster.kubectlSucceeds("rollout", "status", "statefulset/web", "-n", "sts", "--timeout=60s")
        let scaled = try await cluster.kubectlSucceeds("scale", "sts/web", "--replicas=4", "-n", "sts")
        #expect(scaled.output.contains("statefulset.apps/web scaled"), "\(scaled.output)")
        try await cluster.kubectlSucceeds("rollout", "status", "statefulset/web", "-n", "sts", "--timeout=60s")
        let names = { () async throws -> [String] in
            let pods = try await cluster.kubectlSucceeds("get", "pods", "-n", "sts", "-l", "app=web", "-o", "json").json
            return (pods["items"]?.array ?? []).compactMap { $0[path: ["metadata", "name"]]?.string }.sorted()
        }
        #expect(try await names() == ["web-0", "web-1", "web-2", "web-3"])
        // OrderedReady: web-3 was created only once web-2 was Running and Ready.
        let web2 = try await cluster.kubectlSucceeds("get", "pod", "web-2", "-n", "sts", "-o", "json").json
        let web3 = try await cluster.kubectlSucceeds("get", "pod", "web-3", "-n", "sts", "-o", "json").json
        let ready2 = web2[path: ["status", "conditions"]]?.array?.first { $0["type"] == "Ready" }?["lastTransitionTime"]?.string
        let created3 = web3[path: ["metadata", "creationTimestamp"]]?.string
        #expect(ready2 != nil && created3 != nil && (ready2 ?? "") <= (created3 ?? ""), "web-2 ready \(ready2 ?? "-"), web-3 created \(created3 ?? "-")")
        let table = try await cluster.kubectlSucceeds("get", "sts", "web", "-n", "sts")
        #expect(table.row("web")?[1] == "4/4", "\(table.output)")

        try await cluster.kubectlSucceeds("scale", "sts/web", "--replicas=1", "-n", "sts")
        try await cluster.kubectlSucceeds("wait", "--for=delete", "pod/web-1", "pod/web-2", "pod/web-3", "-n", "sts", "--timeout=60s")
        #expect(try await names() == ["web-0"])
        let scale = try await cluster.kubectlSucceeds("get", "--raw", "/apis/apps/v1/namespaces/sts/statefulsets/web/scale").json
        #expect(scale[path: ["spec", "replicas"]] == 1)
        #expect(scale[path: ["status", "selector"]] == "app=web")
        await cluster.stop()
    }
}
