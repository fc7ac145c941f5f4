import Crypto
import FerryKube

/// A manifest made ready to apply: Ferry's labels added, and the hash that tells
/// whether the live object was applied from exactly this manifest.
public struct DesiredObject: Sendable {
    public var identity: ObjectIdentity
    public var source: SourceLocation
    /// The body to apply, with Ferry's labels and annotations.
    public var body: JSONValue
    /// SHA-256 of the body without Ferry's annotations (first 16 bytes, hex).
    public var hash: String
    /// Whether Ferry added the change-cause (it is then left out of comparisons, like the commit).
    var addedChangeCause = false

    /// - Parameters:
    ///   - commit: the sha recorded on the object when it is applied.
    ///   - changeCause: for Deployments, written as `kubernetes.io/change-cause` (unless the
    ///     manifest sets one), so that `kubectl rollout history` lists commits.
    public init(_ manifest: Manifest, instance: String, commit: String, changeCause: String? = nil) {
        identity = manifest.identity
        source = manifest.source
        var body = JSONValue(manifest.body)
        body[path: ["metadata", "labels", FerryMetadata.managedByLabel]] = .string(FerryMetadata.managedByValue)
        body[path: ["metadata", "labels", FerryMetadata.instanceLabel]] = .string(instance)
        // The hash leaves out the commit, so a commit that does not touch an object leaves it alone.
        let digest = SHA256.hash(data: body.serialized())
        hash = digest.prefix(16).map { byte in
            let hex = String(byte, radix: 16)
            return byte < 16 ? "0" + hex : hex
        }.joined()
        body[path: ["metadata", "annotations", FerryMetadata.appliedHashAnnotation]] = .string(hash)
        body[path: ["metadata", "annotations", FerryMetadata.commitAnnotation]] = .string(commit)
        if let changeCause, manifest.identity.group == "apps", manifest.identity.kind == "Deployment",
           body[path: ["metadata", "annotations", FerryMetadata.changeCauseAnnotation]] == nil {
            body[path: ["metadata", "annotations", FerryMetadata.changeCauseAnnotation]] = .string(changeCause)
            addedChangeCause = true
        }
        self.body = body
    }

    /// Whether `live` was applied from this manifest and still holds every value it sets.
    public func isHeld(by live: JSONValue) -> Bool {
        guard live[path: ["metadata", "annotations", FerryMetadata.appliedHashAnnotation]]?.string == hash else { return false }
        var comparable = body
        comparable[path: ["metadata", "annotations", FerryMetadata.commitAnnotation]] = nil
        if addedChangeCause { comparable[path: ["metadata", "annotations", FerryMetadata.changeCauseAnnotation]] = nil }
        return DesiredFields.areHeld(comparable, by: live)
    }
}

extension DesiredState {
    /// The revision's objects made ready to apply by `instance`, in apply order.
    public func desiredObjects(instance: String) -> [DesiredObject] {
        let commit = origin.commit
        // Each object's hash is a SHA-256 of its JSON: computed on every core.
        return manifests.manifests.concurrentMap {
            DesiredObject($0, instance: instance, commit: commit?.id.hex ?? "index",
                          changeCause: commit.map { "\($0.id.short) \($0.summary)" })
        }
    }
}
