import FerryKube
import Foundation
import Testing
@testable import FerryLocalCluster

/// Server-side printing, over HTTPS and cell by cell.
@Suite("Tables")
struct TableTests {
    static let tableAccept = "application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json"

    static func ago(_ seconds: TimeInterval) -> JSONValue { .string(Timestamp.format(Date().addingTimeInterval(-seconds))) }

    @Test("a list with as=Table is a Table: columns, name format, PartialObjectMetadata rows")
    func listTable() async throws {
        let cluster = try await ServedCluster.start()
        try cluster.seed([
            "apiVersion": "v1", "kind": "ConfigMap",
            "metadata": ["name": "settings", "namespace": "default", "labels": ["app": "web"],
                         "managedFields": [["manager": "kubectl"]]],
            "data": ["a": "1", "b": "2"], "binaryData": ["c": "AA=="],
        ])
        let reply = try await cluster.client.get("/api/v1/namespaces/default/configmaps?limit=500", accept: Self.tableAccept)
        #expect(reply.status == 200)
        #expect(reply.header("Content-Type") == "application/json;as=Table;v=v1;g=meta.k8s.io")
        let table = reply.json
        #expect(table["kind"] == "Table")
        #expect(table["apiVersion"] == "meta.k8s.io/v1")
        #expect(table[path: ["metadata", "resourceVersion"]] == .string(String(cluster.store.resourceVersion)))
        let columns = table["columnDefinitions"]?.array ?? []
        #expect(columns.compactMap { $0["name"]?.string } == ["Name", "Data", "Age"])
        #expect(columns.first?["format"] == "name")
        #expect(columns.dropFirst().first?["type"] == "integer")
        // (The cluster's own kube-root-ca.crt is listed first.)
        #expect(table["rows"]?.array?.compactMap { $0["cells"]?.array?.first?.string } == ["kube-root-ca.crt", "settings"])
        let row = try #require(table["rows"]?.array?.last)
        #expect(row["cells"]?.array?.prefix(2) == ["settings", 3])
        #expect(row["cells"]?.array?.last?.string?.hasSuffix("s") == true)
        #expect(row[path: ["object", "kind"]] == "PartialObjectMetadata")
        #expect(row[path: ["object", "apiVersion"]] == "meta.k8s.io/v1")
        #expect(row[path: ["object", "metadata", "namespace"]] == "default")
        #expect(row[path: ["object", "metadata", "labels"]] == ["app": "web"])
        #expect(row[path: ["object", "metadata", "managedFields"]] == nil)
        await cluster.stop()
    }

    @Test("a single-object GET with as=Table is a one-row Table; v1beta1 alone is answered as v1beta1")
    func singleRow() async throws {
        let cluster = try await ServedCluster.start()
        let reply = try await cluster.client.get("/api/v1/namespaces/default", accept: Self.tableAccept)
        #expect(reply.json["kind"] == "Table")
        #expect(reply.json["rows"]?.array?.count == 1)
        #expect(reply.json["rows"]?.array?.first?["cells"]?.array?.prefix(2) == ["default", "Active"])
        let beta = try await cluster.client.get("/api/v1/namespaces", accept: "application/json;as=Table;v=v1beta1;g=meta.k8s.io")
        #expect(beta.json["apiVersion"] == "meta.k8s.io/v1beta1")
        let none = try await cluster.client.get("/api/v1/namespaces?includeObject=None", accept: Self.tableAccept)
        #expect(none.json["rows"]?.array?.first?["object"] == nil)
        await cluster.stop()
    }

    @Test("Deployment: Ready, Up-to-date, Available, Age | Containers, Images, Selector")
    func deployment() {
        let object: JSONValue = [
            "metadata": ["name": "web", "creationTimestamp": Self.ago(3 * 3600 + 125)],
            "spec": [
                "replicas": 3,
                "selector": ["matchLabels": ["app": "web"], "matchExpressions": [["key": "tier", "operator": "In", "values": ["be", "fe"]]]],
                "template": ["spec": ["containers": [["name": "nginx", "image": "nginx:1.25"], ["name": "log", "image": "busybox"]]]],
            ],
            "status": ["readyReplicas": 2, "updatedReplicas": 3, "availableReplicas": 2],
        ]
        let printer = TablePrinter.deployments
        #expect(printer.columns.map(\.name) == ["Name", "Ready", "Up-to-date", "Available", "Age", "Containers", "Images", "Selector"])
        #expect(printer.columns.map(\.priority) == [0, 0, 0, 0, 0, 1, 1, 1])
        #expect(printer.cells(object, Date()) == ["web", "2/3", 3, 2, "3h2m", "nginx,log", "nginx:1.25,busybox", "app=web,tier in (be,fe)"])
    }

    @Test("ReplicaSet: Desired, Current, Ready, Age | Containers, Images, Selector")
    func replicaSet() {
        let object: JSONValue = [
            "metadata": ["name": "web-5f48c89c7", "creationTimestamp": Self.ago(2 * 86400 + 10)],
            "spec": ["replicas": 2, "selector": ["matchLabels": ["pod-template-hash": "5f48c89c7", "app": "web"]],
                     "template": ["spec": ["containers": [["name": "nginx", "image": "nginx:1.25"]]]]],
            "status": ["replicas": 2, "readyReplicas": 1],
        ]
        #expect(TablePrinter.replicaSets.cells(object, Date())
            == ["web-5f48c89c7", 2, 2, 1, "2d", "nginx", "nginx:1.25", "app=web,pod-template-hash=5f48c89c7"])
    }

    @Test("Service: Type, Cluster-IP, External-IP, Port(s), Age | Selector")
    func service() {
        let clusterIP: JSONValue = [
            "metadata": ["name": "web", "creationTimestamp": Self.ago(5)],
            "spec": ["type": "ClusterIP", "clusterIP": "10.43.0.10", "clusterIPs": ["10.43.0.10"],
                     "ports": [["port": 80, "protocol": "TCP"], ["port": 53, "protocol": "UDP"]], "selector": ["app": "web", "tier": "fe"]],
        ]
        #expect(TablePrinter.services.cells(clusterIP, Date()) == ["web", "ClusterIP", "10.43.0.10", "<none>", "80/TCP,53/UDP", "5s", "app=web,tier=fe"])
        let nodePort: JSONValue = ["metadata": ["name": "np"], "spec": ["type": "NodePort", "ports": [["port": 80, "nodePort": 30080, "protocol": "TCP"]]]]
        #expect(TablePrinter.services.cells(nodePort, Date()) == ["np", "NodePort", "<none>", "<none>", "80:30080/TCP", "<unknown>", "<none>"])
        let balancer: JSONValue = ["metadata": ["name": "lb"], "spec": ["type": "LoadBalancer"]]
        #expect(TablePrinter.services.cells(balancer, Date())[3] == "<pending>")
    }

    static let podCases: [(status: JSONValue, ready: String, reason: String)] = [
        (["phase": "Pending", "containerStatuses": [["name": "c", "ready": false, "restartCount": 0,
                                                      "state": ["waiting": ["reason": "ContainerCreating"]]]]] as JSONValue, "0/1", "ContainerCreating"),
        (["phase": "Pending", "containerStatuses": [["name": "c", "ready": false, "restartCount": 0,
                                                      "state": ["waiting": ["reason": "ErrImagePull"]]]]], "0/1", "ErrImagePull"),
        (["phase": "Pending", "containerStatuses": [["name": "c", "ready": false, "restartCount": 0,
                                                      "state": ["waiting": ["reason": "ImagePullBackOff"]]]]], "0/1", "ImagePullBackOff"),
        (["phase": "Running", "conditions": [["type": "Ready", "status": "True"]],
          "containerStatuses": [["name": "c", "ready": true, "restartCount": 0, "state": ["running": ["startedAt": "2025-01-01T00:00:00Z"]]]]],
         "1/1", "Running"),
        (["phase": "Failed", "containerStatuses": [["name": "c", "ready": false, "restartCount": 0,
                                                     "state": ["terminated": ["exitCode": 137]]]]], "0/1", "ExitCode:137"),
        (["phase": "Pending", "initContainerStatuses": [["name": "init", "ready": false, "restartCount": 0,
                                                          "state": ["waiting": ["reason": "PodInitializing"]]]]], "0/1", "Init:0/1"),
        (["phase": "Pending"], "0/1", "Pending"),
    ]

    @Test("Pod status follows kubectl: waiting reasons, init containers, terminating", arguments: podCases)
    func podStatus(status: JSONValue, ready: String, reason: String) {
        let pod: JSONValue = [
            "metadata": ["name": "p", "creationTimestamp": Self.ago(42)],
            "spec": ["nodeName": "ferry-local", "containers": [["name": "c", "image": "nginx"]],
                     "initContainers": status["initContainerStatuses"] == nil ? [] : [["name": "init", "image": "busybox"]]],
            "status": status,
        ]
        let cells = TablePrinter.pods.cells(pod, Date())
        #expect(cells.count == 9)
        #expect(cells[1] == .string(ready))
        #expect(cells[2] == .string(reason))
        #expect(cells[3] == "0")
        #expect(cells[4] == "42s")
        #expect(Array(cells[5...]) == ["<none>", "ferry-local", "<none>", "<none>"])
    }

    @Test("Pod restarts show when the last one was; a pod being deleted is Terminating")
    func podRestartsAndTermination() {
        let pod: JSONValue = [
            "metadata": ["name": "p", "deletionTimestamp": Self.ago(1)],
            "spec": ["containers": [["name": "c"]]],
            "status": ["phase": "Running", "podIP": "10.42.0.7",
                       "containerStatuses": [["name": "c", "ready": true, "restartCount": 2, "state": ["running": [:]],
                                              "lastState": ["terminated": ["exitCode": 1, "finishedAt": Self.ago(125)]]]]],
        ]
        let cells = TablePrinter.pods.cells(pod, Date())
        #expect(cells[2] == "Terminating")
        #expect(cells[3] == "2 (2m5s ago)")
        #expect(cells[5] == "10.42.0.7")
    }

    @Test("Namespace, ConfigMap, Secret, ServiceAccount columns")
    func simpleKinds() {
        let now = Date()
        #expect(TablePrinter.namespaces.cells(["metadata": ["name": "dev"], "status": ["phase": "Terminating"]], now)
            == ["dev", "Terminating", "<unknown>"])
        #expect(TablePrinter.configMaps.cells(["metadata": ["name": "empty"]], now) == ["empty", 0, "<unknown>"])
        #expect(TablePrinter.secrets.cells(["metadata": ["name": "s"], "type": "kubernetes.io/tls", "data": ["a": "", "b": ""]], now)
            == ["s", "kubernetes.io/tls", 2, "<unknown>"])
        #expect(TablePrinter.serviceAccounts.cells(["metadata": ["name": "default"]], now) == ["default", 0, "<unknown>"])
    }

    static let durations: [(seconds: Double, text: String)] = [
        (0.0, "0s"), (5, "5s"), (119, "119s"), (120, "2m"), (185, "3m5s"), (600, "10m"), (179 * 60, "179m"),
        (3 * 3600, "3h"), (3 * 3600 + 120, "3h2m"), (8 * 3600, "8h"), (47 * 3600, "47h"), (2 * 86400, "2d"),
        (2 * 86400 + 3 * 3600, "2d3h"), (30 * 86400, "30d"), (2 * 365 * 86400, "2y"), (2 * 365 * 86400 + 20 * 86400, "2y20d"),
        (9 * 365 * 86400, "9y"), (-1.5, "0s"), (-5, "<invalid>"),
    ]

    @Test("ages read like kubectl's HumanDuration", arguments: durations)
    func humanDuration(seconds: Double, expected: String) {
        #expect(HumanDuration.format(seconds) == expected)
    }
}
