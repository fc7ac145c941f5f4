import FerryKube
import Foundation

/// A field selector: `metadata.name=web`, `metadata.namespace!=kube-system`, and for
/// pods `status.phase` and `spec.nodeName`; requirements are ANDed.
public struct FieldSelector: Sendable, Hashable {
    public struct Requirement: Sendable, Hashable {
        public var path: [String]
        public var value: String
        public var negated: Bool
    }

    public static let supportedFields: Set<String> = ["metadata.name", "metadata.namespace", "status.phase", "spec.nodeName"]

    public var requirements: [Requirement]

    public init(parsing text: String) throws(APIError) {
        var requirements: [Requirement] = []
        for part in text.split(separator: ",") {
            let term = String(part)
            let negated = term.contains("!=")
            let pieces = negated ? term.components(separatedBy: "!=") : term.replacingOccurrences(of: "==", with: "=").components(separatedBy: "=")
            guard pieces.count == 2 else { throw .badRequest("invalid field selector \"\(term)\": expected field=value or field!=value") }
            let field = pieces[0].trimmingCharacters(in: .whitespaces)
            guard Self.supportedFields.contains(field) else {
                throw .badRequest("field label not supported: \(field)")
            }
            requirements.append(Requirement(path: field.split(separator: ".").map(String.init),
                                            value: pieces[1].trimmingCharacters(in: .whitespaces), negated: negated))
        }
        self.requirements = requirements
    }

    public func matches(object: JSONValue) -> Bool {
        requirements.allSatisfy { requirement in
            let value = object[path: requirement.path]?.string ?? ""
            return (value == requirement.value) != requirement.negated
        }
    }

    /// The single name a selector pins, for a fast lookup (`metadata.name=x`).
    public var name: String? {
        requirements.first { $0.path == ["metadata", "name"] && !$0.negated }?.value
    }
}
