import FerryKube

/// The checks every kind's schema states by itself: required fields and enum values
/// (`imagePullPolicy`, `restartPolicy`, `protocol`, a Service's `type`, strategy
/// types), reported as upstream's validation words them.
///
/// Walks only the fields that have a rule or lead to one (``SchemaNode/ruleFields``),
/// in declaration order, and writes a field's path only when it reports an error.
enum SchemaRules {
    static func errors(_ object: JSONValue, node: SchemaNode) -> [FieldError] {
        // A CRD's own validation (names, versions, schema) belongs to the CRD handling.
        var walk = Walk(checksRequired: node.definition.kind?.group != "apiextensions.k8s.io")
        walk.visitObject(object, node)
        return walk.errors
    }

    private struct Walk {
        let checksRequired: Bool
        var errors: [FieldError] = []
        var path = RulePath()

        mutating func visitObject(_ value: JSONValue, _ node: SchemaNode) {
            guard case .object(let members) = value else { return }
            let atRoot = path.isEmpty
            for field in checksRequired ? node.ruleFields.whenRequiredChecked : node.ruleFields.enumsOnly {
                if atRoot, field.name == "status" { continue }
                guard let member = members[field.name], member != .null else {
                    if field.required, checksRequired { errors.append(.required(path.rendered(appending: field.name))) }
                    continue
                }
                if !field.enumValues.isEmpty, case .string(let text) = member, !text.isEmpty, !field.enumValues.contains(text) {
                    errors.append(.unsupported(path.rendered(appending: field.name), member, supported: field.enumValues))
                }
                guard field.descends else { continue }
                path.push(.field(field.name))
                visit(member, field.type)
                path.pop()
            }
        }

        mutating func visit(_ value: JSONValue, _ type: SchemaNode.NodeType) {
            switch type {
            case .array(let element):
                guard case .array(let items) = value else { return }
                for (index, item) in items.enumerated() {
                    path.push(.index(index))
                    visit(item, element)
                    path.pop()
                }
            case .map(let element):
                guard case .object(let members) = value else { return }
                for (key, item) in members.sorted(by: { $0.key < $1.key }) {
                    path.push(.key(key))
                    visit(item, element)
                    path.pop()
                }
            case .object(let node):
                visitObject(value, node)
            default:
                return
            }
        }
    }
}

/// A field path kept as its parts while a walk descends, and written out
/// (`spec.template.spec.containers[0].name`, `data[key]`) only when reported.
struct RulePath {
    enum Part {
        case field(String)
        case index(Int)
        case key(String)
    }

    private var parts: [Part] = []

    var isEmpty: Bool { parts.isEmpty }

    mutating func push(_ part: Part) { parts.append(part) }
    mutating func pop() { parts.removeLast() }

    /// The path as upstream writes it.
    var rendered: String {
        var text = ""
        for part in parts {
            switch part {
            case .field(let name):
                if !text.isEmpty { text += "." }
                text += name
            case .index(let index): text += "[\(index)]"
            case .key(let key): text += "[\(key)]"
            }
        }
        return text
    }

    /// The path of the field `name` under this one.
    func rendered(appending name: String) -> String {
        let text = rendered
        return text.isEmpty ? name : text + "." + name
    }
}
