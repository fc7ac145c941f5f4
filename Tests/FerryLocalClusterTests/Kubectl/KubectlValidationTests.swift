import FerryKube
import FerryLocalCluster
import Testing

/// kubectl against the cluster's schemas and validation: `explain` reads the OpenAPI
/// documents, `apply` meets strict field validation and upstream's invalid-object
/// messages, and client-side apply hands over to server-side apply.
@Suite("kubectl explain, validation and apply migration", kubectlInstalled)
struct KubectlValidationTests {
    static let deployment = """
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: web
          namespace: default
        spec:
          replicas: 2
          selector:
            matchLabels: {app: web}
          template:
            metadata:
              labels: {app: web}
            spec:
              containers:
              - name: nginx
                image: nginx:1.25

        """

    @Test("kubectl explain deployment.spec and pods.spec.containers --recursive")
    func explain() async throws {
        let cluster = try await ServedCluster.start()
        let spec = try await cluster.kubectlSucceeds("explain", "deployment.spec")
        #expect(spec.output.contains("GROUP:      apps"))
        #expect(spec.output.contains("DeploymentSpec is the specification of the desired behavior of the"))
        #expect(spec.output.contains("selector\t<LabelSelector> -required-"))
        #expect(spec.output.contains("strategy\t<DeploymentStrategy>"))
        let containers = try await cluster.kubectlSucceeds("explain", "pods.spec.containers", "--recursive")
        #expect(containers.output.contains("livenessProbe\t<Probe>"))
        #expect(containers.output.contains("httpGet\t<HTTPGetAction>"))
        #expect(containers.output.contains("imagePullPolicy\t<string>"))
        let missing = try await cluster.kubectl("explain", "deployment.spec.nonsense")
        #expect(missing.status != 0)
        await cluster.stop()
    }

    @Test("kubectl apply --validate=strict refuses an unknown nested field; the default warns and drops it")
    func strictApply() async throws {
        let cluster = try await ServedCluster.start()
        let misspelt = Self.deployment.replacingOccurrences(of: "image: nginx:1.25", with: "image: nginx:1.25\n        imagee: nginx")
        for serverSide in [false, true] {
            let result = try await cluster.kubectl(["apply", "--validate=strict", "-f", "-"] + (serverSide ? ["--server-side"] : []),
                                                   input: misspelt)
            #expect(result.status == 1)
            #expect(result.errorOutput.contains(serverSide
                ? ".spec.template.spec.containers[0].imagee: field not declared in schema"
                : "strict decoding error: unknown field \"spec.template.spec.containers[0].imagee\""), "\(result.errorOutput)")
        }
        #expect(try await cluster.kubectl("get", "deployment", "web").status == 1)

        let warned = try await cluster.kubectlSucceeds("apply", "--validate=warn", "-f", "-", input: misspelt)
        #expect(warned.errorOutput.contains("Warning: unknown field \"spec.template.spec.containers[0].imagee\""))
        let stored = try await cluster.kubectlSucceeds("get", "deployment", "web", "-o", "json")
        #expect(stored.json[path: ["spec", "template", "spec", "containers"]]?.array?.first?["imagee"] == nil)
        await cluster.stop()
    }

    @Test("kubectl prints upstream's invalid-object message and nothing is stored")
    func invalid() async throws {
        let cluster = try await ServedCluster.start()
        let bad = Self.deployment.replacingOccurrences(of: "image: nginx:1.25", with: "image: nginx:1.25\n        imagePullPolicy: Sometimes")
        let result = try await cluster.kubectl("apply", "-f", "-", input: bad)
        #expect(result.status == 1)
        #expect(result.errorOutput.contains("The Deployment \"web\" is invalid: spec.template.spec.containers[0].imagePullPolicy: Unsupported value: \"Sometimes\": supported values: \"Always\", \"IfNotPresent\", \"Never\""),
                "\(result.errorOutput)")
        #expect(try await cluster.kubectl("get", "deployment", "web").status == 1)

        try await cluster.kubectlSucceeds("apply", "-f", "-", input: Self.deployment)
        let moved = Self.deployment.replacingOccurrences(of: "app: web", with: "app: web2")
        let immutable = try await cluster.kubectl("apply", "-f", "-", input: moved)
        #expect(immutable.status == 1)
        #expect(immutable.errorOutput.contains("The Deployment \"web\" is invalid: spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string{\"app\":\"web2\"}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: field is immutable"),
                "\(immutable.errorOutput)")
        await cluster.stop()
    }

    @Test("kubectl apply, then apply --server-side: no conflict, ownership moves to kubectl as upstream's managers show")
    func clientToServerSide() async throws {
        let cluster = try await ServedCluster.start()
        try await cluster.kubectlSucceeds("apply", "-f", "-", input: Self.deployment)
        let changed = Self.deployment.replacingOccurrences(of: "replicas: 2", with: "replicas: 3")
        let upgraded = try await cluster.kubectlSucceeds("apply", "--server-side", "-f", "-", input: changed)
        #expect(upgraded.output.contains("deployment.apps/web serverside-applied"))
        let object = try await cluster.kubectlSucceeds("get", "deployment", "web", "-o", "json", "--show-managed-fields")
        #expect(object.json[path: ["spec", "replicas"]] == 3)
        let entries = object.json[path: ["metadata", "managedFields"]]?.array ?? []
        let managers = entries.compactMap { entry in
            entry["manager"]?.string.map { "\($0)/\(entry["operation"]?.string ?? "")" }
        }
        #expect(managers.contains("kubectl/Apply"), "\(managers)")
        #expect(!managers.contains("kubectl-client-side-apply/Update"), "\(managers)")
        // Applying again is a no-op, and client-side apply still works afterwards.
        try await cluster.kubectlSucceeds("apply", "--server-side", "-f", "-", input: changed)
        let back = try await cluster.kubectlSucceeds("apply", "-f", "-", input: Self.deployment)
        #expect(back.output.contains("deployment.apps/web configured"))
        let final = try await cluster.kubectlSucceeds("get", "deployment", "web", "-o", "jsonpath={.spec.replicas}")
        #expect(final.output == "2")
        await cluster.stop()
    }

    @Test("kubectl apply --server-side, then client-side apply: works as on a real cluster")
    func serverToClientSide() async throws {
        let cluster = try await ServedCluster.start()
        try await cluster.kubectlSucceeds("apply", "--server-side", "-f", "-", input: Self.deployment)
        let changed = Self.deployment.replacingOccurrences(of: "nginx:1.25", with: "nginx:1.26")
        let result = try await cluster.kubectlSucceeds("apply", "-f", "-", input: changed)
        #expect(result.output.contains("deployment.apps/web configured"))
        let image = try await cluster.kubectlSucceeds("get", "deployment", "web", "-o", "jsonpath={.spec.template.spec.containers[0].image}")
        #expect(image.output == "nginx:1.26")
        await cluster.stop()
    }
}
