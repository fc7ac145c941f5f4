import FerryKube

/// Strips what the server sets and the repository never says, so that an unchanged
/// object compares equal and a diff shows only real changes.
public enum ObjectNormalizer {
    /// Metadata fields the server owns.
    static let serverMetadata = ["managedFields", "resourceVersion", "uid", "generation", "creationTimestamp",
                                 "selfLink", "deletionTimestamp", "deletionGracePeriodSeconds"]
    /// Annotations controllers and clients write on their own.
    static let serverAnnotations = [
        "deployment.kubernetes.io/revision", "kubectl.kubernetes.io/last-applied-configuration",
        FerryMetadata.appliedHashAnnotation, FerryMetadata.commitAnnotation, FerryMetadata.changeCauseAnnotation,
    ]

    /// The object without server-set fields, status, or empty metadata maps.
    public static func normalized(_ object: JSONValue) -> JSONValue {
        var copy = object
        copy["status"] = nil
        for field in serverMetadata { copy[path: ["metadata", field]] = nil }
        for annotation in serverAnnotations { copy[path: ["metadata", "annotations", annotation]] = nil }
        for map in ["annotations", "labels"] where copy[path: ["metadata", map]]?.object?.isEmpty == true {
            copy[path: ["metadata", map]] = nil
        }
        return copy
    }
}
