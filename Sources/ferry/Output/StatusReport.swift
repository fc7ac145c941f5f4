import FerryGit
import FerrySync
import Foundation

/// `ferry status`, for people (`text`) and machines (`json`).
struct StatusReport: Encodable {
    /// A workload (or an object with readiness conditions) and how its rollout stands.
    struct Workload: Encodable {
        var name: String
        var images: [String]
        var rollout: String
    }

    struct Object: Encodable {
        var object: String
        var state: String
    }

    var context: String
    var server: String
    var instance: String
    var head: String
    var headSubject: String
    var lastSynced: String?
    var inSync: Bool
    var objects: [Object]
    var workloads: [Workload]
    var lastSync: SyncRecord?
    /// Set by `ferry rollback`: periodic syncs leave the instance at this commit.
    var pin: Pin?
    /// The run lease, when a run holds it (or died holding it).
    var lock: Lock?

    /// Who holds the run lease, and until when without a renewal.
    struct Lock: Encodable {
        var object: String
        var holder: String
        var acquiredAt: Date
        var renewedAt: Date
        var expiresAt: Date

        init(_ holder: RunLease.Holder, object: String) {
            self.object = object
            self.holder = holder.description
            acquiredAt = holder.acquiredAt
            renewedAt = holder.renewedAt
            expiresAt = holder.expiresAt
        }
    }

    init(context: String, server: String, instance: String, head: Commit, record: InstanceRecord, plan: Plan,
         workloads: [Workload], lock: Lock? = nil) {
        self.lock = lock
        self.context = context
        self.server = server
        self.instance = instance
        self.head = head.id.hex
        headSubject = head.summary
        lastSynced = record.lastSucceeded?.commit
        inSync = !plan.hasChanges
        objects = plan.entries.map { Object(object: "\($0.identity)", state: $0.action == .unchanged ? "in sync" : $0.action.planned) }
        self.workloads = workloads
        lastSync = record.history.last
        pin = record.pin
    }

    var text: String {
        var lines: [String] = []
        lines.append("target:      \(context) (\(server)), instance \(instance)")
        lines.append("HEAD:        \(head.prefix(7)) \(headSubject)")
        let synced = lastSynced.map { $0 == head ? "\($0.prefix(7)) (HEAD)" : "\($0.prefix(7)) (behind HEAD)" } ?? "never"
        lines.append("last synced: \(synced)")
        if let lastSync {
            let reason = lastSync.reason.map { ": \($0)" } ?? ""
            lines.append("last sync:   \(lastSync.outcome.rawValue) at \(lastSync.startedAt.formatted(.iso8601)) on \(lastSync.host) (\(String(format: "%.1f", lastSync.durationSeconds))s)\(reason)")
        }
        if let pin {
            lines.append("pinned:      \(pin.commit.prefix(7)) since \(pin.pinnedAt.formatted(.iso8601)): \(pin.reason); periodic syncs leave it until a new commit lands or `ferry unpin`")
        }
        if let lock {
            let state = lock.expiresAt > Date() ? "until \(lock.expiresAt.formatted(.iso8601)) unless renewed" : "expired at \(lock.expiresAt.formatted(.iso8601)); the next run takes it over"
            lines.append("locked:      by \(lock.holder) since \(lock.acquiredAt.formatted(.iso8601)), \(state) (\(lock.object))")
        }
        lines.append("")
        lines.append(inSync ? "objects: all \(objects.count) in sync" : "objects:")
        if !inSync {
            let width = objects.map(\.object.count).max() ?? 0
            for object in objects { lines.append("  \(object.object.padding(toLength: width, withPad: " ", startingAt: 0))  \(object.state)") }
        }
        if !workloads.isEmpty {
            lines.append("")
            lines.append("workloads:")
            for workload in workloads {
                lines.append("  \(workload.name)  \(workload.images.joined(separator: ","))")
                lines.append("    \(workload.rollout)")
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    func json() throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        return String(decoding: try encoder.encode(self), as: UTF8.self)
    }
}
