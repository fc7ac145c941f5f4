import Crypto
import FerryKube
import Foundation

extension Kubelet {
    /// The pod status the kubelet reports at a stage; `origin` is when the pod was
    /// first seen, from which the stage's times count. Anything unchanged keeps its
    /// timestamps (condition transitions, startTime, container start), so reporting
    /// the same stage twice is a no-op write.
    func status(of pod: JSONValue, stage: Stage, now: Date, origin: Date) -> JSONValue {
        let existing = pod["status"] ?? .object([:])
        let stamp = Timestamp.format(now)
        let initContainers = containers(of: pod, "initContainers")
        let regular = containers(of: pod, "containers")
        let previous = Dictionary(
            ((existing["initContainerStatuses"]?.array ?? []) + (existing["containerStatuses"]?.array ?? []))
                .compactMap { status in status["name"]?.string.map { ($0, status) } },
            uniquingKeysWith: { first, _ in first })
        let at = { (offset: TimeInterval) in Timestamp.format(origin.addingTimeInterval(offset)) }

        var initStatuses: [JSONValue] = []
        var statuses: [JSONValue] = []
        var sandboxReady = true
        var initialized = true
        var incompleteInit: [String] = []
        var finished = false
        switch stage {
        case .creating:
            sandboxReady = false
            initialized = initContainers.isEmpty
            for container in initContainers {
                initStatuses.append(waiting(container, reason: "PodInitializing", message: nil))
                incompleteInit.append(container.name)
            }
            let reason = initContainers.isEmpty ? "ContainerCreating" : "PodInitializing"
            statuses = regular.map { waiting($0, reason: reason, message: nil) }
        case .pullFailed(let failure, _):
            for container in initContainers {
                if !initialized {
                    initStatuses.append(waiting(container, reason: "PodInitializing", message: nil))
                    incompleteInit.append(container.name)
                } else if catalog.contains(container.image) {
                    initStatuses.append(completed(container, pod: pod, previous: previous[container.name], stamp: stamp))
                } else {
                    initStatuses.append(pullFailed(container, failure: failure))
                    incompleteInit.append(container.name)
                    initialized = false
                }
            }
            for container in regular {
                if !initialized {
                    statuses.append(waiting(container, reason: "PodInitializing", message: nil))
                } else if catalog.contains(container.image) {
                    statuses.append(running(container, pod: pod, previous: previous[container.name], stamp: stamp))
                } else {
                    statuses.append(pullFailed(container, failure: failure))
                }
            }
        case .running, .backingOff, .finished:
            initStatuses = initContainers.map { completed($0, pod: pod, previous: previous[$0.name], stamp: stamp) }
            let codes = exitCodes(of: pod)
            let firstRun = Run(start: settings.podStartDelay.timeInterval,
                               end: settings.podStartDelay.timeInterval + settings.podRunDuration.timeInterval)
            for (container, code) in zip(regular, codes) {
                statuses.append(runStatus(container, pod: pod, code: code, stage: stage, firstRun: firstRun, at: at,
                                          previous: previous[container.name], stamp: stamp))
            }
            if case .finished = stage {
                finished = true
                sandboxReady = false
            }
        }
        let unready = zip(regular, statuses).filter { $0.1["ready"]?.bool != true }.map(\.0.name)
        let ready = sandboxReady && initialized && unready.isEmpty && !regular.isEmpty
        // getPhase: any container still waiting (never run) keeps the pod Pending; an
        // OnFailure pod restarting its containers is Running.
        var phase = ready ? "Running" : "Pending"
        switch stage {
        case .running, .backingOff: phase = "Running"
        case .finished: phase = exitCodes(of: pod).allSatisfy { $0 == 0 } ? "Succeeded" : "Failed"
        default: break
        }

        let notReadyMessage = "containers with unready status: [\(unready.joined(separator: " "))]"
        let completedReason = finished ? "PodCompleted" : nil
        let conditions: [JSONValue] = [
            condition("PodReadyToStartContainers", sandboxReady, existing: existing, stamp: stamp),
            condition("Initialized", initialized, existing: existing, stamp: stamp,
                      reason: "ContainersNotInitialized",
                      message: "containers with incomplete status: [\(incompleteInit.joined(separator: " "))]",
                      trueReason: completedReason),
            condition("Ready", ready, existing: existing, stamp: stamp, reason: completedReason ?? "ContainersNotReady",
                      message: finished ? nil : notReadyMessage),
            condition("ContainersReady", ready, existing: existing, stamp: stamp,
                      reason: completedReason ?? "ContainersNotReady", message: finished ? nil : notReadyMessage),
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
        if sandboxReady || finished, stage != .creating {
            let address = existing["podIP"]?.string ?? Self.podIP(for: pod.uid ?? pod.name)
            status["podIP"] = .string(address)
            status["podIPs"] = [["ip": .string(address)]]
        }
        return .object(status)
    }

    /// A container of a pod that runs to completion, at a stage after its start: one
    /// that exits 0 finished with the first run; a failing one is running, backing
    /// off (with its last exit as `lastState`) or finished with the latest run.
    private func runStatus(_ container: (name: String, image: String), pod: JSONValue, code: Int64, stage: Stage,
                           firstRun: Run, at: (TimeInterval) -> String, previous: JSONValue?, stamp: String) -> JSONValue {
        var status = started(container, pod: pod)
        func terminated(_ run: Run, _ code: Int64) -> JSONValue {
            ["terminated": [
                "exitCode": .int(code), "reason": .string(ContainerExit.reason(code)),
                "startedAt": .string(at(run.start)), "finishedAt": .string(at(run.end)),
                "containerID": status["containerID"] ?? "",
            ]]
        }
        let completes = ContainerExit.runsToCompletion(pod)
        switch stage {
        case .running(let restarts, let since):
            if !completes { return running(container, pod: pod, previous: previous, stamp: stamp) }
            if restarts > 0, code == 0 {
                status["state"] = terminated(firstRun, 0)
                status["ready"] = false
                status["started"] = false
                return status
            }
            status["restartCount"] = .int(Int64(restarts))
            if restarts > 0 { status["lastState"] = terminated(previousRun(restarts: restarts, since: since), code) }
            status["state"] = ["running": ["startedAt": .string(at(since))]]
            status["ready"] = true
            status["started"] = true
        case .backingOff(let restarts, let lastRun, let backOff):
            status["ready"] = false
            status["started"] = false
            status["restartCount"] = .int(Int64(restarts))
            guard code != 0 else {
                status["state"] = terminated(firstRun, 0)
                return status
            }
            status["lastState"] = terminated(lastRun, code)
            let seconds = Int(backOff.rounded())
            status["state"] = ["waiting": [
                "reason": "CrashLoopBackOff",
                "message": .string("back-off \(HumanDuration.format(TimeInterval(seconds))) restarting failed container=\(container.name) pod=\(pod.name)_\(pod.namespace)(\(pod.uid ?? ""))"),
            ]]
        case .finished(let restarts, let lastRun):
            status["ready"] = false
            status["started"] = false
            status["restartCount"] = .int(Int64(code == 0 ? 0 : restarts))
            status["state"] = terminated(code == 0 && restarts > 0 ? firstRun : lastRun, code)
        case .creating, .pullFailed:
            break
        }
        return status
    }

    /// A pod condition, keeping the previous transition time when its status is the same.
    private func condition(_ type: String, _ isTrue: Bool, existing: JSONValue, stamp: String,
                           reason: String? = nil, message: String? = nil, trueReason: String? = nil) -> JSONValue {
        let status = isTrue ? "True" : "False"
        let previous = existing["conditions"]?.array?.first { $0["type"]?.string == type }
        let transition = previous?["status"]?.string == status
            ? previous?["lastTransitionTime"] ?? .string(stamp) : .string(stamp)
        var members: [String: JSONValue] = [
            "type": .string(type), "status": .string(status), "lastProbeTime": .null, "lastTransitionTime": transition,
        ]
        if !isTrue, let reason { members["reason"] = .string(reason) }
        if isTrue, let trueReason { members["reason"] = .string(trueReason) }
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
