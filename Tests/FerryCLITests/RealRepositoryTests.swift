import FerryTesting
import Foundation
import Testing

/// What real repositories hold beyond Deployments: an operator's CRD with its custom
/// resources in one revision, and StatefulSets, DaemonSets and Jobs followed to the end.
@Suite("ferry sync: CRDs, StatefulSets, DaemonSets and Jobs", .enabled(if: ClusterFixture.hasKubectl, "needs kubectl"))
struct RealRepositoryTests {
    static let widgetDefinition = """
        apiVersion: apiextensions.k8s.io/v1
        kind: CustomResourceDefinition
        metadata: {name: widgets.example.com}
        spec:
          group: example.com
          scope: Namespaced
          names: {plural: widgets, singular: widget, kind: Widget, shortNames: [wd]}
          versions:
            - name: v1
              served: true
              storage: true
              schema:
                openAPIV3Schema:
                  type: object
                  properties:
                    spec:
                      type: object
                      required: [size]
                      properties:
                        size: {type: integer, minimum: 1}
                        color: {type: string, enum: [red, blue]}

        """

    static func widget(_ index: Int, size: String = "1") -> String {
        "apiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: w\(index)\nspec:\n  size: \(size)\n  color: red\n"
    }

    /// A repository with a namespace, a ConfigMap, the Widget CRD and `count` Widgets.
    static func operatorRepository(namespace: String, widgets count: Int) throws -> GitFixture {
        let repository = try GitFixture()
        try repository.write("ferry.yaml", "path: manifests\nnamespace: \(namespace)\ninstance: \(namespace)\n")
        try repository.write("manifests/namespace.yaml", "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: \(namespace)\n")
        try repository.write("manifests/settings.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\ndata:\n  a: b\n")
        try repository.write("manifests/crd.yaml", widgetDefinition)
        for index in 1...count { try repository.write("manifests/widgets/w\(index).yaml", widget(index)) }
        _ = try repository.commit("An operator's CRD with \(count) widgets")
        return repository
    }

    @Test("a CRD and 20 custom resources sync in one run, the plan says they wait for it, and pruning deletes them before it")
    func definitionAndCustomResources() async throws {
        let cluster = try await ClusterFixture.start()
        let namespace = uniqueName("operator")
        let repository = try Self.operatorRepository(namespace: namespace, widgets: 20)

        let preview = try await cluster.ferry(["diff"], repo: repository)
        #expect(preview.output.contains("# as written: planned and checked once CustomResourceDefinition/widgets.example.com is established"),
                "\(preview.errorOutput)\(preview.output)")
        let result = try await cluster.ferry(["sync", "-v"], repo: repository)
        #expect(result.status == 0, "\(result.errorOutput)\(result.output)")
        #expect(messages(result.output).first == "plan: 23 to create, 0 to change, 0 to prune, 0 unchanged", "\(result.output)")
        let names = try await cluster.kubectl("get", "widgets", "-n", namespace, "-o", "name")
        #expect(names.split(separator: "\n").count == 20)
        #expect(try await cluster.get("widget", "w7", namespace: namespace, "{.spec.size}") == "1")
        let again = try await cluster.ferry(["sync"], repo: repository)
        #expect(again.status == 0, "\(again.errorOutput)")
        #expect(again.output.isEmpty, "a second run has nothing to do: \(again.output)")

        // The operator goes: its widgets are deleted first, then its CRD.
        try repository.removeFile("manifests/crd.yaml")
        try repository.removeFile("manifests/widgets")
        _ = try repository.commit("Remove the operator")
        let mark = try cluster.requests().count
        let pruned = try await cluster.ferry(["sync"], repo: repository)
        #expect(pruned.status == 0, "\(pruned.errorOutput)\(pruned.output)")
        let deletes = try cluster.requests(since: mark).filter { $0.method == "DELETE" }.map(\.path)
        let lastWidget = try #require(deletes.lastIndex { $0.contains("/widgets/") })
        let definition = try #require(deletes.firstIndex { $0.contains("/customresourcedefinitions/widgets.example.com") })
        #expect(deletes.filter { $0.contains("/widgets/") }.count == 20)
        #expect(lastWidget < definition)
        #expect(try await eventually { try await !cluster.exists("crd", "widgets.example.com") })
    }

    @Test("a custom resource its CRD's schema refuses: exit 1 naming it, and the CRD this run created is deleted again")
    func refusedCustomResourceUndoesTheStage() async throws {
        let cluster = try await ClusterFixture.start()
        let namespace = uniqueName("badwidget")
        let repository = try Self.operatorRepository(namespace: namespace, widgets: 2)
        try repository.write("manifests/widgets/w2.yaml", Self.widget(2, size: "\"big\""))
        _ = try repository.commit("A widget whose size is not a number")
        let result = try await cluster.ferry(["sync"], repo: repository)
        #expect(result.status == 1, "\(result.errorOutput)\(result.output)")
        #expect(result.errorOutput.hasPrefix("error: Widget/\(namespace)/w2: the cluster refused it: "), "\(result.errorOutput)")
        #expect(result.errorOutput.contains("spec.size"), "\(result.errorOutput)")
        #expect(result.errorOutput.hasSuffix("the namespace(s) this run had created for it (\"\(namespace)\") and the CustomResourceDefinition(s) it had created (\"widgets.example.com\") were deleted again and nothing else was applied\n"),
                "\(result.errorOutput)")
        #expect(try await eventually { try await !cluster.exists("crd", "widgets.example.com") })
        #expect(try await eventually { try await !cluster.exists("namespace", namespace) })
    }

    static func workload(_ kind: String, image: String) -> String {
        switch kind {
        case "Job":
            return """
                apiVersion: batch/v1
                kind: Job
                metadata: {name: app}
                spec:
                  backoffLimit: 1
                  template:
                    spec:
                      restartPolicy: Never
                      containers: [{name: main, image: "\(image)"}]

                """
        default:
            return """
                apiVersion: apps/v1
                kind: \(kind)
                metadata: {name: app}
                spec:
                  selector: {matchLabels: {app: app}}
                \(kind == "StatefulSet" ? "  serviceName: app\n  replicas: 2\n" : "")  template:
                    metadata: {labels: {app: app}}
                    spec:
                      containers: [{name: main, image: "\(image)"}]

                """
        }
    }

    @Test("a StatefulSet, a DaemonSet and a Job roll out, then fail on a missing image with exit 3 and the pod's reason",
          arguments: ["StatefulSet", "DaemonSet", "Job"])
    func workloadRollsOutAndFails(kind: String) async throws {
        let cluster = try await ClusterFixture.start(images: ["nginx:1.25", "nginx:1.26"])
        let namespace = uniqueName(kind.lowercased())
        let repository = try GitFixture()
        try repository.write("ferry.yaml", "path: manifests\nnamespace: \(namespace)\ninstance: \(namespace)\n")
        try repository.write("manifests/namespace.yaml", "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: \(namespace)\n")
        try repository.write("manifests/app.yaml", Self.workload(kind, image: "nginx:1.25"))
        _ = try repository.commit("\(kind) on nginx 1.25")
        let first = try await cluster.ferry(["sync", "-v", "--timeout", "60s"], repo: repository)
        #expect(first.status == 0, "\(first.errorOutput)\(first.output)")
        let lowered = kind.lowercased()
        let done = ["StatefulSet": "statefulset rolling update complete 2 pods at revision app-",
                    "DaemonSet": "daemon set \"app\" successfully rolled out", "Job": "job \"app\" completed: 1 of 1 succeeded"][kind]!
        let status = try await cluster.ferry(["status"], repo: repository)
        #expect(status.output.contains("\(kind)/\(namespace)/app  nginx:1.25"), "\(status.output)")
        #expect(status.output.contains(done), "\(status.output)")

        // A Job's template cannot change: a new image is a new Job.
        if kind == "Job" { try repository.write("manifests/app.yaml", Self.workload(kind, image: "nginx:9.9.9").replacingOccurrences(of: "name: app}", with: "name: app-2}")) }
        else { try repository.write("manifests/app.yaml", Self.workload(kind, image: "nginx:9.9.9")) }
        _ = try repository.commit("\(kind) on a missing image")
        let failed = try await cluster.ferry(["sync", "--timeout", "10s"], repo: repository)
        #expect(failed.status == 3, "\(failed.errorOutput)\(failed.output)")
        let name = kind == "Job" ? "app-2" : "app"
        // No progress deadline here: the stuck rollout fails when the timeout runs out, naming its pods' cause.
        #expect(failed.errorOutput.wholeMatch(of: try Regex("error: timed out after 10s: \(name): (ImagePullBackOff|ErrImagePull) for nginx:9\\.9\\.9\n")) != nil,
                "\(lowered): \(failed.errorOutput)")
    }
}
