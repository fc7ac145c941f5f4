import FerryKube
import Foundation
import Testing
@testable import FerryLocalCluster

@Suite("Controller building blocks")
struct ControllerUnitTests {
    @Test("FNV-32a and the safe encoding match upstream's")
    func hashing() {
        var empty = FNV32a()
        empty.add([])
        #expect(empty.value == 2_166_136_261)
        var letter = FNV32a()
        letter.add(Array("a".utf8))
        #expect(letter.value == 0xe40c_292c)
        // SafeEncodeString maps the decimal digits byte by byte.
        #expect(PodTemplateHash.safeEncode("2166136261") == "65bb57b6b5")
        #expect(PodTemplateHash.safeEncode("0123456789") == "4567896bcd".replacingOccurrences(of: "6bcd", with: "bcdf"))
    }

    @Test("template identity ignores the hash label, nulls and empty maps, and the hash follows it")
    func templateIdentity() {
        let template: JSONValue = [
            "metadata": ["labels": ["app": "web"]],
            "spec": ["containers": [["name": "main", "image": "nginx:1.25", "ports": [["containerPort": 80]]]]],
        ]
        var undo = template
        undo[path: ["metadata", "labels", "pod-template-hash"]] = "abc"
        undo[path: ["metadata", "creationTimestamp"]] = .null
        undo[path: ["spec", "containers"]] = [["name": "main", "image": "nginx:1.25", "ports": [["containerPort": 80.0]],
                                               "resources": [:], "env": []]]
        #expect(PodTemplateHash.equalIgnoringHash(template, undo))
        #expect(PodTemplateHash.compute(template, collisionCount: nil) == PodTemplateHash.compute(undo, collisionCount: nil))
        var changed = template
        changed[path: ["spec", "containers"]] = [["name": "main", "image": "nginx:1.26"]]
        #expect(!PodTemplateHash.equalIgnoringHash(template, changed))
        #expect(PodTemplateHash.compute(template, collisionCount: nil) != PodTemplateHash.compute(template, collisionCount: 1))
        // emptyDir: {} means something: it is kept.
        let withVolume: JSONValue = ["spec": ["volumes": [["name": "scratch", "emptyDir": [:]]]]]
        let withoutSource: JSONValue = ["spec": ["volumes": [["name": "scratch"]]]]
        #expect(!PodTemplateHash.equalIgnoringHash(withVolume, withoutSource))
    }

    @Test("maxSurge rounds up, maxUnavailable down, and both zero make unavailability 1")
    func fenceposts() throws {
        func deployment(_ replicas: Int64, _ surge: JSONValue, _ unavailable: JSONValue) throws -> DeploymentView {
            var object = deploymentFixture(replicas: replicas, maxSurge: surge, maxUnavailable: unavailable)
            object[path: ["metadata", "uid"]] = "u"
            return try #require(DeploymentView(object: object, key: StoreKey(ResourceCatalog.deployments, namespace: "default", name: "web")))
        }
        let quarter = try deployment(3, "25%", "25%")
        #expect(quarter.maxSurge == 1 && quarter.maxUnavailable == 0)
        let ten = try deployment(10, "25%", "25%")
        #expect(ten.maxSurge == 3 && ten.maxUnavailable == 2)
        let zero = try deployment(4, 0, "0%")
        #expect(zero.maxSurge == 0 && zero.maxUnavailable == 1)
        let capped = try deployment(2, 1, 5)
        #expect(capped.maxUnavailable == 2)
        var recreate = deploymentFixture(recreate: true)
        recreate[path: ["metadata", "uid"]] = "u"
        let strategy = DeploymentView(object: recreate, key: StoreKey(ResourceCatalog.deployments, namespace: "default", name: "web"))
        #expect(strategy?.maxSurge == 0 && strategy?.maxUnavailable == 0)
    }

    @Test("missing Deployment fields get the API's defaults")
    func deploymentDefaults() throws {
        let object: JSONValue = ["metadata": ["name": "bare", "uid": "u"], "spec": ["selector": ["matchLabels": ["a": "b"]]]]
        let deployment = try #require(DeploymentView(object: object, key: StoreKey(ResourceCatalog.deployments, namespace: "d", name: "bare")))
        #expect(deployment.replicas == 1)
        #expect(deployment.strategy == .rollingUpdate(maxSurge: .percent(25), maxUnavailable: .percent(25)))
        #expect(deployment.revisionHistoryLimit == 10)
        #expect(deployment.progressDeadlineSeconds == 600)
        #expect(deployment.minReadySeconds == 0)
        #expect(!deployment.paused)
    }

    @Test("image references are normalised as containerd does")
    func imageReferences() {
        #expect(ImageReference.normalize("spark:2.1.0") == "docker.io/library/spark:2.1.0")
        #expect(ImageReference.normalize("docker.io/library/spark:2.1.0") == "docker.io/library/spark:2.1.0")
        #expect(ImageReference.normalize("nginx") == "docker.io/library/nginx:latest")
        #expect(ImageReference.normalize("bitnami/spark") == "docker.io/bitnami/spark:latest")
        #expect(ImageReference.normalize("index.docker.io/library/nginx:1") == "docker.io/library/nginx:1")
        #expect(ImageReference.normalize("ghcr.io/acme/tool:v2") == "ghcr.io/acme/tool:v2")
        #expect(ImageReference.normalize("localhost:5000/app") == "localhost:5000/app:latest")
        #expect(ImageReference.normalize("localhost/app:1") == "localhost/app:1")
        #expect(ImageReference.normalize("nginx@sha256:abc") == "docker.io/library/nginx@sha256:abc")
        let catalog = ImageCatalog(["spark:2.1.0"])
        #expect(catalog.contains("docker.io/library/spark:2.1.0"))
        #expect(!catalog.contains("spark:9.9.9"))
        #expect(ImageCatalog(nil).contains("anything:at-all"))
    }

    @Test("an image catalog file: one reference a line, blank lines and comments ignored")
    func imageCatalogFile() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("catalog-\(UUID().uuidString).txt").path
        try "# images\n\nspark:2.1.0\n  nginx:1.25   # web\n\tdocker.io/bitnami/redis\n".write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let catalog = try ClusterSettings.loadImageCatalog(path: path)
        #expect(catalog == ["docker.io/library/spark:2.1.0", "docker.io/library/nginx:1.25", "docker.io/bitnami/redis:latest"])
        #expect(throws: ImageCatalogError.self) { try ClusterSettings.loadImageCatalog(path: path + ".missing") }
    }

    @Test("scale-down deletes unscheduled, pending and unready pods first, then the newest")
    func deletionOrder() {
        func pod(_ name: String, node: Bool = true, phase: String = "Running", ready: Bool = true,
                 readySince: String = "2024-01-01T00:00:00Z", created: String = "2024-01-01T00:00:00Z") -> JSONValue {
            var pod: JSONValue = [
                "metadata": ["name": .string(name), "creationTimestamp": .string(created)],
                "spec": node ? ["nodeName": "ferry-local"] : [:],
                "status": ["phase": .string(phase), "conditions": [
                    ["type": "Ready", "status": ready ? "True" : "False", "lastTransitionTime": .string(readySince)],
                ]],
            ]
            pod[path: ["metadata", "uid"]] = .string(name)
            return pod
        }
        let pods = [
            pod("old-ready"),
            pod("new-ready", readySince: "2024-01-01T00:05:00Z", created: "2024-01-01T00:04:00Z"),
            pod("unready", ready: false),
            pod("pending", phase: "Pending", ready: false),
            pod("unscheduled", node: false, phase: "Pending", ready: false),
        ]
        let order = pods.sorted(by: ReplicaSetController.deletesFirst).map(\.name)
        #expect(order == ["unscheduled", "pending", "unready", "new-ready", "old-ready"])
    }

    @Test("a work queue holds a key once, requeues keys added while processing, and fires timers")
    func workQueue() async throws {
        let time = SimulatedTime()
        let queue = WorkQueue<String>(clock: time.clock)
        queue.add("a")
        queue.add("a")
        queue.add("b")
        var iterator = queue.items.makeAsyncIterator()
        #expect(await iterator.next() == "a")
        queue.begin("a")
        queue.add("a")
        #expect(await iterator.next() == "b")
        queue.begin("b")
        #expect(await iterator.next() == "a")
        queue.begin("a")
        queue.add("c", after: .seconds(1))
        queue.add("c", after: .seconds(100))
        // The earlier timer wins; nothing is queued until the clock reaches it.
        #expect(time.nextDeadline == time.now.addingTimeInterval(1))
        time.advance(to: time.now.addingTimeInterval(0.5))
        #expect(queue.pendingCount == 1)
        time.advance(to: time.now.addingTimeInterval(0.5))
        #expect(time.nextDeadline == nil)
        #expect(await iterator.next() == "c")
        queue.shutDown()
        #expect(await iterator.next() == nil)
    }
}
