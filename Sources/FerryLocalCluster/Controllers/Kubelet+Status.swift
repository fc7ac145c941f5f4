import Crypto
import FerryKube
import Foundation

extension Kubelet {
    /// The pod status the kubelet reports at a stage. Anything unchanged keeps its
    /// timestamps (condition transitions, startTime, container start), so reporting
    /// the same stage twice is a no-op write.
    func status(of pod: JSONValue, stage: Stage, now: Date) -> JSONValue {
        let existing = pod["status"] ?? .object([:])
        let stamp = Timestamp.format(now)
        let initContainers = containers(of: pod, "initContainers")
        let regular = containers(of: pod, "containers")
        let previous = Dictionary(
            ((existing["initContainerStatuses"]?.array ?? []) + (existing["containerStatuses"]?.array ?? []))
                .compactMap { status in status["name"]?.string.map { ($0, status) } },
            uniquingKeysWith: { first, _ in first })

        var initStatuses: [JSONValue] = []
        var statuses: [JSONValue] = []
        var sandboxReady = false
        var initialized = initContainers.isEmpty
        var incompleteInit: [String] = []
        switch stage {
        case .creating:
            for container in initContainers {
                initStatuses.append(waiting(container, reason: "PodInitializing", message: nil))
                incompleteInit.append(container.name)
            }
            let reason = initContainers.isEmpty ? "ContainerCreating" : "PodInitializing"
            statuses = regular.map { waiting($0, reason: reason, message: nil) }
        case .started(let failure):
            sandboxReady = true
            var initDone = true
            for container in initContainers {
                if !initDone {
                    initStatuses.append(waiting(container, reason: "PodInitializing", message: nil))
                    incompleteInit.append(container.name)
                } else if catalog.contains(container.image) {
                    initStatuses.append(completed(container, pod: pod, previous: previous[container.name], stamp: stamp))
                } else {
                    initStatuses.append(pullFailed(container, failure: failure ?? .errImagePull))
                    incompleteInit.append(container.name)
                    initDone = false
                }
            }
            initialized = initDone
            for container in regular {
                if !initDone {
                    statuses.append(waiting(container, reason: "PodInitializing", message: nil))
                } else if catalog.contains(container.image) {
                    statuses.append(running(container, pod: pod, previous: previous[container.name], stamp: stamp))
                } else {
                    statuses.append(pullFailed(container, failure: failure ?? .errImagePull))
                }
            }
        }
        let unready = zip(regular, statuses).filter { $0.1["ready"]?.bool != true }.map(\.0.name)
        let ready = sandboxReady && initialized && unready.isEmpty && !regular.isEmpty
        // getPhase: any container still waiting keeps the pod Pending.
        let phase = ready ? "Running" : "Pending"

        let notReadyMessage = "containers with unready status: [\(unready.joined(separator: " "))]"
        let conditions: [JSONValue] = [
            condition("PodReadyToStartContainers", sandboxReady, existing: existing, stamp: stamp),
            condition("Initialized", initialized, existing: existing, stamp: stamp,
                      reason: "ContainersNotInitialized",
                      message: "containers with incomplete status: [\(incompleteInit.joined(separator: " "))]"),
            condition("Ready", ready, existing: existing, stamp: stamp, reason: "ContainersNotReady", message: notReadyMessage),
            condition("ContainersReady", ready, existing: existing, stamp: stamp, reason: "ContainersNotReady",
                      message: notReadyMessage),
            condition("PodScheduled", true, existing: existing, stamp: stamp),
        ]

        var status: [String: JSONValue] = [
            "phase": .string(phase),
            "conditions": .array(conditions),
            "hostIP": "127.0.0.1",
            "hostIPs": [["ip": "127.0.0.1"]],
            "qosClass": existing["qosClass"] ?? .string(PodState.qosClass(pod["spec"] ?? .object([:]))),
            "startTime": existing["startTime"] ?? .string(stamp),
        ]
        if !statuses.isEmpty { status["containerStatuses"] = .array(statuses) }
        if !initStatuses.isEmpty { status["initContainerStatuses"] = .array(initStatuses) }
        if sandboxReady {
            let address = existing["podIP"]?.string ?? Self.podIP(for: pod.uid ?? pod.name)
            status["podIP"] = .string(address)
            status["podIPs"] = [["ip": .string(address)]]
        }
        return .object(status)
    }

    /// A pod condition, keeping the previous transition time when its status is the same.
    private func condition(_ type: String, _ isTrue: Bool, existing: JSONValue, stamp: String,
                           reason: String? = nil, message: String? = nil) -> JSONValue {
        let status = isTrue ? "True" : "False"
        let previous = existing["conditions"]?.array?.first { $0["type"]?.string == type }
        let transition = previous?["status"]?.string == status
            ? previous?["lastTransitionTime"] ?? .string(stamp) : .string(stamp)
        var members: [String: JSONValue] = [
            "type": .string(type), "status": .string(status), "lastProbeTime": .null, "lastTransitionTime": transition,
        ]
        if !isTrue, let reason { members["reason"] = .string(reason) }
        if !isTrue, let message { members["message"] = .string(message) }
        return .object(members)
    }

    private func waiting(_ container: (name: String, image: String), reason: String, message: String?) -> JSONValue {
        var state: [String: JSONValue] = ["reason": .string(reason)]
        if let message { state["message"] = .string(message) }
        return [
            "name": .string(container.name), "image": .string(container.image), "imageID": "",
            "lastState": [:], "ready": false, "restartCount": 0, "started": false,
            "state": ["waiting": .object(state)],
        ]
    }

    /// The waiting state of a container whose image cannot be pulled, worded as
    /// containerd and the kubelet word it.
    private func pullFailed(_ container: (name: String, image: String), failure: PullFailure) -> JSONValue {
        let normalized = ImageReference.normalize(container.image)
        switch failure {
        case .errImagePull:
            return waiting(container, reason: "ErrImagePull", message:
                "rpc error: code = NotFound desc = failed to pull and unpack image \"\(normalized)\": "
                + "failed to resolve reference \"\(normalized)\": \(normalized): not found")
        case .backOff:
            return waiting(container, reason: "ImagePullBackOff", message: "Back-off pulling image \"\(container.image)\"")
        }
    }

    private func running(_ container: (name: String, image: String), pod: JSONValue, previous: JSONValue?,
                         stamp: String) -> JSONValue {
        let startedAt = previous?[path: ["state", "running", "startedAt"]] ?? .string(stamp)
        var status = started(container, pod: pod)
        status["ready"] = true
        status["started"] = true
        status["state"] = ["running": ["startedAt": startedAt]]
        return status
    }

    private func completed(_ container: (name: String, image: String), pod: JSONValue, previous: JSONValue?,
                           stamp: String) -> JSONValue {
        let terminated = previous?[path: ["state", "terminated"]]
        var status = started(container, pod: pod)
        status["ready"] = true
        status["started"] = false
        status["state"] = ["terminated": [
            "exitCode": 0, "reason": "Completed",
            "startedAt": terminated?["startedAt"] ?? .string(stamp),
            "finishedAt": terminated?["finishedAt"] ?? .string(stamp),
            "containerID": status["containerID"] ?? "",
        ]]
        return status
    }

    /// The fields of a container the runtime has created: resolved image, image and container IDs.
    private func started(_ container: (name: String, image: String), pod: JSONValue) -> JSONValue {
        let normalized = ImageReference.normalize(container.image)
        let digest = ImageReference.digest(of: normalized) ?? "sha256:" + Self.sha256(normalized)
        return [
            "name": .string(container.name),
            "image": .string(normalized),
            "imageID": .string(ImageReference.repository(ofNormalized: normalized) + "@" + digest),
            "containerID": .string("containerd://" + Self.sha256((pod.uid ?? pod.name) + "/" + container.name)),
            "lastState": [:],
            "restartCount": 0,
        ]
    }

    /// A stable address in 10.42.0.0/16 for a pod (never .0, .1 or .255 in the last octet).
    static func podIP(for identity: String) -> String {
        var hash = FNV32a()
        hash.add(Array(identity.utf8))
        return "10.42.\((hash.value >> 8) % 256).\(2 + hash.value % 253)"
    }

    static func sha256(_ text: String) -> String {
        SHA256.hash(data: Array(text.utf8)).map { byte in
            let hex = String(byte, radix: 16)
            return byte < 16 ? "0" + hex : hex
        }.joined()
    }
}
