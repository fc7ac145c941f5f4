import FerryKube
@testable import FerryLocalCluster

/// The plain schema-rules walk, as the cluster did it before ``SchemaRules`` walked the
/// resolved ``SchemaIndex``: every declared field of every definition, looked up by name,
/// each path written as it is visited. The fast walk must report exactly what this does.
enum SchemaRulesReference {
    static func errors(_ object: JSONValue, definition: SchemaDefinition) -> [FieldError] {
        var errors: [FieldError] = []
        let checksRequired = definition.kind?.group != "apiextensions.k8s.io"
        visitObject(object, definition: definition, path: "", checksRequired: checksRequired, into: &errors)
        return errors
    }

    private static func visitObject(_ value: JSONValue, definition: SchemaDefinition, path: String,
                                    checksRequired: Bool, into errors: inout [FieldError]) {
        guard let members = value.object else { return }
        for field in definition.fields {
            if path.isEmpty, field.name == "status" { continue }
            let fieldPath = path.isEmpty ? field.name : "\(path).\(field.name)"
            guard let member = members[field.name], !member.isNull else {
                if field.required, checksRequired { errors.append(.required(fieldPath)) }
                continue
            }
            if !field.enumValues.isEmpty, let text = member.string, !text.isEmpty, !field.enumValues.contains(text) {
                errors.append(.unsupported(fieldPath, member, supported: field.enumValues))
            }
            visit(member, type: field.type, path: fieldPath, checksRequired: checksRequired, into: &errors)
        }
    }

    private static func visit(_ value: JSONValue, type: SchemaType, path: String, checksRequired: Bool,
                              into errors: inout [FieldError]) {
        switch type {
        case .array(let element):
            for (index, item) in (value.array ?? []).enumerated() {
                visit(item, type: element, path: "\(path)[\(index)]", checksRequired: checksRequired, into: &errors)
            }
        case .map(let element):
            for (key, item) in (value.object ?? [:]).sorted(by: { $0.key < $1.key }) {
                visit(item, type: element, path: "\(path)[\(key)]", checksRequired: checksRequired, into: &errors)
            }
        case .ref(let name):
            guard let definition = SchemaCatalog.definitions[name], definition.scalar == nil else { return }
            visitObject(value, definition: definition, path: path, checksRequired: checksRequired, into: &errors)
        default:
            return
        }
    }
}

/// Seeded random damage to real objects, for comparing a fast path with the plain one:
/// fields removed, nulled, given the wrong type, an unknown enum value or bad base64,
/// unknown fields added, at any depth.
enum ObjectMutations {
    enum Step { case key(String), index(Int) }

    static func paths(_ value: JSONValue, _ prefix: [Step] = []) -> [[Step]] {
        switch value {
        case .object(let members):
            return members.keys.sorted().flatMap { key in
                let path = prefix + [.key(key)]
                return [path] + paths(members[key] ?? .null, path)
            }
        case .array(let items):
            return items.indices.flatMap { index in [prefix + [.index(index)]] + paths(items[index], prefix + [.index(index)]) }
        default:
            return []
        }
    }

    /// `value` with the value at `path` changed by `change` (nil removes it).
    static func changing(_ value: JSONValue, at path: ArraySlice<Step>,
                         _ change: (JSONValue) -> JSONValue?) -> JSONValue {
        guard let step = path.first else { return change(value) ?? .null }
        switch (value, step) {
        case (.object(var members), .key(let key)):
            let child = members[key] ?? .null
            members[key] = path.count == 1 ? change(child) : changing(child, at: path.dropFirst(), change)
            return .object(members)
        case (.array(var items), .index(let index)) where items.indices.contains(index):
            if path.count == 1 {
                if let changed = change(items[index]) { items[index] = changed } else { items.remove(at: index) }
            } else {
                items[index] = changing(items[index], at: path.dropFirst(), change)
            }
            return .array(items)
        default:
            return value
        }
    }

    static let replacements: [JSONValue] = [
        .null, "", "Sometimes", "TCP", "not base64!", "aGVsbG8=", 7, -1, 2.5, 3.0, true, [], ["x"], [:], ["zz": 1],
        [["name": "a"]], ["name": "x", "image": "y"],
    ]

    static func mutated(_ value: JSONValue, _ random: inout SplitMix64) -> JSONValue {
        var result = value
        for _ in 0...random.below(3) {
            let all = paths(result)
            guard !all.isEmpty else { break }
            let path = all[random.below(all.count)][...]
            switch random.below(4) {
            case 0:
                result = changing(result, at: path) { _ in nil }
            case 1:
                result = changing(result, at: path) { current in
                    guard case .object(var members) = current else { return current }
                    members[["bogusField", "imagee", "status"][random.below(3)]] = replacements[random.below(replacements.count)]
                    return .object(members)
                }
            default:
                let replacement = replacements[random.below(replacements.count)]
                result = changing(result, at: path) { _ in replacement }
            }
        }
        return result
    }
}
