import FerryKube

/// Why a plan cannot be made; nothing was written.
public enum PlanError: Error, Sendable, CustomStringConvertible {
    /// A new object's namespace does not exist, and the revision does not create it.
    case missingNamespace(ObjectIdentity, source: SourceLocation)

    public var description: String {
        switch self {
        case .missingNamespace(let identity, let source):
            let namespace = identity.namespace ?? ""
            return "\(source): \(identity): namespace \"\(namespace)\" does not exist and this revision does not create it; add a Namespace manifest for \"\(namespace)\" to the repository, or create the namespace first"
        }
    }
}
