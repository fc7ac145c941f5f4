import FerryKube
import FerryKubeClient

/// The CustomResourceDefinitions of a revision and the kinds they define, so that a
/// revision holding an operator's CRDs with its custom resources syncs in one run: the
/// objects of a kind the server does not serve yet, but a CRD of this revision defines,
/// wait for that CRD (see ``PlanEntry/awaitsDefinition``).
enum Definitions {
    static func isDefinition(_ identity: ObjectIdentity) -> Bool {
        identity.group == "apiextensions.k8s.io" && identity.kind == "CustomResourceDefinition"
    }

    /// The kinds a CRD's body defines: `spec.names.kind` in each served version of `spec.group`.
    static func kinds(definedBy body: JSONValue) -> [GroupVersionKind] {
        guard let group = body[path: ["spec", "group"]]?.string,
              let kind = body[path: ["spec", "names", "kind"]]?.string else { return [] }
        return (body[path: ["spec", "versions"]]?.array ?? []).compactMap { version in
            guard let name = version["name"]?.string, version["served"]?.bool != false else { return nil }
            return GroupVersionKind(group: group, version: name, kind: kind)
        }
    }

    /// Every kind the revision's CRDs define, with the CRD that defines it.
    static func definedKinds(in desired: [DesiredObject]) -> [GroupVersionKind: ObjectIdentity] {
        var kinds: [GroupVersionKind: ObjectIdentity] = [:]
        for object in desired where isDefinition(object.identity) {
            for kind in Self.kinds(definedBy: object.body) { kinds[kind] = object.identity }
        }
        return kinds
    }

    /// Whether a live CRD is ready to serve its kinds, as `kubectl wait --for=condition=Established`
    /// judges it, or why it never will be (its names were refused).
    enum Readiness: Equatable {
        case established
        case pending
        case refused(String)
    }

    static func readiness(of live: JSONValue) -> Readiness {
        let conditions = live[path: ["status", "conditions"]]?.array ?? []
        func condition(_ type: String) -> JSONValue? { conditions.first { $0["type"]?.string == type } }
        if let names = condition("NamesAccepted"), names["status"]?.string == "False" {
            let reason = names["reason"]?.string ?? "NamesNotAccepted"
            let message = names["message"]?.string ?? ""
            return .refused("its names were not accepted (\(reason)\(message.isEmpty ? "" : ": \(message)"))")
        }
        return condition("Established")?["status"]?.string == "True" ? .established : .pending
    }
}
