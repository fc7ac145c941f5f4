import Foundation
import FerryKube
import Testing

@Suite("Deployment rules")
struct DeploymentValidationTests {
    @Test("a valid Deployment has no problems")
    func valid() {
        #expect(messages(load(deployment())) == [])
    }

    @Test("a selector that does not match the template's labels")
    func selectorMismatch() {
        let set = load(deployment(selector: "app: spark-master", labels: "app: spark-worker"))
        #expect(messages(set) == [
            "manifests/app.yaml:9:7: Deployment/default/spark-worker: spec.selector.matchLabels app=spark-master does not match spec.template.metadata.labels (the template's labels are app=spark-worker); the Deployment would never find its pods",
        ])
    }

    @Test("matchExpressions are evaluated against the template's labels")
    func selectorExpressions() {
        let text = deployment(selector: "tier: web", labels: "tier: web")
            .replacingOccurrences(of: "    matchLabels:\n      tier: web", with: "    matchExpressions:\n      - {key: tier, operator: In, values: [db, cache]}")
        let set = load(text)
        #expect(set.problems.count == 1)
        #expect(set.problems.first?.message.hasPrefix("spec.selector.matchExpressions: tier In (db,cache) does not match the pod template") == true)
        #expect(set.problems.first?.location.line == 9)
    }

    @Test("a missing selector")
    func missingSelector() {
        let text = """
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: web}
            spec:
              template:
                metadata: {labels: {app: web}}
                spec: {containers: [{name: web, image: nginx}]}
            """
        #expect(messages(load(text)) == [
            "manifests/app.yaml:5:3: Deployment/default/web: missing spec.selector: apps/v1 requires it; add spec.selector.matchLabels with the pod template's labels",
        ])
    }

    @Test("negative and non-integer replicas", arguments: [
        ("-1", "spec.replicas must not be negative, got -1"),
        ("three", "spec.replicas must be an integer, got a string \"three\""),
        ("1.5", "spec.replicas must be an integer, got a number (1.5)"),
    ])
    func replicas(value: String, message: String) {
        let set = load(deployment(replicas: value))
        #expect(set.problems.map(\.message) == [message])
        #expect(set.problems.first?.location.line == 6 && set.problems.first?.location.column == 13)
    }

    @Test("a container without a name or an image")
    func containerWithoutNameOrImage() {
        let set = load(deployment(container: "- image: spark:2.1.0\n        - name: sidecar"))
        #expect(messages(set) == [
            "manifests/app.yaml:16:11: Deployment/default/spark-worker: spec.template.spec.containers[0] has no name; every container needs one",
            "manifests/app.yaml:17:11: Deployment/default/spark-worker: spec.template.spec.containers[1]: container 'sidecar' has no image; set e.g. `image: apache/spark:3.5.1`",
        ])
    }

    @Test("invalid image references", arguments: [
        ("Spark:2.1.0", "must be lowercase in its repository name ('Spark')"),
        ("spark:", "has an invalid tag ''"),
        ("spark:2.1.0 ", "contains white space"),
        ("spark@sha256:abc", "has an invalid digest 'sha256:abc'"),
        ("spark::1", "has an invalid repository name component 'spark:'"),
        ("spark--/x", "has an invalid repository name component 'spark--'"),
    ])
    func invalidImages(image: String, reason: String) {
        let set = load(deployment(container: "- name: worker\n          image: \"\(image)\""))
        #expect(set.problems.count == 1)
        #expect(set.problems.first?.message.contains("spec.template.spec.containers[0].image: invalid image reference '\(image)': it \(reason)") == true)
        #expect(set.problems.first?.location.line == 17)
    }

    @Test("valid image references", arguments: [
        "spark", "spark:2.1.0", "apache/spark:3.5.1", "registry.example.com:5000/team/spark:1.6.3",
        "localhost/spark", "ghcr.io/a/b/c:v1_2.3-rc", "spark@sha256:" + String(repeating: "a", count: 64),
        "docker.io/library/spark:2.1.0@sha256:" + String(repeating: "0", count: 64), "my__repo/x.y-z",
    ])
    func validImages(image: String) throws {
        let reference = try ImageReference(parsing: image)
        #expect(!reference.path.isEmpty)
        #expect(messages(load(deployment(container: "- name: worker\n          image: \"\(image)\""))) == [])
    }

    @Test("env values and container ports are checked")
    func envAndPorts() {
        let set = load(deployment(container: "- name: worker\n          image: spark:2.1.0\n          env: [{name: PORT, value: 7077}]\n          ports: [{containerPort: 70000}]"))
        #expect(set.problems.map(\.message) == [
            "spec.template.spec.containers[0].env[0].value of PORT must be a string, got an integer (7077); quote it",
            "spec.template.spec.containers[0].ports[0].containerPort must be an integer from 1 to 65535, got an integer (70000)",
        ])
    }

    @Test("every problem is reported, not just the first")
    func allProblems() {
        let set = load(deployment(name: "Bad_Name", replicas: "-2", selector: "app: x1", labels: "app: y1",
                                  container: "- name: w\n          image: \"A:b\""))
        #expect(set.problems.count == 4)
        #expect(set.problems.map(\.location.line) == [4, 6, 9, 17])
    }
}
