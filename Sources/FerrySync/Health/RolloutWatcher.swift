import FerryKube
import FerryKubeClient

/// How one object's rollout ended.
public struct RolloutResult: Sendable {
    /// The Deployment, StatefulSet, DaemonSet, Job or other object followed.
    public var object: ObjectIdentity
    public var succeeded: Bool
    /// Why it failed (`ImagePullBackOff for spark:9.9.9`), or kubectl's success sentence.
    public var message: String
    public var status: RolloutStatus?
}

/// Follows rollouts by watching (a list, then a watch from its resourceVersion, as
/// `kubectl rollout status` does), never by polling: one list-and-watch per kind and
/// namespace, however many of its objects roll out, so a sync of hundreds of
/// Deployments holds a few connections, not hundreds. Each object is judged by
/// ``RolloutStatus/init(object:)``.
public struct RolloutWatcher: Sendable {
    public let client: any ClusterAccess
    /// How the timeout is waited out (a manual clock's sleep in tests).
    public var sleep: @Sendable (Duration) async throws -> Void = { try await Task.sleep(for: $0) }

    public init(client: any ClusterAccess) { self.client = client }

    /// The objects of one kind in one namespace ("" for cluster-scoped ones).
    struct Scope: Hashable, Sendable {
        var kind: GroupVersionKind
        var namespace: String
    }

    /// Waits for every object to finish, fail or run out of `timeout`, reporting each
    /// change of state through `progress`; a stop requested through `interruption`
    /// abandons the wait. Results come in the order of `identities`.
    public func wait(for identities: [ObjectIdentity], timeout: Duration, interruption: Interruption? = nil,
                     progress: @escaping @Sendable (ObjectIdentity, RolloutStatus) -> Void) async -> [RolloutResult] {
        let byScope = Dictionary(grouping: identities) { Scope(kind: GroupVersionKind($0), namespace: $0.namespace ?? "") }
        let results = await withTaskGroup(of: [RolloutResult].self) { group in
            for (scope, members) in byScope {
                group.addTask {
                    await wait(for: members, in: scope, timeout: timeout, interruption: interruption, progress: progress)
                }
            }
            var results: [ObjectIdentity: RolloutResult] = [:]
            for await part in group {
                for result in part { results[result.object] = result }
            }
            return results
        }
        return identities.compactMap { results[$0] }
    }

    /// One kind's objects in one namespace: followed until each is decided or the time
    /// is up; failures and timeouts are then explained from their pods.
    func wait(for identities: [ObjectIdentity], in scope: Scope, timeout: Duration, interruption: Interruption?,
              progress: @escaping @Sendable (ObjectIdentity, RolloutStatus) -> Void) async -> [RolloutResult] {
        let follower = Follower(kind: scope.kind, identities: identities, progress: progress)
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await follow(follower, scope: scope) }
            group.addTask { try? await sleep(timeout) }
            if let interruption { group.addTask { await interruption.wait() } }
            await group.next()
            group.cancelAll()
        }
        // Both tasks have ended: what was decided before a timeout still stands.
        let decided = follower.decided
        var results: [RolloutResult] = []
        for identity in identities {
            if let outcome = decided[identity] {
                guard !outcome.succeeded else {
                    results.append(outcome)
                    continue
                }
                let cause = await PodDiagnosis(client: client).cause(of: identity)
                results.append(RolloutResult(object: identity, succeeded: false,
                                             message: cause ?? outcome.message, status: outcome.status))
                continue
            }
            let last = try? await client.getIfPresent(identity).map { RolloutStatus(object: $0, kind: scope.kind) }
            if let reason = interruption?.reason {
                let waiting = last.map { ": \($0.message)" } ?? ""
                results.append(RolloutResult(object: identity, succeeded: false,
                                             message: "\(identity.name): rollout wait abandoned (\(reason))\(waiting)", status: last))
                continue
            }
            let cause = await PodDiagnosis(client: client).cause(of: identity)
            let waiting = last.map { ": \($0.message)" } ?? ""
            results.append(RolloutResult(object: identity, succeeded: false,
                                         message: "timed out after \(timeout.formatted)\(cause.map { ": \($0)" } ?? waiting)",
                                         status: last))
        }
        return results
    }

    /// What one kind's watch in one namespace has seen: the last state reported for
    /// each object, and the ones decided so far.
    final class Follower: @unchecked Sendable {
        let kind: GroupVersionKind
        let names: [String: ObjectIdentity]
        let progress: @Sendable (ObjectIdentity, RolloutStatus) -> Void
        // Touched only by the one task that follows the namespace, and read after it ended.
        private var reported: [ObjectIdentity: RolloutStatus] = [:]
        private(set) var decided: [ObjectIdentity: RolloutResult] = [:]

        init(kind: GroupVersionKind, identities: [ObjectIdentity],
             progress: @escaping @Sendable (ObjectIdentity, RolloutStatus) -> Void) {
            self.kind = kind
            names = Dictionary(identities.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
            self.progress = progress
        }

        var isDone: Bool { decided.count == names.count }

        /// Judges one object's state as `kubectl rollout status` (or kstatus) does.
        func judge(_ object: JSONValue) {
            guard let name = object[path: ["metadata", "name"]]?.string, let identity = names[name],
                  decided[identity] == nil else { return }
            let status = RolloutStatus(object: object, kind: kind)
            if status != reported[identity] {
                progress(identity, status)
                reported[identity] = status
            }
            switch status.phase {
            case .complete:
                decided[identity] = RolloutResult(object: identity, succeeded: true, message: status.message, status: status)
            case .deadlineExceeded, .failed:
                decided[identity] = RolloutResult(object: identity, succeeded: false, message: status.message, status: status)
            default:
                break
            }
        }

        func deleted(_ object: JSONValue) {
            guard let name = object[path: ["metadata", "name"]]?.string, let identity = names[name],
                  decided[identity] == nil else { return }
            decided[identity] = RolloutResult(object: identity, succeeded: false,
                                              message: "\(identity) was deleted during its rollout", status: nil)
        }

        /// Every Deployment not decided yet fails with `message` (the watch broke).
        func failRest(_ message: (ObjectIdentity) -> String) {
            for identity in names.values where decided[identity] == nil {
                decided[identity] = RolloutResult(object: identity, succeeded: false, message: message(identity),
                                                  status: reported[identity])
            }
        }
    }

    /// Watches the scope's objects until every one followed is decided, the watch fails
    /// (the rest fail with it), or the task is cancelled (the time ran out).
    func follow(_ follower: Follower, scope: Scope) async {
        do {
            let updates = try await client.listAndWatch(scope.kind, namespace: scope.namespace.isEmpty ? nil : scope.namespace)
            for try await update in updates {
                switch update {
                case .list(let list):
                    for item in list.items { follower.judge(item) }
                case .event(let event):
                    if event.type == .deleted { follower.deleted(event.object) } else { follower.judge(event.object) }
                }
                if follower.isDone { return }
            }
            if !Task.isCancelled { follower.failRest { "the watch of \($0) ended" } }
        } catch {
            if error is CancellationError || Task.isCancelled { return }
            follower.failRest { "watching \($0) failed: \(error)" }
        }
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
