import FerryKube
import FerryKubeClient

/// How one Deployment's rollout ended.
public struct RolloutResult: Sendable {
    public var deployment: ObjectIdentity
    public var succeeded: Bool
    /// Why it failed (`ImagePullBackOff for spark:9.9.9`), or kubectl's success sentence.
    public var message: String
    public var status: RolloutStatus?
}

/// Follows Deployments' rollouts by watching them (a list, then a watch from its
/// resourceVersion, as `kubectl rollout status` does), never by polling.
public struct RolloutWatcher: Sendable {
    public let client: KubeClient

    public init(client: KubeClient) { self.client = client }

    static let deployments = GroupVersionKind(group: "apps", version: "v1", kind: "Deployment")

    /// Waits for every Deployment to finish, fail or run out of `timeout`, reporting each
    /// change of state through `progress`.
    public func wait(for identities: [ObjectIdentity], timeout: Duration,
                     progress: @escaping @Sendable (ObjectIdentity, RolloutStatus) -> Void) async -> [RolloutResult] {
        await withTaskGroup(of: RolloutResult.self) { group in
            for identity in identities {
                group.addTask { await wait(for: identity, timeout: timeout, progress: progress) }
            }
            var results: [RolloutResult] = []
            for await result in group { results.append(result) }
            return identities.compactMap { identity in results.first { $0.deployment == identity } }
        }
    }

    func wait(for identity: ObjectIdentity, timeout: Duration,
              progress: @escaping @Sendable (ObjectIdentity, RolloutStatus) -> Void) async -> RolloutResult {
        let outcome = await withTaskGroup(of: RolloutResult?.self) { group -> RolloutResult? in
            group.addTask { await follow(identity, progress: progress) }
            group.addTask {
                try? await Task.sleep(for: timeout)
                return nil
            }
            let first = await group.next() ?? nil
            group.cancelAll()
            return first
        }
        if let outcome {
            guard !outcome.succeeded else { return outcome }
            let cause = await PodDiagnosis(client: client).cause(of: identity)
            return RolloutResult(deployment: identity, succeeded: false,
                                 message: cause ?? outcome.message, status: outcome.status)
        }
        let last = try? await client.getIfPresent(identity).map(RolloutStatus.init(deployment:))
        let cause = await PodDiagnosis(client: client).cause(of: identity)
        let waiting = last.map { ": \($0.message)" } ?? ""
        return RolloutResult(deployment: identity, succeeded: false,
                             message: "timed out after \(timeout.formatted)\(cause.map { ": \($0)" } ?? waiting)",
                             status: last)
    }

    /// Watches until the rollout completes or fails; nil when the task is cancelled.
    func follow(_ identity: ObjectIdentity,
                progress: @escaping @Sendable (ObjectIdentity, RolloutStatus) -> Void) async -> RolloutResult? {
        var lastReported: RolloutStatus?
        func judge(_ deployment: JSONValue) -> RolloutResult? {
            let status = RolloutStatus(deployment: deployment)
            if status != lastReported {
                progress(identity, status)
                lastReported = status
            }
            switch status.phase {
            case .complete: return RolloutResult(deployment: identity, succeeded: true, message: status.message, status: status)
            case .deadlineExceeded: return RolloutResult(deployment: identity, succeeded: false, message: status.message, status: status)
            default: return nil
            }
        }
        do {
            let updates = try await client.listAndWatch(Self.deployments, namespace: identity.namespace,
                                                        fieldSelector: "metadata.name=\(identity.name)")
            for try await update in updates {
                switch update {
                case .list(let list):
                    if let item = list.items.first, let result = judge(item) { return result }
                case .event(let event):
                    if event.type == .deleted {
                        return RolloutResult(deployment: identity, succeeded: false,
                                             message: "\(identity) was deleted during its rollout", status: nil)
                    }
                    if let result = judge(event.object) { return result }
                }
            }
        } catch is CancellationError {
            return nil
        } catch {
            if Task.isCancelled { return nil }
            return RolloutResult(deployment: identity, succeeded: false, message: "watching \(identity) failed: \(error)", status: lastReported)
        }
        return nil
    }
}

extension Duration {
    /// `90s`, `5m`, `1h30m`: how kubectl and Go print durations.
    var formatted: String {
        let seconds = Int(components.seconds)
        if seconds < 60 { return "\(seconds)s" }
        if seconds < 3600 { return seconds % 60 == 0 ? "\(seconds / 60)m" : "\(seconds / 60)m\(seconds % 60)s" }
        let minutes = (seconds % 3600) / 60
        return minutes == 0 ? "\(seconds / 3600)h" : "\(seconds / 3600)h\(minutes)m"
    }
}
