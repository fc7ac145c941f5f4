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

    public init(_ manifest: Manifest, instance: String, commit: String) {
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
        self.body = body
    }

    /// Whether `live` was applied from this manifest and still holds every value it sets.
    public func isHeld(by live: JSONValue) -> Bool {
        guard live[path: ["metadata", "annotations", FerryMetadata.appliedHashAnnotation]]?.string == hash else { return false }
        var comparable = body
        comparable[path: ["metadata", "annotations", FerryMetadata.commitAnnotation]] = nil
        return DesiredFields.areHeld(comparable, by: live)
    }
}
