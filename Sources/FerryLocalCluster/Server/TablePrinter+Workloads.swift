import FerryKube
import Foundation

/// Deployments, ReplicaSets and Pods, with the cells kubernetes/pkg/printers computes.
extension TablePrinter {
    static let deployments = TablePrinter(columns: [
        nameColumn, Column(name: "Ready", type: "string"), Column(name: "Up-to-date", type: "integer"),
        Column(name: "Available", type: "integer"), ageColumn,
        Column(name: "Containers", type: "string", priority: 1), Column(name: "Images", type: "string", priority: 1),
        Column(name: "Selector", type: "string", priority: 1),
    ]) { object, now in
        let desired = object[path: ["spec", "replicas"]]?.int ?? 1
        let ready = integer(object[path: ["status", "readyReplicas"]])
        let (containers, images) = containerCells(object[path: ["spec", "template", "spec", "containers"]])
        return [
            name(object), .string("\(ready)/\(desired)"), .int(integer(object[path: ["status", "updatedReplicas"]])),
            .int(integer(object[path: ["status", "availableReplicas"]])), age(object, now),
            .string(containers), .string(images), .string(selector(object[path: ["spec", "selector"]])),
        ]
    }

    static let replicaSets = TablePrinter(columns: [
        nameColumn, Column(name: "Desired", type: "integer"), Column(name: "Current", type: "integer"),
        Column(name: "Ready", type: "integer"), ageColumn,
        Column(name: "Containers", type: "string", priority: 1), Column(name: "Images", type: "string", priority: 1),
        Column(name: "Selector", type: "string", priority: 1),
    ]) { object, now in
        let (containers, images) = containerCells(object[path: ["spec", "template", "spec", "containers"]])
        return [
            name(object), .int(object[path: ["spec", "replicas"]]?.int ?? 1),
            .int(integer(object[path: ["status", "replicas"]])), .int(integer(object[path: ["status", "readyReplicas"]])),
            age(object, now), .string(containers), .string(images), .string(selector(object[path: ["spec", "selector"]])),
        ]
    }

    static let pods = TablePrinter(columns: [
        nameColumn, Column(name: "Ready", type: "string"), Column(name: "Status", type: "string"),
        Column(name: "Restarts", type: "string"), ageColumn,
        Column(name: "IP", type: "string", priority: 1), Column(name: "Node", type: "string", priority: 1),
        Column(name: "Nominated Node", type: "string", priority: 1), Column(name: "Readiness Gates", type: "string", priority: 1),
    ]) { object, now in
        let summary = PodSummary(object, now: now)
        let none = { (value: String?) -> JSONValue in .string(value.flatMap { $0.isEmpty ? nil : $0 } ?? "<none>") }
        return [
            name(object), .string("\(summary.readyContainers)/\(summary.totalContainers)"), .string(summary.reason),
            .string(summary.restarts), age(object, now),
            none(object[path: ["status", "podIPs"]]?.array?.first?["ip"]?.string ?? object[path: ["status", "podIP"]]?.string),
            none(object[path: ["spec", "nodeName"]]?.string), none(object[path: ["status", "nominatedNodeName"]]?.string),
            .string(summary.readinessGates),
        ]
    }

    /// `nginx,sidecar` and `nginx:1.25,busybox`, as kubectl lays out the wide columns.
    static func containerCells(_ containers: JSONValue?) -> (names: String, images: String) {
        let list = containers?.array ?? []
        return (list.map { $0["name"]?.string ?? "" }.joined(separator: ","),
                list.map { $0["image"]?.string ?? "" }.joined(separator: ","))
    }

    /// A `metav1.LabelSelector` in query form, requirements sorted by key.
    static func selector(_ json: JSONValue?) -> String {
        guard let json, json.object != nil else { return "<none>" }
        guard let selector = try? LabelSelector(json: json) else { return "<invalid>" }
        if selector.requirements.isEmpty { return "<none>" }
        let sorted = selector.requirements.enumerated().sorted {
            ($0.element.key, $0.offset) < ($1.element.key, $1.offset)
        }.map(\.element)
        return LabelSelector(requirements: sorted).description
    }
}

/// The Ready, Status and Restarts cells of a pod, computed as kubectl's `printPod`
/// does: a waiting container's reason (`ContainerCreating`, `ErrImagePull`,
/// `ImagePullBackOff`) wins over the phase, init containers show as `Init:0/1`,
/// and a pod being deleted is `Terminating`.
struct PodSummary {
    var readyContainers = 0
    var totalContainers = 0
    var reason = ""
    var restarts = "0"
    var readinessGates = "<none>"

    init(_ pod: JSONValue, now: Date) {
        let spec = pod["spec"] ?? [:]
        let status = pod["status"] ?? [:]
        let phase = status["phase"]?.string ?? ""
        reason = phase
        if let podReason = status["reason"]?.string, !podReason.isEmpty { reason = podReason }
        let conditions = status["conditions"]?.array ?? []
        if conditions.contains(where: { $0["type"]?.string == "PodScheduled" && $0["reason"]?.string == "SchedulingGated" }) {
            reason = "SchedulingGated"
        }

        let initSpecs = spec["initContainers"]?.array ?? []
        let restartable = Set(initSpecs.filter { $0["restartPolicy"]?.string == "Always" }.compactMap { $0["name"]?.string })
        totalContainers = (spec["containers"]?.array?.count ?? 0) + restartable.count

        var restartCount: Int64 = 0
        var restartableRestarts: Int64 = 0
        var lastRestart: Date?
        var lastRestartableRestart: Date?
        var initializing = false
        let initStatuses = status["initContainerStatuses"]?.array ?? []
        for (index, container) in initStatuses.enumerated() {
            restartCount += container["restartCount"]?.int ?? 0
            let finished = Self.finishedAt(container)
            lastRestart = Self.later(lastRestart, finished)
            let name = container["name"]?.string ?? ""
            let isRestartable = restartable.contains(name)
            if isRestartable {
                restartableRestarts += container["restartCount"]?.int ?? 0
                lastRestartableRestart = Self.later(lastRestartableRestart, finished)
            }
            let state = container["state"] ?? [:]
            if let terminated = state["terminated"], terminated["exitCode"]?.int == 0 { continue }
            if isRestartable, container["started"]?.bool == true {
                if container["ready"]?.bool == true { readyContainers += 1 }
                continue
            }
            if let terminated = state["terminated"] {
                reason = "Init:" + Self.terminationReason(terminated)
            } else if let waiting = state["waiting"]?["reason"]?.string, !waiting.isEmpty, waiting != "PodInitializing" {
                reason = "Init:" + waiting
            } else {
                reason = "Init:\(index)/\(initSpecs.count)"
            }
            initializing = true
            break
        }

        let initialized = conditions.contains { $0["type"]?.string == "Initialized" && $0["status"]?.string == "True" }
        if !initializing || initialized {
            restartCount = restartableRestarts
            lastRestart = lastRestartableRestart
            var hasRunning = false
            for container in (status["containerStatuses"]?.array ?? []).reversed() {
                restartCount += container["restartCount"]?.int ?? 0
                lastRestart = Self.later(lastRestart, Self.finishedAt(container))
                let state = container["state"] ?? [:]
                if let waiting = state["waiting"]?["reason"]?.string, !waiting.isEmpty {
                    reason = waiting
                } else if let terminated = state["terminated"] {
                    reason = Self.terminationReason(terminated)
                } else if container["ready"]?.bool == true, state["running"] != nil {
                    hasRunning = true
                    readyContainers += 1
                }
            }
            if reason == "Completed", hasRunning {
                let ready = conditions.contains { $0["type"]?.string == "Ready" && $0["status"]?.string == "True" }
                reason = ready ? "Running" : "NotReady"
            }
        }

        if pod[path: ["metadata", "deletionTimestamp"]]?.string != nil {
            if status["reason"]?.string == "NodeLost" {
                reason = "Unknown"
            } else if phase != "Succeeded", phase != "Failed" {
                reason = "Terminating"
            }
        }

        restarts = String(restartCount)
        if restartCount != 0, let lastRestart {
            restarts = "\(restartCount) (\(HumanDuration.format(now.timeIntervalSince(lastRestart))) ago)"
        }

        let gates = spec["readinessGates"]?.array ?? []
        if !gates.isEmpty {
            let met = gates.filter { gate in
                conditions.first { $0["type"] == gate["conditionType"] }?["status"]?.string == "True"
            }.count
            readinessGates = "\(met)/\(gates.count)"
        }
    }

    private static func terminationReason(_ terminated: JSONValue) -> String {
        if let reason = terminated["reason"]?.string, !reason.isEmpty { return reason }
        if let signal = terminated["signal"]?.int, signal != 0 { return "Signal:\(signal)" }
        return "ExitCode:\(terminated["exitCode"]?.int ?? 0)"
    }

    private static func finishedAt(_ container: JSONValue) -> Date? {
        container[path: ["lastState", "terminated", "finishedAt"]]?.string.flatMap(Timestamp.parse)
    }

    private static func later(_ first: Date?, _ second: Date?) -> Date? {
        guard let second else { return first }
        guard let first else { return second }
        return max(first, second)
    }
}
