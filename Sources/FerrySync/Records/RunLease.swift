import FerryKube
import FerryKubeClient
import Foundation
import Synchronization

/// One run at a time per instance, across every machine: a lease in the cluster, as
/// Kubernetes leader election keeps one (holder, acquire and renew times, duration).
///
/// The lease lives in a ConfigMap, `ferry-<instance>-lock`, because every cluster
/// serves ConfigMaps. It is taken by creating it (the API server makes creation
/// atomic), kept by renewing it every third of its duration, and freed by deleting it.
/// A holder that dies stops renewing, so its lease blocks others for at most one
/// duration; a holder on this same host whose process is gone is taken over at once.
/// Every takeover and renewal is a replace with the resourceVersion read, so two runs
/// can never both believe they hold it.
public struct RunLease: Sendable {
    public let client: any ClusterAccess
    public let instance: String
    public let namespace: String
    /// How long a lease holds without being renewed.
    public var duration: Duration = Self.defaultDuration
    /// The wall clock the lease's times are written with (a manual one in tests).
    public var now: @Sendable () -> Date = { Date() }
    /// Whether a process of this host is alive (replaced in tests).
    public var isAlive: @Sendable (Int32) -> Bool = RunLease.processIsAlive

    public static let defaultDuration: Duration = .seconds(30)

    public init(client: any ClusterAccess, instance: String, namespace: String) {
        self.client = client
        self.instance = instance
        self.namespace = namespace
    }

    public var identity: ObjectIdentity {
        ObjectIdentity(group: "", version: "v1", kind: "ConfigMap", namespace: namespace, name: "ferry-\(instance)-lock")
    }

    /// Who holds a lease, as written in its ConfigMap's data.
    public struct Holder: Sendable, Equatable {
        public var host: String
        public var pid: Int32
        /// Unique per run: names it in `holderIdentity`, as a Lease's holder does.
        public var run: String
        public var acquiredAt: Date
        public var renewedAt: Date
        public var durationSeconds: Int

        public var expiresAt: Date { renewedAt.addingTimeInterval(TimeInterval(durationSeconds)) }
        public var description: String { pid > 0 ? "\(host) pid \(pid)" : host }

        var data: JSONValue {
            [
                "holderIdentity": .string("\(host) pid \(pid) run \(run)"),
                "host": .string(host), "pid": .string(String(pid)), "run": .string(run),
                "acquireTime": .string(acquiredAt.formatted(RunLease.timeFormat)),
                "renewTime": .string(renewedAt.formatted(RunLease.timeFormat)),
                "leaseDurationSeconds": .string(String(durationSeconds)),
            ]
        }

        /// Reads a lease's holder; a lease written by an older Ferry (one expiry
        /// annotation, no renewals) reads with that expiry.
        init?(lease object: JSONValue) {
            let data = object["data"]
            if let renewed = data?["renewTime"]?.string.flatMap({ try? Date($0, strategy: RunLease.timeFormat) }) {
                host = data?["host"]?.string ?? ""
                pid = data?["pid"]?.string.flatMap { Int32($0) } ?? 0
                run = data?["run"]?.string ?? ""
                acquiredAt = data?["acquireTime"]?.string.flatMap { try? Date($0, strategy: RunLease.timeFormat) } ?? renewed
                renewedAt = renewed
                durationSeconds = data?["leaseDurationSeconds"]?.string.flatMap { Int($0) } ?? 0
                return
            }
            guard let expires = object[path: ["metadata", "annotations", "ferry.dev/lock-expires"]]?.string
                .flatMap({ try? Date($0, strategy: .iso8601) }) else { return nil }
            let holder = object[path: ["metadata", "annotations", "ferry.dev/lock-holder"]]?.string ?? "unknown"
            host = holder
            pid = 0
            run = ""
            acquiredAt = expires
            renewedAt = expires
            durationSeconds = 0
        }

        public init(host: String, pid: Int32, run: String, acquiredAt: Date, renewedAt: Date, durationSeconds: Int) {
            self.host = host
            self.pid = pid
            self.run = run
            self.acquiredAt = acquiredAt
            self.renewedAt = renewedAt
            self.durationSeconds = durationSeconds
        }
    }

    /// Another run holds the lease: who, and until when without a renewal.
    public struct Held: Error, Sendable, CustomStringConvertible {
        public var object: ObjectIdentity
        public var holder: Holder?
        public var now: Date

        public init(object: ObjectIdentity, holder: Holder?, now: Date) {
            self.object = object
            self.holder = holder
            self.now = now
        }

        public var description: String {
            guard let holder else {
                return "another ferry run took the lock \(object) at the same moment; it is released when that run ends"
            }
            let renewed = Int(now.timeIntervalSince(holder.renewedAt).rounded())
            let left = max(0, Int(holder.expiresAt.timeIntervalSince(now).rounded(.up)))
            return "another ferry run holds the lock \(object) (\(holder.description), since \(holder.acquiredAt.formatted(.iso8601)), renewed \(renewed)s ago); it is released when that run ends, and expires in \(left)s if its holder stops renewing it. If no run is in progress, clear it with `kubectl delete configmap \(object.name) --namespace \(object.namespace ?? "default")`"
        }
    }

    /// The lease of a run; renewed in the background until ``release()``.
    public final class Token: Sendable {
        let lease: RunLease
        private struct State {
            var resourceVersion: String
            var uid: String
            var holder: Holder
            var lost: String?
            var released = false
        }
        private let state: Mutex<State>
        private let renewal = Mutex<Task<Void, Never>?>(nil)

        init(lease: RunLease, object: JSONValue, holder: Holder) {
            self.lease = lease
            state = Mutex(State(resourceVersion: object[path: ["metadata", "resourceVersion"]]?.string ?? "",
                                uid: object[path: ["metadata", "uid"]]?.string ?? "", holder: holder))
        }

        /// Why the lease was lost (another run took it over, or renewing failed past its
        /// expiry), or nil while this run holds it.
        public var lost: String? { state.withLock { $0.lost } }

        /// Renews the lease once: a replace with the version last written, so a run that
        /// took it over meanwhile makes this fail instead of being overwritten.
        public func renew() async {
            let (holder, version, done) = state.withLock { state -> (Holder, String, Bool) in
                state.holder.renewedAt = lease.now()
                return (state.holder, state.resourceVersion, state.released || state.lost != nil)
            }
            guard !done else { return }
            do {
                let written = try await lease.client.replace(lease.body(holder, resourceVersion: version))
                state.withLock { $0.resourceVersion = written[path: ["metadata", "resourceVersion"]]?.string ?? version }
            } catch let error as KubeError where error.isConflict || error.isNotFound {
                // A renewal retried after its first attempt landed (the answer was lost) conflicts
                // with itself: the lease still names this run, at the version that attempt wrote.
                if error.isConflict, let current = try? await lease.client.getIfPresent(lease.identity),
                   Holder(lease: current)?.run == holder.run {
                    state.withLock { $0.resourceVersion = current[path: ["metadata", "resourceVersion"]]?.string ?? version }
                    return
                }
                state.withLock { $0.lost = $0.lost ?? "another run took the lock \(lease.identity) over" }
            } catch {
                // A failed renewal is retried on the next tick; past the expiry the lease is gone.
                state.withLock { state in
                    if lease.now() >= state.holder.expiresAt, state.lost == nil {
                        state.lost = "the lock \(lease.identity) could not be renewed before it expired (\(error))"
                    }
                }
            }
        }

        /// Starts renewing every third of the lease's duration on `clock`.
        func startRenewing<C: Clock>(on clock: C) where C.Duration == Duration {
            let interval = lease.duration / 3
            let task = Task { [weak self] in
                while !Task.isCancelled {
                    do { try await clock.sleep(for: interval) } catch { return }
                    guard let self else { return }
                    await self.renew()
                }
            }
            renewal.withLock { $0 = task }
        }

        /// Stops renewing and deletes the lease (only this run's, by uid). Runs to the end
        /// even in a cancelled task: a run that stops must not leave its lock behind.
        public func release() async {
            renewal.withLock { $0?.cancel() }
            let (uid, already) = state.withLock { state -> (String, Bool) in
                defer { state.released = true }
                return (state.uid, state.released)
            }
            guard !already else { return }
            let client = lease.client, identity = lease.identity
            await Task {
                try? await client.delete(identity, uid: uid)
            }.value
        }
    }

    /// The lease object for `holder`.
    func body(_ holder: Holder, resourceVersion: String? = nil) -> JSONValue {
        var metadata: JSONValue = [
            "name": .string(identity.name), "namespace": .string(namespace),
            "labels": [.init(stringLiteral: FerryMetadata.managedByLabel): .string(FerryMetadata.managedByValue),
                       .init(stringLiteral: FerryMetadata.instanceLabel): .string(instance)],
        ]
        if let resourceVersion { metadata["resourceVersion"] = .string(resourceVersion) }
        return ["apiVersion": "v1", "kind": "ConfigMap", "metadata": metadata, "data": holder.data]
    }

    /// Takes the lease, or throws ``Held``; renews it on `clock` until the token is released.
    public func acquire<C: Clock>(renewingOn clock: C) async throws -> Token where C.Duration == Duration {
        let token = try await take()
        token.startRenewing(on: clock)
        return token
    }

    /// Takes the lease, or throws ``Held``; renews it on the continuous clock.
    public func acquire() async throws -> Token {
        try await acquire(renewingOn: ContinuousClock())
    }

    /// The lease's holder, if it is held (expired or not).
    public func holder() async throws -> Holder? {
        try await client.getIfPresent(identity).flatMap(Holder.init(lease:))
    }

    private func take() async throws -> Token {
        let start = now()
        let me = Holder(host: ProcessInfo.processInfo.hostName, pid: ProcessInfo.processInfo.processIdentifier,
                        run: UUID().uuidString.lowercased(), acquiredAt: start, renewedAt: start,
                        durationSeconds: Int(duration.components.seconds))
        // A lost race (a create or a takeover answered 409) is tried again, three tries in
        // all: the winner's lease is then seen and reported as held.
        var failures = 0
        for _ in 0..<3 {
            do {
                let created = try await client.create(body(me)).object
                return Token(lease: self, object: created, holder: me)
            } catch let error as KubeError where error.isAlreadyExists || error.isConflict || Self.mayHaveLanded(error) {
                // A create or takeover whose answer was lost (the client does not resend a
                // create) may have taken the lease: what the server holds says.
                if Self.mayHaveLanded(error) {
                    failures += 1
                    if failures > 2 { throw error }
                }
                guard let existing = try await client.getIfPresent(identity) else { continue }
                let holder = Holder(lease: existing)
                if holder?.run == me.run { return Token(lease: self, object: existing, holder: me) }
                if let holder, !isTakeable(holder) { throw Held(object: identity, holder: holder, now: now()) }
                let version = existing[path: ["metadata", "resourceVersion"]]?.string ?? ""
                do {
                    let taken = try await client.replace(body(me, resourceVersion: version))
                    return Token(lease: self, object: taken, holder: me)
                } catch let error as KubeError where error.isConflict || error.isNotFound || Self.mayHaveLanded(error) {
                    continue
                }
            }
        }
        throw Held(object: identity, holder: try await holder(), now: now())
    }

    /// A server error or a broken connection: the request may or may not have been carried out.
    static func mayHaveLanded(_ error: KubeError) -> Bool {
        if error.isUnreachable { return true }
        return error.statusCode.map { $0 >= 500 } ?? false
    }

    /// Whether a lease may be taken over: it expired, or its holder ran on this host
    /// and that process is gone.
    func isTakeable(_ holder: Holder) -> Bool {
        if holder.expiresAt <= now() { return true }
        return holder.host == ProcessInfo.processInfo.hostName && holder.pid > 0 && !isAlive(holder.pid)
    }

    /// Whether a process exists (signal 0 checks without sending anything; EPERM means
    /// it exists but belongs to another user).
    public static func processIsAlive(_ pid: Int32) -> Bool {
        kill(pid, 0) == 0 || errno == EPERM
    }

    static let timeFormat = Date.ISO8601FormatStyle(includingFractionalSeconds: true)
}
