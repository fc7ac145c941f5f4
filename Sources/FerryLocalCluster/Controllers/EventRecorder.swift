import FerryKube
import Foundation

/// Writes core/v1 Events about objects, as client-go's event recorder does, so that
/// `kubectl describe` and `kubectl get events` show what the controllers did.
struct EventRecorder: Sendable {
    let store: ObjectStore
    let clock: ClusterClock
    let enabled: Bool

    /// Records a Normal (or Warning) event on `object` from `component`. Best effort:
    /// an event that cannot be written is dropped, never failing the caller.
    /// `fieldPath` names a part of the object (`spec.containers{main}`), `host` the
    /// node of a kubelet's events. A repeat of an event (same object and part, reason,
    /// message, type and source) counts up the existing one, as client-go's
    /// EventCorrelator aggregates them.
    func record(_ object: JSONValue, resource: ResourceType, type: String = "Normal", reason: String,
                message: String, component: String, fieldPath: String? = nil, host: String? = nil) {
        guard enabled else { return }
        let namespace = object.namespace.isEmpty ? "default" : object.namespace
        guard store.namespaceAcceptsCreates(namespace) else { return }
        let now = clock.now()
        let stamp = Timestamp.format(now)
        var involved: [String: JSONValue] = [
            "apiVersion": .string(resource.apiVersion), "kind": .string(resource.kind), "name": .string(object.name),
        ]
        if !object.namespace.isEmpty { involved["namespace"] = .string(object.namespace) }
        if let uid = object.uid { involved["uid"] = .string(uid) }
        if let version = object[path: ["metadata", "resourceVersion"]]?.string { involved["resourceVersion"] = .string(version) }
        if let fieldPath { involved["fieldPath"] = .string(fieldPath) }
        var source: JSONValue = ["component": .string(component)]
        if let host { source["host"] = .string(host) }
        if countRepeat(namespace: namespace, involved: involved, type: type, reason: reason, message: message,
                       source: source, stamp: stamp) { return }
        let event: JSONValue = [
            "metadata": ["namespace": .string(namespace)],
            "involvedObject": .object(involved),
            "reason": .string(reason),
            "message": .string(message),
            "source": source,
            "firstTimestamp": .string(stamp),
            "lastTimestamp": .string(stamp),
            "count": 1,
            "type": .string(type),
            "eventTime": nil,
            "reportingComponent": .string(component),
            "reportingInstance": .string(host ?? ""),
        ]
        // client-go names events `<object>.<unix nanos in hex>`; events of one object at one
        // instant (a coarse clock, or the tests' simulated time) take the next free names.
        var nanos = UInt64(max(0, now.timeIntervalSince1970 * 1e9))
        for _ in 0..<64 {
            let key = StoreKey(ResourceCatalog.events, namespace: namespace, name: "\(object.name).\(String(nanos, radix: 16))")
            // (Not `try?`: it would flatten "taken" into "failed" and give up at the first collision.)
            let created: JSONValue?
            do { created = try store.create(key, event) } catch { return }
            if created != nil { return }
            nanos += 1
        }
    }

    /// Counts up an existing event identical to this one; returns whether there was one.
    private func countRepeat(namespace: String, involved: [String: JSONValue], type: String, reason: String,
                             message: String, source: JSONValue, stamp: String) -> Bool {
        let same = { (event: JSONValue) -> Bool in
            guard event["reason"]?.string == reason, event["message"]?.string == message,
                  event["type"]?.string == type, event["source"] == source,
                  let other = event["involvedObject"]?.object else { return false }
            return ["uid", "name", "kind", "fieldPath"].allSatisfy { other[$0] == involved[$0] }
        }
        guard let existing = store.list(ResourceCatalog.events, namespace: namespace).items.first(where: same) else {
            return false
        }
        let key = StoreKey(ResourceCatalog.events, namespace: namespace, name: existing.name)
        let counted = try? store.update(key, uid: existing.uid) { event in
            event["count"] = .int((event["count"]?.int ?? 1) + 1)
            event["lastTimestamp"] = .string(stamp)
        }
        return counted != nil
    }

    /// Deletes Events last seen more than `ttl` ago, as the API server expires them.
    func sweep(ttl: Duration) throws {
        let cutoff = clock.now().addingTimeInterval(-ttl.timeInterval)
        for event in store.list(ResourceCatalog.events).items {
            let seen = (event["lastTimestamp"]?.string ?? event[path: ["metadata", "creationTimestamp"]]?.string)
                .flatMap(Timestamp.parse)
            guard let seen, seen < cutoff else { continue }
            try store.delete(StoreKey(ResourceCatalog.events, namespace: event.namespace, name: event.name), uid: event.uid)
        }
    }
}
