import FerryKube

/// Kubernetes strategic merge patch (`application/strategic-merge-patch+json`), what
/// `kubectl apply` (client-side), `kubectl diff` and `kubectl set image` send.
///
/// - `null` deletes a field; a `null` for an absent field is ignored.
/// - Maps merge recursively. A map with `"$patch": "replace"` replaces the original map,
///   `"$patch": "delete"` empties it, `"$patch": "merge"` is the default.
/// - `"$retainKeys": [...]` drops every original field not listed.
/// - Lists that ``MergeKeys`` keys merge element by element on the merge key: a patch
///   element updates the original element with the same key, or is appended.
///   `{"$patch": "delete", <key>: v}` deletes that element; an element
///   `{"$patch": "replace"}` makes the patch's elements the whole list.
/// - Primitive lists keyed as sets (`metadata.finalizers`) take the union;
///   `$deleteFromPrimitiveList/<list>` removes values from any primitive list.
/// - `$setElementOrder/<list>` orders a keyed or primitive list: the elements it names come
///   in its order, elements only the server has keep their place relative to them.
/// - Every other list is replaced wholesale. No directive key survives in the result.
///
/// A `metadata.resourceVersion` in the patch (as `kubectl diff` sends) is merged like any
/// field: it is a precondition the caller must check against the live object first.
public enum StrategicMergePatch {
    /// Applies `patch` to `original`, an object of `kind`.
    public static func apply(_ patch: JSONValue, to original: JSONValue, kind: GroupKind) throws(PatchError) -> JSONValue {
        guard case .object(let patchMembers) = patch else {
            throw .badRequest("strategic merge patch must be a JSON object, not \(patch.typeName)")
        }
        guard case .object(let originalMembers) = original else {
            throw .invalid("strategic merge patch applies to an object, not \(original.typeName)")
        }
        return try Merger(kind: kind).mergeObject(originalMembers, patchMembers, path: [])
    }

    /// ``apply(_:to:kind:)`` for a kind given as its group and name.
    public static func apply(_ patch: JSONValue, to original: JSONValue, group: String, kind: String) throws(PatchError) -> JSONValue {
        try apply(patch, to: original, kind: GroupKind(group: group, kind: kind))
    }

    private static let orderPrefix = "$setElementOrder/"
    private static let deletePrefix = "$deleteFromPrimitiveList/"

    /// The recursive merge, with the kind needed to look list types up.
    struct Merger {
        let kind: GroupKind

        func mergeObject(_ original: [String: JSONValue]?, _ patch: [String: JSONValue],
                         path: [String]) throws(PatchError) -> JSONValue {
            var patch = patch
            if let directive = patch.removeValue(forKey: "$patch") {
                switch directive.string {
                case "replace": return try mergeObject(nil, patch, path: path)
                case "delete": return .object([:])
                case "merge": break
                default: throw .badRequest("\(display(path)): unknown $patch directive \(directive.jsonText)")
                }
            }
            var result = original ?? [:]
            if let retain = patch.removeValue(forKey: "$retainKeys") {
                try retainKeys(retain, in: &result, patch: patch, path: path)
            }

            // List directives travel beside their list; gather them first so each list
            // is merged once and then deleted from and ordered.
            var orders: [String: [JSONValue]] = [:]
            var deletions: [String: [JSONValue]] = [:]
            for (key, value) in patch where key.hasPrefix("$") {
                patch[key] = nil
                if key.hasPrefix(StrategicMergePatch.orderPrefix) {
                    orders[String(key.dropFirst(StrategicMergePatch.orderPrefix.count))] =
                        try directiveList(value, key: key, path: path)
                } else if key.hasPrefix(StrategicMergePatch.deletePrefix) {
                    deletions[String(key.dropFirst(StrategicMergePatch.deletePrefix.count))] =
                        try directiveList(value, key: key, path: path)
                } else {
                    throw .badRequest("\(display(path)): unknown directive \"\(key)\"")
                }
            }

            for (key, value) in patch {
                let childPath = path + [key]
                switch value {
                case .null: result[key] = nil
                case .object(let members): result[key] = try mergeObject(result[key]?.object, members, path: childPath)
                case .array(let items): result[key] = try mergeList(result[key]?.array, items, path: childPath)
                default: result[key] = value
                }
            }

            for name in Set(orders.keys).union(deletions.keys) {
                guard var list = result[name]?.array else { continue }
                if let values = deletions[name] {
                    list.removeAll { item in values.contains { $0.isEquivalent(to: item) } }
                }
                if let order = orders[name] {
                    let mergeKey = MergeKeys.listType(at: path + [name], in: kind, for: .strategicMerge).mergeKey
                    list = Self.reorder(list, by: order, live: original?[name]?.array ?? [], mergeKey: mergeKey)
                }
                result[name] = .array(list)
            }
            return .object(result)
        }

        func mergeList(_ original: [JSONValue]?, _ patch: [JSONValue], path: [String]) throws(PatchError) -> JSONValue {
            switch MergeKeys.listType(at: path, in: kind, for: .strategicMerge) {
            case .atomic:
                return .array(patch)
            case .set:
                var replace = false
                var values: [JSONValue] = []
                for item in patch {
                    if let directive = item["$patch"] {
                        guard directive.string == "replace" else {
                            throw .badRequest("\(display(path)): unsupported $patch \(directive.jsonText) in a primitive list")
                        }
                        replace = true
                    } else {
                        values.append(item)
                    }
                }
                var result = replace ? [] : original ?? []
                for value in values where !result.contains(where: { $0.isEquivalent(to: value) }) {
                    result.append(value)
                }
                return .array(result)
            case .map(let keys):
                guard let key = keys.first?.field else { return .array(patch) }
                return .array(try mergeKeyedList(original ?? [], patch, key: key, path: path))
            }
        }

        private func mergeKeyedList(_ original: [JSONValue], _ patch: [JSONValue], key: String,
                                    path: [String]) throws(PatchError) -> [JSONValue] {
            var result = original
            var replace = false
            var updates: [[String: JSONValue]] = []
            for (index, item) in patch.enumerated() {
                guard case .object(var members) = item else {
                    throw .invalid("\(display(path)): element \(index) is \(item.typeName), but the list merges objects by \"\(key)\"")
                }
                guard let directive = members.removeValue(forKey: "$patch") else {
                    updates.append(members)
                    continue
                }
                switch directive.string {
                case "delete":
                    guard let value = members[key] else {
                        throw .invalid("\(display(path)): a $patch delete element must carry the merge key \"\(key)\"")
                    }
                    result.removeAll { $0[key]?.isEquivalent(to: value) ?? false }
                case "replace":
                    replace = true
                case "merge":
                    if members.count > 0 { updates.append(members) }
                default:
                    throw .badRequest("\(display(path)): unknown $patch directive \(directive.jsonText)")
                }
            }
            if replace { result = [] }
            for members in updates {
                guard let value = members[key] else {
                    throw .invalid("\(display(path)): element \(JSONValue.object(members).jsonText) does not contain the merge key \"\(key)\"")
                }
                if let index = result.firstIndex(where: { $0[key]?.isEquivalent(to: value) ?? false }) {
                    result[index] = try mergeObject(result[index].object, members, path: path)
                } else {
                    result.append(try mergeObject(nil, members, path: path))
                }
            }
            return result
        }

        private func retainKeys(_ retain: JSONValue, in result: inout [String: JSONValue],
                                patch: [String: JSONValue], path: [String]) throws(PatchError) {
            guard case .array(let items) = retain else {
                throw .badRequest("\(display(path)): $retainKeys must be a list of field names")
            }
            var kept: Set<String> = []
            for item in items {
                guard let name = item.string else { throw .badRequest("\(display(path)): $retainKeys must be a list of field names") }
                kept.insert(name)
            }
            for (key, value) in patch where value != .null && !key.hasPrefix("$") && !kept.contains(key) {
                throw .invalid("\(display(path)): the patch sets \"\(key)\", which $retainKeys does not list")
            }
            result = result.filter { kept.contains($0.key) }
        }

        private func directiveList(_ value: JSONValue, key: String, path: [String]) throws(PatchError) -> [JSONValue] {
            guard case .array(let items) = value else { throw .badRequest("\(display(path)): \(key) must be a list") }
            return items
        }

        /// Puts the elements `order` names in its order and lets the others keep their
        /// place: an element only the server has goes before an ordered element that
        /// followed it in the live list.
        static func reorder(_ list: [JSONValue], by order: [JSONValue], live: [JSONValue], mergeKey: String?) -> [JSONValue] {
            func identity(_ item: JSONValue) -> JSONValue? { mergeKey.map { item[$0] ?? .null } ?? item }
            func position(_ item: JSONValue, in ids: [JSONValue?]) -> Int? {
                guard let id = identity(item) else { return nil }
                return ids.firstIndex { $0?.isEquivalent(to: id) ?? false }
            }
            let orderIDs = order.map(identity)
            let liveIDs = live.map(identity)
            var ordered: [(rank: Int, index: Int, item: JSONValue)] = []
            var serverOnly: [JSONValue] = []
            for (index, item) in list.enumerated() {
                if let rank = position(item, in: orderIDs) {
                    ordered.append((rank, index, item))
                } else {
                    serverOnly.append(item)
                }
            }
            let patchItems = ordered.sorted { ($0.rank, $0.index) < ($1.rank, $1.index) }.map(\.item)
            var result: [JSONValue] = []
            var left = serverOnly[...]
            var right = patchItems[...]
            while let server = left.first, let patched = right.first {
                if let serverRank = position(server, in: liveIDs), let patchedRank = position(patched, in: liveIDs),
                   serverRank < patchedRank {
                    result.append(server)
                    left = left.dropFirst()
                } else {
                    result.append(patched)
                    right = right.dropFirst()
                }
            }
            result.append(contentsOf: left)
            result.append(contentsOf: right)
            return result
        }

        private func display(_ path: [String]) -> String {
            path.isEmpty ? "the object" : "." + path.joined(separator: ".")
        }
    }
}
