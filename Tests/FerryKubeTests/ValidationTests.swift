import FerryKube
import Testing

@Suite("Validation messages name the place and say what to do")
struct ValidationTests {
    @Test("missing apiVersion, kind and metadata.name")
    func missingFields() {
        let set = load("""
            kind: ConfigMap
            metadata:
              name: a
            ---
            apiVersion: v1
            metadata:
              name: b
            ---
            apiVersion: v1
            kind: ConfigMap
            metadata:
              labels: {app: c}
            ---
            apiVersion: v1
            kind: ConfigMap
            """)
        #expect(messages(set) == [
            "manifests/app.yaml:1:1: missing apiVersion; add e.g. `apiVersion: apps/v1`",
            "manifests/app.yaml:5:1: missing kind; add e.g. `kind: Deployment`",
            "manifests/app.yaml:12:3: missing metadata.name; add e.g. `name: spark-master`",
            "manifests/app.yaml:14:1: missing metadata; every object needs metadata.name",
        ])
        #expect(set.manifests.isEmpty)
    }

    @Test("a document that is not a mapping")
    func notAnObject() {
        let set = load("- a\n- b\n")
        #expect(messages(set) == [
            "manifests/app.yaml:1:1: a document must be a Kubernetes object (a mapping with apiVersion, kind and metadata), got a list",
        ])
    }

    @Test("names must follow DNS-1123 (and DNS-1035 for Services)", arguments: [
        ("ConfigMap", "Spark_Config", "must be a lowercase RFC 1123 subdomain"),
        ("Namespace", "spark.prod", "must be a lowercase RFC 1123 label"),
        ("Service", "1spark", "must be a lowercase RFC 1035 label"),
        ("ConfigMap", String(repeating: "a", count: 254), "must be no more than 253 characters"),
    ])
    func invalidNames(kind: String, name: String, reason: String) {
        let set = load("apiVersion: v1\nkind: \(kind)\nmetadata:\n  name: \"\(name)\"\n")
        #expect(set.problems.count == 1)
        let problem = set.problems.first
        #expect(problem?.location.line == 4 && problem?.location.column == 9)
        #expect(problem?.message.contains("metadata.name '\(name)' is not a valid \(kind) name: it \(reason)") == true)
    }

    @Test("valid names pass, including RBAC names with colons")
    func validNames() {
        let set = load("""
            apiVersion: v1
            kind: ConfigMap
            metadata: {name: spark.config-1}
            ---
            apiVersion: rbac.authorization.k8s.io/v1
            kind: ClusterRole
            metadata: {name: "system:spark:reader"}
            """)
        #expect(messages(set) == [])
    }

    @Test("the same object defined twice names both places")
    func duplicates() {
        let text = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: settings, namespace: spark}\n"
        let set = ManifestSet.load([
            ManifestSource(path: "manifests/a.yaml", bytes: Array(text.utf8)),
            ManifestSource(path: "manifests/b.yaml", bytes: Array(("# again\n" + text).utf8)),
        ])
        #expect(set.problems.map(\.description) == [
            "manifests/b.yaml:2:1: ConfigMap/spark/settings: defined twice: here and at manifests/a.yaml:1:1; remove one of them",
        ])
    }

    @Test("an object without a namespace collides with the same object in the default namespace")
    func duplicateThroughDefaultNamespace() {
        let set = load("""
            apiVersion: v1
            kind: ConfigMap
            metadata: {name: settings}
            ---
            apiVersion: v1
            kind: ConfigMap
            metadata: {name: settings, namespace: spark}
            """, namespace: "spark")
        #expect(set.problems.count == 1)
        #expect(set.problems.first?.location.line == 5)
    }

    @Test("label and annotation values must be strings")
    func labelValues() {
        let set = load("""
            apiVersion: v1
            kind: ConfigMap
            metadata:
              name: settings
              labels:
                version: 1.10
                enabled: yes
              annotations:
                replicas: 3
            """)
        #expect(messages(set) == [
            "manifests/app.yaml:6:14: ConfigMap/default/settings: metadata.labels.version must be a string, got a number (1.1); quote it",
            "manifests/app.yaml:7:14: ConfigMap/default/settings: metadata.labels.enabled must be a string, got a boolean (true); quote it",
            "manifests/app.yaml:9:15: ConfigMap/default/settings: metadata.annotations.replicas must be a string, got an integer (3); quote it",
        ])
    }

    @Test("a huge value is quoted by its start and length, so the message stays one short line")
    func hugeValueExcerpt() {
        let value = String(repeating: "x", count: 100_000)
        let set = load("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: huge\n  labels:\n    big: \(value)\n")
        #expect(messages(set) == [
            "manifests/app.yaml:6:10: ConfigMap/default/huge: metadata.labels.big value '\(value.prefix(256))… (100000 characters)' is invalid: it must be no more than 63 characters",
        ])
    }

    @Test("a list or a mapping where a string belongs is not told to be quoted")
    func mappingValue() {
        let set = load("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n  annotations:\n    note: {a: b}\n")
        #expect(messages(set) == [
            "manifests/app.yaml:6:11: ConfigMap/default/x: metadata.annotations.note must be a string, got a mapping; write it as one string (quoted, or a `|` block)",
        ])
    }

    @Test("a cluster-scoped object may not name a namespace")
    func clusterScopedNamespace() {
        let set = load("apiVersion: v1\nkind: Namespace\nmetadata:\n  name: spark\n  namespace: other\n")
        #expect(messages(set) == [
            "manifests/app.yaml:5:14: Namespace/spark: Namespace is cluster-scoped and cannot have metadata.namespace; remove it",
        ])
    }
}

@Suite("Service rules")
struct ServiceValidationTests {
    @Test("an unknown type and out-of-range ports are reported")
    func serviceRules() {
        let set = load("""
            apiVersion: v1
            kind: Service
            metadata: {name: web}
            spec:
              type: Bogus
              ports:
                - {port: 70000}
                - {port: 80, protocol: HTTP}
            """)
        #expect(set.problems.map(\.message) == [
            "spec.type 'Bogus' is not a Service type; use ClusterIP, NodePort, LoadBalancer or ExternalName",
            "spec.ports[0].port must be an integer from 1 to 65535, got an integer (70000)",
            "spec.ports[1].protocol 'HTTP' must be TCP, UDP or SCTP",
        ])
    }
}
