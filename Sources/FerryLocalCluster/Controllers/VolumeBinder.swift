import FerryKube
import Foundation

/// Binds every PersistentVolumeClaim at once, as a dynamic provisioner with an
/// immediate binding mode would: a PersistentVolume `pvc-<claim uid>` is made for the
/// claim (its size the claim's request, its `claimRef` the claim, reclaim policy
/// Delete) and both are marked `Bound`. Deleting a claim deletes its volume.
final class VolumeBinder: Reconciler {
    let store: ObjectStore
    let events: EventRecorder

    init(store: ObjectStore, events: EventRecorder) {
        self.store = store
        self.events = events
    }

    func reconcile(_ key: StoreKey) throws -> Duration? {
        guard let claim = store.get(key) else {
            try releaseVolumes(of: key)
            return nil
        }
        guard !claim.isBeingDeleted, let uid = claim.uid,
              claim[path: ["status", "phase"]]?.string != "Bound" else { return nil }
        let volumeName = claim[path: ["spec", "volumeName"]]?.string ?? "pvc-\(uid)"
        let size = claim[path: ["spec", "resources", "requests", "storage"]] ?? "1Gi"
        let accessModes = claim[path: ["spec", "accessModes"]] ?? ["ReadWriteOnce"]
        let volumeKey = StoreKey(ResourceCatalog.persistentVolumes, namespace: nil, name: volumeName)
        try store.ensure(volumeKey, [
            "apiVersion": "v1", "kind": "PersistentVolume",
            "metadata": [
                "name": .string(volumeName),
                "annotations": ["pv.kubernetes.io/provisioned-by": "ferry.local/simulated"],
            ],
            "spec": [
                "capacity": ["storage": size], "accessModes": accessModes,
                "persistentVolumeReclaimPolicy": "Delete", "volumeMode": claim[path: ["spec", "volumeMode"]] ?? "Filesystem",
                "hostPath": ["path": .string("/var/lib/ferry/volumes/\(volumeName)"), "type": ""],
                "claimRef": [
                    "apiVersion": "v1", "kind": "PersistentVolumeClaim", "namespace": .string(key.namespace),
                    "name": .string(key.name), "uid": .string(uid),
                ],
            ],
            "status": ["phase": "Bound"],
        ])
        try store.update(key, uid: uid) { object in
            object[path: ["spec", "volumeName"]] = .string(volumeName)
            object.setMetadataEntry("annotations", "pv.kubernetes.io/bind-completed", "yes")
            object.setMetadataEntry("annotations", "pv.kubernetes.io/bound-by-controller", "yes")
            object["status"] = ["phase": "Bound", "accessModes": accessModes, "capacity": ["storage": size]]
        }
        events.record(claim, resource: ResourceCatalog.persistentVolumeClaims, reason: "ProvisioningSucceeded",
                      message: "Successfully provisioned volume \(volumeName)", component: "ferry.local/simulated")
        return nil
    }

    /// A deleted claim's volumes go too (reclaim policy Delete).
    private func releaseVolumes(of claim: StoreKey) throws {
        for volume in store.list(ResourceCatalog.persistentVolumes).items
        where volume[path: ["spec", "claimRef", "namespace"]]?.string == claim.namespace
            && volume[path: ["spec", "claimRef", "name"]]?.string == claim.name
            && volume[path: ["spec", "persistentVolumeReclaimPolicy"]]?.string == "Delete" {
            try store.delete(StoreKey(ResourceCatalog.persistentVolumes, namespace: nil, name: volume.name), uid: volume.uid)
        }
    }
}
