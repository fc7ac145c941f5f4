import FerryKube
import FerryYAML
import Testing

@Suite("Decoding manifests into objects")
struct ManifestDecodingTests {
    @Test("every document becomes an object with its identity and source line")
    func identities() {
        let set = load("""
            apiVersion: v1
            kind: Namespace
            metadata:
              name: spark
            ---
            # the master
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: spark-master
              namespace: spark
            spec:
              selector: {matchLabels: {app: m}}
              template:
                metadata: {labels: {app: m}}
                spec:
                  containers: [{name: m, image: "spark:2.1.0"}]
            """)
        #expect(messages(set) == [])
        let identities = set.manifests.map(\.identity)
        #expect(identities.map(\.description) == ["Namespace/spark", "Deployment/spark/spark-master"])
        #expect(identities[1].group == "apps" && identities[1].version == "v1")
        #expect(set.manifests[1].source.description == "manifests/app.yaml:7:1")
    }

    @Test("namespaced objects without a namespace take the default one; cluster-scoped ones do not")
    func defaultNamespace() {
        let set = load("""
            apiVersion: v1
            kind: ConfigMap
            metadata: {name: settings}
            ---
            apiVersion: rbac.authorization.k8s.io/v1
            kind: ClusterRole
            metadata: {name: "system:reader"}
            """, namespace: "spark")
        #expect(messages(set) == [])
        let configMap = set.manifests.first { $0.identity.kind == "ConfigMap" }
        #expect(configMap?.identity.namespace == "spark")
        #expect(configMap?.body[path: ["metadata", "namespace"]]?.string == "spark")
        let role = set.manifests.first { $0.identity.kind == "ClusterRole" }
        #expect(role?.identity.namespace == nil)
        #expect(role?.body[path: ["metadata", "namespace"]] == nil)
    }

    @Test("a CustomResourceDefinition in the same manifests decides its kind's scope")
    func crdScope() {
        let set = load("""
            apiVersion: apiextensions.k8s.io/v1
            kind: CustomResourceDefinition
            metadata: {name: clusters.example.com}
            spec:
              group: example.com
              scope: Cluster
              names: {kind: SparkCluster, plural: clusters}
            ---
            apiVersion: example.com/v1
            kind: SparkCluster
            metadata: {name: main}
            """)
        #expect(messages(set) == [])
        #expect(set.manifests.map(\.identity.description) == ["CustomResourceDefinition/clusters.example.com", "SparkCluster/main"])
    }

    @Test("empty documents are skipped and List items expanded")
    func emptyAndLists() {
        let set = load("""
            ---
            ---
            apiVersion: v1
            kind: List
            items:
              - apiVersion: v1
                kind: ConfigMap
                metadata: {name: one}
              - apiVersion: v1
                kind: ConfigMap
                metadata: {name: two}
            ---
            """)
        #expect(messages(set) == [])
        #expect(set.manifests.map(\.identity.name) == ["one", "two"])
        #expect(set.manifests[1].source.line == 9)
    }

    @Test("objects come in apply order: namespaces first, workloads after services")
    func applyOrder() {
        let set = load("""
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: web}
            spec:
              selector: {matchLabels: {app: web}}
              template: {metadata: {labels: {app: web}}, spec: {containers: [{name: web, image: nginx}]}}
            ---
            apiVersion: v1
            kind: Service
            metadata: {name: web}
            ---
            apiVersion: v1
            kind: Namespace
            metadata: {name: web}
            ---
            apiVersion: v1
            kind: ConfigMap
            metadata: {name: web}
            """)
        #expect(messages(set) == [])
        #expect(set.manifests.map(\.identity.kind) == ["Namespace", "ConfigMap", "Service", "Deployment"])
    }

    @Test("invalid YAML is reported with its file and position and yields no objects")
    func invalidYAML() {
        let set = ManifestSet.load([
            ManifestSource(path: "manifests/bad.yaml", bytes: Array("a: [1, 2\nb: 3\n".utf8)),
            ManifestSource(path: "manifests/good.yaml", bytes: Array("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: ok}\n".utf8)),
        ])
        #expect(set.problems.count == 1)
        #expect(set.problems.first?.location.file == "manifests/bad.yaml")
        #expect(set.problems.first?.message.hasPrefix("invalid YAML: ") == true)
        #expect(set.manifests.map(\.identity.name) == ["ok"])
    }
}
