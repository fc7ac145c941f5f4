import FerryKube
import FerryKubeClient
import FerrySync
import FerryTesting
import Foundation
import Synchronization
import Testing

/// The run lease on the local cluster's API in-process, with time in the test's hands:
/// the wall clock the lease writes is a manual date, and renewals sleep on a manual clock.
@Suite("Run lease")
struct RunLeaseTests {
    /// A wall clock a test sets.
    final class ManualDate: Sendable {
        private let value = Mutex(Date(timeIntervalSince1970: 1_800_000_000))
        var now: Date { value.withLock { $0 } }
        func advance(_ seconds: TimeInterval) { value.withLock { $0 = $0.addingTimeInterval(seconds) } }
    }

    static func lease(_ client: any ClusterAccess, _ instance: String, date: ManualDate, alive: Bool = true) -> RunLease {
        var lease = RunLease(client: client, instance: instance, namespace: "default")
        lease.now = { date.now }
        lease.isAlive = { _ in alive }
        return lease
    }

    static func renewTime(_ client: any ClusterAccess, _ lease: RunLease) async throws -> String? {
        try await client.getIfPresent(lease.identity)?[path: ["data", "renewTime"]]?.string
    }

    @Test("a held lease refuses another run until it expires, one duration after its last renewal")
    func heldUntilExpiry() async throws {
        let client = try InProcessCluster()
        do {
            let date = ManualDate()
            let clock = ManualClock()
            let first = try await Self.lease(client, "held", date: date).acquire(renewingOn: clock)
            date.advance(29)
            await #expect(throws: RunLease.Held.self) { _ = try await Self.lease(client, "held", date: date).acquire(renewingOn: clock) }
            date.advance(2)
            let second = try await Self.lease(client, "held", date: date).acquire(renewingOn: clock)
            // The first run's next renewal finds its lease taken over: it knows it lost it.
            #expect(first.lost == nil)
            await first.renew()
            #expect(first.lost?.contains("another run took the lock") == true)
            await second.release()
            #expect(try await client.getIfPresent(Self.lease(client, "held", date: date).identity) == nil)
        }
    }

    @Test("renewals every third of the duration keep a lease held past its first expiry")
    func renewalsKeepItHeld() async throws {
        let client = try InProcessCluster()
        do {
            let date = ManualDate()
            let clock = ManualClock()
            let lease = Self.lease(client, "renewed", date: date)
            let token = try await lease.acquire(renewingOn: clock)
            let acquired = try await Self.renewTime(client, lease)
            for _ in 0..<4 {
                await clock.waitForSleepers(1)
                date.advance(10)
                clock.advance(by: .seconds(10))
            }
            await clock.waitForSleepers(1)
            #expect(try await Self.renewTime(client, lease) != acquired)
            // 40 s after it was taken, the lease still holds against another run.
            await #expect(throws: RunLease.Held.self) { _ = try await Self.lease(client, "renewed", date: date).acquire(renewingOn: clock) }
            #expect(token.lost == nil)
            await token.release()
        }
    }

    @Test("a lease whose holder on this host is gone is taken over at once")
    func deadHolderOnThisHost() async throws {
        let client = try InProcessCluster()
        do {
            let date = ManualDate()
            let clock = ManualClock()
            _ = try await Self.lease(client, "dead", date: date).acquire(renewingOn: clock)
            let taken = try await Self.lease(client, "dead", date: date, alive: false).acquire(renewingOn: clock)
            await taken.release()
        }
    }

    @Test("the held message names the holder, its times, and the command that clears the lock")
    func heldMessage() throws {
        let identity = ObjectIdentity(group: "", version: "v1", kind: "ConfigMap", namespace: "ops", name: "ferry-web-lock")
        let holder = RunLease.Holder(host: "deploy-1", pid: 4242, run: "r", acquiredAt: Date(timeIntervalSince1970: 1_800_000_000),
                                     renewedAt: Date(timeIntervalSince1970: 1_800_000_020), durationSeconds: 30)
        let held = RunLease.Held(object: identity, holder: holder, now: Date(timeIntervalSince1970: 1_800_000_025))
        #expect(held.description == "another ferry run holds the lock ConfigMap/ops/ferry-web-lock (deploy-1 pid 4242, since 2027-01-15T08:00:00Z, renewed 5s ago); it is released when that run ends, and expires in 25s if its holder stops renewing it. If no run is in progress, clear it with `kubectl delete configmap ferry-web-lock --namespace ops`")
    }
}
