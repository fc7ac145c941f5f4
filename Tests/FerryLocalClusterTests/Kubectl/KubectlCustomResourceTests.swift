import FerryKube
import FerryLocalCluster
import Testing

/// The real kubectl with a CRD: apply it, wait for Established, apply a custom
/// resource, list and read it with the CRD's printer columns, delete the CRD.
@Suite("kubectl and custom resources", kubectlInstalled)
struct KubectlCustomResourceTests {
    static let definition = """
        apiVersion: apiextensions.k8s.io/v1
        kind: CustomResourceDefinition
        metadata:
          name: widgets.kubectl.example.com
        spec:
          group: kubectl.example.com
          scope: Namespaced
          names:
            plural: widgets
            singular: widget
            kind: Widget
            shortNames: [wd]
          versions:
          - name: v1
            served: true
            storage: true
            subresources:
              status: {}
            additionalPrinterColumns:
            - name: Size
              type: integer
              jsonPath: .spec.size
            - name: Age
              type: date
              jsonPath: .metadata.creationTimestamp
            schema:
              openAPIV3Schema:
                type: object
                properties:
                  spec:
                    type: object
                    required: [size]
                    properties:
                      size:
                        type: integer
                        minimum: 1

        """

    static func widget(size: String, extra: String = "") -> String {
        """
        apiVersion: kubectl.example.com/v1
        kind: Widget
        metadata:
          name: w1
        spec:
          size: \(size)\(extra)

        """
    }

    @Test("kubectl apply -f crd.yaml and cr.yaml, get widgets, get widget -o yaml, delete crd")
    func lifecycle() async throws {
        let cluster = try await ServedCluster.start()
        let applied = try await cluster.kubectlSucceeds("apply", "-f", "-", input: Self.definition)
        #expect(applied.output == "customresourcedefinition.apiextensions.k8s.io/widgets.kubectl.example.com created\n")
        try await cluster.kubectlSucceeds("wait", "--for=condition=Established", "crd/widgets.kubectl.example.com", "--timeout=60s")

        let created = try await cluster.kubectlSucceeds("apply", "-f", "-", input: Self.widget(size: "3"))
        #expect(created.output == "widget.kubectl.example.com/w1 created\n")
        let configured = try await cluster.kubectlSucceeds("apply", "-f", "-", input: Self.widget(size: "4"))
        #expect(configured.output == "widget.kubectl.example.com/w1 configured\n")

        let listed = try await cluster.kubectlSucceeds("get", "widgets")
        #expect(listed.rows.first == ["NAME", "SIZE", "AGE"])
        #expect(listed.row("w1")?.prefix(2) == ["w1", "4"])
        #expect(try await cluster.kubectlSucceeds("get", "wd").row("w1") != nil)

        let yaml = try await cluster.kubectlSucceeds("get", "widget", "w1", "-o", "yaml")
        #expect(yaml.output.contains("apiVersion: kubectl.example.com/v1\nkind: Widget\n"))
        #expect(yaml.output.contains("  size: 4\n"))

        let invalid = try await cluster.kubectl("apply", "-f", "-", input: Self.widget(size: "0"))
        #expect(invalid.status == 1)
        #expect(invalid.errorOutput.contains(#"The Widget "w1" is invalid: spec.size: Invalid value: 0: spec.size in body should be greater than or equal to 1"#),
                "\(invalid.errorOutput)")
        let unknown = try await cluster.kubectl("apply", "-f", "-", input: Self.widget(size: "5", extra: "\n  extra: 1"))
        #expect(unknown.status == 1)
        #expect(unknown.errorOutput.contains(#"unknown field "spec.extra""#), "\(unknown.errorOutput)")
        let warned = try await cluster.kubectlSucceeds("apply", "--validate=warn", "-f", "-", input: Self.widget(size: "5", extra: "\n  extra: 1"))
        #expect(warned.errorOutput.contains(#"Warning: unknown field "spec.extra""#), "\(warned.errorOutput)")

        let deleted = try await cluster.kubectlSucceeds("delete", "crd", "widgets.kubectl.example.com", "--timeout=60s")
        #expect(deleted.output == "customresourcedefinition.apiextensions.k8s.io \"widgets.kubectl.example.com\" deleted\n")
        #expect(cluster.store.served.custom.isEmpty)
        let gone = try await cluster.kubectl("get", "widgets")
        #expect(gone.status == 1)
        // kubectl's cached discovery still names the resource, so the list itself is what fails.
        #expect(gone.errorOutput.contains("the server could not find the requested resource")
            || gone.errorOutput.contains(#"the server doesn't have a resource type "widgets""#), "\(gone.errorOutput)")
        await cluster.stop()
    }
}
