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
}
