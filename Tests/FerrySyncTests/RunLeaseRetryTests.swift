import FerryKube
import FerryKubeClient
import FerrySync
import FerryTesting
import Foundation
import Synchronization
import Testing

/// A client whose answers get lost: it sends the next few creates and replaces twice, as
/// a client retrying a request whose first answer never came, so the second attempt
/// meets what the first one wrote (a create finds the object there, a replace finds a
/// newer resourceVersion).
final class RetriedWrites: ClusterAccess {
    let base: InProcessCluster
    private let twice = Mutex(0)

    init(_ base: InProcessCluster) { self.base = base }

    /// Sends the next `count` creates and replaces twice.
    func loseAnswers(_ count: Int) { twice.withLock { $0 = count } }

    private func sendTwice() -> Bool {
        twice.withLock { count in
            guard count > 0 else { return false }
            count -= 1
            return true
        }
    }

    func create(_ object: JSONValue) async throws -> WriteResult {
        if sendTwice() { _ = try await base.create(object) }
        return try await base.create(object)
    }

    func replace(_ object: JSONValue) async throws -> JSONValue {
        if sendTwice() { _ = try await base.replace(object) }
        return try await base.replace(object)
    }

    func getIfPresent(_ identity: ObjectIdentity) async throws -> JSONValue? { try await base.getIfPresent(identity) }
    func list(_ kind: GroupVersionKind, namespace: String?, labelSelector: String?) async throws -> ObjectList {
        try await base.list(kind, namespace: namespace, labelSelector: labelSelector)
    }
    func apply(_ object: JSONValue, fieldManager: String, force: Bool, dryRun: Bool, source: String?) async throws -> WriteResult {
        try await base.apply(object, fieldManager: fieldManager, force: force, dryRun: dryRun, source: source)
    }
    func delete(_ identity: ObjectIdentity, uid: String?) async throws { try await base.delete(identity, uid: uid) }
    func listAndWatch(_ kind: GroupVersionKind, namespace: String?) async throws -> AsyncThrowingStream<WatchUpdate, any Error> {
        try await base.listAndWatch(kind, namespace: namespace)
    }
    func requireKind(of identity: ObjectIdentity, source: String?) async throws { try await base.requireKind(of: identity, source: source) }
    func servedVersions() async throws -> [String: [String]] { try await base.servedVersions() }
    func serverResources() async throws -> [APIResource] { try await base.serverResources() }
    func invalidateDiscovery() { base.invalidateDiscovery() }
}

/// The lease when a write landed but its answer was lost and the client tried again.
@Suite("Run lease: retried writes")
struct RunLeaseRetryTests {
    typealias ManualDate = RunLeaseTests.ManualDate

    @Test("a create that landed before its answer was lost is this run's lease, not another's")
    func retriedCreate() async throws {
        let client = RetriedWrites(try InProcessCluster())
        let date = ManualDate()
        let lease = RunLeaseTests.lease(client, "retried-create", date: date)
        client.loseAnswers(1)
        let token = try await lease.acquire(renewingOn: ManualClock())
        #expect(token.lost == nil)
        #expect(try await lease.holder()?.pid == ProcessInfo.processInfo.processIdentifier)
        await token.release()
        #expect(try await client.getIfPresent(lease.identity) == nil)
    }

    @Test("a renewal that landed before its answer was lost keeps the lease; a later renewal still writes")
    func retriedRenewal() async throws {
        let client = RetriedWrites(try InProcessCluster())
        let date = ManualDate()
        let lease = RunLeaseTests.lease(client, "retried-renewal", date: date)
        let token = try await lease.acquire(renewingOn: ManualClock())
        date.advance(10)
        client.loseAnswers(1)
        await token.renew()
        #expect(token.lost == nil)
        date.advance(10)
        await token.renew()
        #expect(token.lost == nil)
        let renewed = try await client.getIfPresent(lease.identity)?[path: ["data", "renewTime"]]?.string
        #expect(renewed == date.now.formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true)))
        // Another run's takeover is still seen as one.
        let other = RunLeaseTests.lease(client, "retried-renewal", date: date, alive: false)
        let taken = try await other.acquire(renewingOn: ManualClock())
        await token.renew()
        #expect(token.lost != nil)
        await taken.release()
    }
}
