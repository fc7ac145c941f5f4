import FerryKube
import Foundation

/// One Event the kubelet (or the scheduler, for `Scheduled`) records about a pod.
struct KubeletEvent {
    /// What makes it happen once: the step and, for repeating steps, the attempt.
    var id: String
    var type = "Normal"
    var reason: String
    var message: String
    /// The container it is about (`spec.containers{main}`), if any.
    var fieldPath: String?
}

extension Kubelet {
    /// Records the Events of the pod's current stage that are not recorded yet, worded
    /// as the scheduler, the kubelet and containerd word them. Only the stage's own
    /// events are considered, so a kubelet that first sees a pod late does not replay
    /// a history it never lived.
    func recordEvents(for pod: JSONValue, key: StoreKey, stage: Stage, record: Record, now: Date) {
        let pending = records.withLock { records -> [KubeletEvent] in
            guard var current = records[key], current.uid == record.uid else { return [] }
            let due = events(of: pod, stage: stage, record: current, now: now).filter { !current.recorded.contains($0.id) }
            current.recorded.formUnion(due.map(\.id))
            records[key] = current
            return due
        }
        for event in pending { emit(event, about: pod) }
    }

    /// `Killing` for each container still running when the pod is deleted.
    func recordKilling(_ pod: JSONValue, key: StoreKey) {
        let running = ((pod[path: ["status", "initContainerStatuses"]]?.array ?? []).map { ($0, "initContainers") }
            + (pod[path: ["status", "containerStatuses"]]?.array ?? []).map { ($0, "containers") })
            .filter { $0.0[path: ["state", "running"]] != nil }
        let due = running.map { status, list in
            let name = status["name"]?.string ?? ""
            return KubeletEvent(id: "killing:\(name)", reason: "Killing", message: "Stopping container \(name)",
                                fieldPath: "spec.\(list){\(name)}")
        }
        let pending = records.withLock { records -> [KubeletEvent] in
            guard var current = records[key], current.uid == pod.uid else { return [] }
            let fresh = due.filter { !current.recorded.contains($0.id) }
            current.recorded.formUnion(fresh.map(\.id))
            records[key] = current
            return fresh
        }
        for event in pending { emit(event, about: pod) }
    }

    private func emit(_ event: KubeletEvent, about pod: JSONValue) {
        let scheduler = event.reason == "Scheduled"
        events.record(pod, resource: ResourceCatalog.pods, type: event.type, reason: event.reason, message: event.message,
                      component: scheduler ? "default-scheduler" : "kubelet", fieldPath: event.fieldPath,
                      host: scheduler ? nil : settings.nodeName)
    }

    /// The events that belong to a stage.
    private func events(of pod: JSONValue, stage: Stage, record: Record, now: Date) -> [KubeletEvent] {
        let specs = (pod[path: ["spec", "initContainers"]]?.array ?? []).map { ($0, "initContainers") }
            + (pod[path: ["spec", "containers"]]?.array ?? []).map { ($0, "containers") }
        var result = [KubeletEvent(id: "scheduled", reason: "Scheduled",
                                   message: "Successfully assigned \(pod.namespace)/\(pod.name) to \(settings.nodeName)")]
        let pullTime = settings.podStartDelay.timeInterval
        for (spec, list) in specs {
            let name = spec["name"]?.string ?? ""
            let image = spec["image"]?.string ?? ""
            let path = "spec.\(list){\(name)}"
            let pulls = record.pulls.contains(name)
            let present = catalog.contains(image)
            let code = ContainerExit.code(of: spec)
            if pulls { result.append(KubeletEvent(id: "pulling:\(name):0", reason: "Pulling",
                                                  message: "Pulling image \"\(image)\"", fieldPath: path)) }
            func start(_ run: Int) {
                let pulled = pulls && run == 0
                    ? "Successfully pulled image \"\(image)\" in \(Self.goDuration(pullTime)) (\(Self.goDuration(pullTime)) including waiting). Image size: \(Self.imageSize(image)) bytes."
                    : "Container image \"\(image)\" already present on machine"
                result.append(KubeletEvent(id: "pulled:\(name):\(run)", reason: "Pulled", message: pulled, fieldPath: path))
                result.append(KubeletEvent(id: "created:\(name):\(run)", reason: "Created",
                                           message: "Created container: \(name)", fieldPath: path))
                result.append(KubeletEvent(id: "started:\(name):\(run)", reason: "Started",
                                           message: "Started container \(name)", fieldPath: path))
            }
            switch stage {
            case .creating:
                break
            case .pullFailed(let failure, let attempt):
                if present {
                    if list == "initContainers" || allPresent(pod, "initContainers") { start(0) }
                    continue
                }
                if attempt > 0 {
                    result.append(KubeletEvent(id: "pulling:\(name):\(attempt)", reason: "Pulling",
                                               message: "Pulling image \"\(image)\"", fieldPath: path))
                }
                switch failure {
                case .errImagePull:
                    let normalized = ImageReference.normalize(image)
                    result.append(KubeletEvent(
                        id: "pullfailed:\(name):\(attempt)", type: "Warning", reason: "Failed",
                        message: "Failed to pull image \"\(image)\": rpc error: code = NotFound desc = failed to pull and unpack image \"\(normalized)\": failed to resolve reference \"\(normalized)\": \(normalized): not found",
                        fieldPath: path))
                    result.append(KubeletEvent(id: "errimagepull:\(name):\(attempt)", type: "Warning", reason: "Failed",
                                               message: "Error: ErrImagePull", fieldPath: path))
                case .backOff:
                    result.append(KubeletEvent(id: "pullbackoff:\(name):\(attempt)", reason: "BackOff",
                                               message: "Back-off pulling image \"\(image)\"", fieldPath: path))
                    result.append(KubeletEvent(id: "imagepullbackoff:\(name):\(attempt)", type: "Warning", reason: "Failed",
                                               message: "Error: ImagePullBackOff", fieldPath: path))
                }
            case .running(let restarts, _):
                if list == "initContainers" || code == 0 { start(0) } else { start(restarts) }
            case .backingOff(let restarts, _, _):
                start(list == "initContainers" || code == 0 ? 0 : restarts)
                if list == "containers", code != 0 {
                    result.append(KubeletEvent(
                        id: "backoff:\(name):\(restarts)", type: "Warning", reason: "BackOff",
                        message: "Back-off restarting failed container \(name) in pod \(pod.name)_\(pod.namespace)(\(pod.uid ?? ""))",
                        fieldPath: path))
                }
            case .finished(let restarts, _):
                start(list == "initContainers" || code == 0 ? 0 : restarts)
            }
        }
        return result
    }

    private func allPresent(_ pod: JSONValue, _ list: String) -> Bool {
        containers(of: pod, list).allSatisfy { catalog.contains($0.image) }
    }

    /// A duration as Go prints a `time.Duration` (`1.5s`, `250ms`).
    static func goDuration(_ seconds: TimeInterval) -> String {
        if seconds < 1 { return "\(Int((seconds * 1000).rounded()))ms" }
        let text = String(format: "%.3f", seconds)
        var trimmed = Substring(text)
        while trimmed.hasSuffix("0") { trimmed = trimmed.dropLast() }
        if trimmed.hasSuffix(".") { trimmed = trimmed.dropLast() }
        return trimmed + "s"
    }

    /// A plausible, stable size for an image (the simulated registry has no layers).
    static func imageSize(_ image: String) -> Int {
        var hash = FNV32a()
        hash.add(Array(ImageReference.normalize(image).utf8))
        return 5_000_000 + Int(hash.value % 60_000_000)
    }
}
