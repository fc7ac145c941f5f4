import FerryKube
import Foundation

/// A field selector: `metadata.name=web`, `involvedObject.kind!=Pod`; requirements are
/// ANDed. Each resource supports the fields its upstream registry strategy indexes
/// (`metadata.name` and `metadata.namespace` everywhere); any other field is refused
/// with upstream's `field label not supported` message.
public struct FieldSelector: Sendable, Hashable {
    public struct Requirement: Sendable, Hashable {
        public var path: [String]
        public var value: String
        public var negated: Bool
    }

    /// The fields every resource supports.
    public static let commonFields: Set<String> = ["metadata.name", "metadata.namespace"]

    /// The fields a resource supports beyond ``commonFields``, as each upstream
    /// strategy's `GetAttrs`/field label conversion lists them.
    static func extraFields(_ resource: ResourceType?) -> [String: [String]] {
        switch resource {
        case ResourceCatalog.pods?:
            return ["spec.nodeName": ["spec", "nodeName"], "spec.restartPolicy": ["spec", "restartPolicy"],
                    "spec.schedulerName": ["spec", "schedulerName"], "spec.serviceAccountName": ["spec", "serviceAccountName"],
                    "spec.hostNetwork": ["spec", "hostNetwork"], "status.phase": ["status", "phase"],
                    "status.podIP": ["status", "podIP"], "status.nominatedNodeName": ["status", "nominatedNodeName"]]
        case ResourceCatalog.events?:
            var fields: [String: [String]] = [
                "reason": ["reason"], "type": ["type"], "source": ["source", "component"],
                "reportingComponent": ["reportingComponent"],
            ]
            for field in ["kind", "namespace", "name", "uid", "apiVersion", "resourceVersion", "fieldPath"] {
                fields["involvedObject.\(field)"] = ["involvedObject", field]
            }
            return fields
        case ResourceCatalog.secrets?:
            return ["type": ["type"]]
        case ResourceCatalog.namespaces?:
            return ["status.phase": ["status", "phase"]]
        case ResourceCatalog.nodes?:
            return ["spec.unschedulable": ["spec", "unschedulable"]]
        case ResourceCatalog.replicaSets?:
            return ["status.replicas": ["status", "replicas"]]
        case ResourceCatalog.jobs?:
            return ["status.successful": ["status", "succeeded"]]
        default:
            return [:]
        }
    }

    public var requirements: [Requirement]

    /// Parses `text` for `resource`; nil accepts the pod fields too, as older callers did.
    public init(parsing text: String, for resource: ResourceType? = nil) throws(APIError) {
        let extra = Self.extraFields(resource ?? ResourceCatalog.pods)
        var requirements: [Requirement] = []
        for part in text.split(separator: ",") {
            let term = String(part)
            let negated = term.contains("!=")
            let pieces = negated ? term.components(separatedBy: "!=") : term.replacingOccurrences(of: "==", with: "=").components(separatedBy: "=")
            guard pieces.count == 2 else { throw .badRequest("invalid field selector \"\(term)\": expected field=value or field!=value") }
            let field = pieces[0].trimmingCharacters(in: .whitespaces)
            let path: [String]
            if Self.commonFields.contains(field) {
                path = field.split(separator: ".").map(String.init)
            } else if let mapped = extra[field] {
                path = mapped
            } else {
                throw .badRequest("field label not supported: \(field)")
            }
            requirements.append(Requirement(path: path, value: pieces[1].trimmingCharacters(in: .whitespaces), negated: negated))
        }
        self.requirements = requirements
    }

    public func matches(object: JSONValue) -> Bool {
        requirements.allSatisfy { requirement in
            (Self.text(object[path: requirement.path]) == requirement.value) != requirement.negated
        }
    }

    /// A field's value as a selector compares it: strings as they are, numbers and
    /// booleans as their literals, absent fields as empty.
    private static func text(_ value: JSONValue?) -> String {
        switch value {
        case .string(let text)?: return text
        case .int(let number)?: return String(number)
        case .bool(let flag)?: return flag ? "true" : "false"
        default: return ""
        }
    }

    /// The single name a selector pins, for a fast lookup (`metadata.name=x`).
    public var name: String? {
        requirements.first { $0.path == ["metadata", "name"] && !$0.negated }?.value
    }
}
