import FerryKube

/// JSON patch (RFC 6902), the `application/json-patch+json` body that
/// `kubectl rollout undo` and kubectl's managedFields migration send.
///
/// One deliberate departure from the RFC: `replace` of a missing *object member* adds
/// it. kube-apiserver applies JSON patches with evanphx/json-patch v4, whose `replace`
/// only checks that the parent exists, and `kubectl rollout undo` depends on that: it
/// sends `replace /metadata/annotations` even when the deployment has no annotations
/// (kubectl-wire.md §5.8, pitfall 15). A missing *array index* is still an error.
public enum JSONPatch {
    /// Applies the operations in order to `document` and returns the result; on any
    /// failure nothing is applied (the input is a value, it is never half-patched).
    ///
    /// A body that is not an array of well-formed operations is ``PatchError/Kind/badRequest``;
    /// an operation that does not apply (missing path, index out of range) is
    /// ``PatchError/Kind/invalid``; a failed `test` is ``PatchError/Kind/testFailed``.
    /// Messages name the operation's index and path.
    public static func apply(_ operations: JSONValue, to document: JSONValue) throws(PatchError) -> JSONValue {
        guard case .array(let items) = operations else {
            throw .badRequest("json patch must be a JSON array of operations, not \(operations.typeName)")
        }
        var decoded: [Operation] = []
        for (index, item) in items.enumerated() {
            decoded.append(try Operation(decoding: item, index: index))
        }
        var result = document
        for operation in decoded {
            do {
                result = try operation.apply(to: result)
            } catch {
                throw PatchError(error.kind, "json patch operation \(operation.index) (\(operation.name)) on \"\(operation.path)\": \(error.reason)")
            }
        }
        return result
    }

    /// Why one operation failed, before the operation's context is added to the message.
    struct Failure: Error {
        var kind: PatchError.Kind = .invalid
        var reason: String
    }

    /// One decoded operation.
    struct Operation {
        enum Action {
            case add(JSONValue)
            case remove
            case replace(JSONValue)
            case move(from: JSONPointer)
            case copy(from: JSONPointer)
            case test(JSONValue)
        }

        var index: Int
        var name: String
        var path: JSONPointer
        var action: Action

        init(decoding item: JSONValue, index: Int) throws(PatchError) {
            func malformed(_ reason: String) -> PatchError {
                .badRequest("json patch operation \(index) is malformed: \(reason)")
            }
            guard case .object(let members) = item else { throw malformed("expected an object, got \(item.typeName)") }
            guard let name = members["op"]?.string else { throw malformed("missing string \"op\"") }
            guard let pathText = members["path"]?.string else { throw malformed("missing string \"path\"") }
            func pointer(_ text: String) throws(PatchError) -> JSONPointer {
                do { return try JSONPointer(text) } catch { throw malformed(error.message) }
            }
            func value() throws(PatchError) -> JSONValue {
                // "value": null is a legitimate value; only an absent member is an error.
                guard let value = members["value"] else { throw malformed("\"\(name)\" needs a \"value\"") }
                return value
            }
            func from() throws(PatchError) -> JSONPointer {
                guard let text = members["from"]?.string else { throw malformed("\"\(name)\" needs a string \"from\"") }
                return try pointer(text)
            }
            self.index = index
            self.name = name
            self.path = try pointer(pathText)
            switch name {
            case "add": action = .add(try value())
            case "remove": action = .remove
            case "replace": action = .replace(try value())
            case "move": action = .move(from: try from())
            case "copy": action = .copy(from: try from())
            case "test": action = .test(try value())
            default: throw malformed("unknown op \"\(name)\"")
            }
        }

        func apply(to document: JSONValue) throws(Failure) -> JSONValue {
            let tokens = path.tokens[...]
            switch action {
            case .add(let value):
                return try JSONPatch.insert(value, into: document, at: tokens, replacing: false)
            case .remove:
                return try JSONPatch.remove(from: document, at: tokens).document
            case .replace(let value):
                return try JSONPatch.insert(value, into: document, at: tokens, replacing: true)
            case .move(let from):
                guard JSONPatch.value(in: document, at: from.tokens[...]) != nil else {
                    throw Failure(reason: "\"from\" path \"\(from)\" does not exist")
                }
                if from == path { return document }
                if path.isStrictlyInside(from) { throw Failure(reason: "cannot move \"\(from)\" into its own child") }
                let (remaining, value) = try JSONPatch.remove(from: document, at: from.tokens[...])
                return try JSONPatch.insert(value, into: remaining, at: tokens, replacing: false)
            case .copy(let from):
                guard let value = JSONPatch.value(in: document, at: from.tokens[...]) else {
                    throw Failure(reason: "\"from\" path \"\(from)\" does not exist")
                }
                return try JSONPatch.insert(value, into: document, at: tokens, replacing: false)
            case .test(let expected):
                guard let actual = JSONPatch.value(in: document, at: tokens) else {
                    throw Failure(kind: .testFailed, reason: "test failed: the path does not exist")
                }
                guard actual.isEquivalent(to: expected) else {
                    throw Failure(kind: .testFailed, reason: "test failed: found \(actual.jsonText), expected \(expected.jsonText)")
                }
                return document
            }
        }
    }

    /// The value a pointer designates, or nil when it designates nothing.
    static func value(in document: JSONValue, at tokens: ArraySlice<String>) -> JSONValue? {
        guard let token = tokens.first else { return document }
        switch document {
        case .object(let members):
            guard let child = members[token] else { return nil }
            return value(in: child, at: tokens.dropFirst())
        case .array(let items):
            guard let index = arrayIndex(token), index < items.count else { return nil }
            return value(in: items[index], at: tokens.dropFirst())
        default:
            return nil
        }
    }

    /// `add` (or `replace` when `replacing`) of `value` at the pointer.
    static func insert(_ value: JSONValue, into document: JSONValue, at tokens: ArraySlice<String>,
                       replacing: Bool) throws(Failure) -> JSONValue {
        guard let token = tokens.first else { return value }
        let isLast = tokens.count == 1
        switch document {
        case .object(var members):
            if isLast {
                // `replace` of an absent member adds it: see the type's documentation.
                members[token] = value
            } else {
                guard let child = members[token] else { throw Failure(reason: "the path does not exist (no member \"\(token)\")") }
                members[token] = try insert(value, into: child, at: tokens.dropFirst(), replacing: replacing)
            }
            return .object(members)
        case .array(var items):
            if isLast, !replacing, token == "-" {
                items.append(value)
                return .array(items)
            }
            guard let index = arrayIndex(token) else { throw Failure(reason: "\"\(token)\" is not an array index") }
            if isLast {
                if replacing {
                    guard index < items.count else { throw Failure(reason: "index \(index) is out of range (\(items.count) items)") }
                    items[index] = value
                } else {
                    guard index <= items.count else { throw Failure(reason: "index \(index) is out of range (\(items.count) items)") }
                    items.insert(value, at: index)
                }
            } else {
                guard index < items.count else { throw Failure(reason: "the path does not exist (index \(index) of \(items.count) items)") }
                items[index] = try insert(value, into: items[index], at: tokens.dropFirst(), replacing: replacing)
            }
            return .array(items)
        default:
            throw Failure(reason: "the path does not exist (\"\(token)\" is inside a \(document.typeName))")
        }
    }

    /// `remove` at the pointer; returns the new document and the removed value.
    static func remove(from document: JSONValue, at tokens: ArraySlice<String>) throws(Failure) -> (document: JSONValue, removed: JSONValue) {
        guard let token = tokens.first else { throw Failure(reason: "cannot remove the whole document") }
        let isLast = tokens.count == 1
        switch document {
        case .object(var members):
            guard let child = members[token] else { throw Failure(reason: "the path does not exist (no member \"\(token)\")") }
            if isLast {
                members[token] = nil
                return (.object(members), child)
            }
            let (updated, removed) = try remove(from: child, at: tokens.dropFirst())
            members[token] = updated
            return (.object(members), removed)
        case .array(var items):
            guard let index = arrayIndex(token), index < items.count else {
                throw Failure(reason: "the path does not exist (\"\(token)\" is not an index of \(items.count) items)")
            }
            if isLast {
                let removed = items.remove(at: index)
                return (.array(items), removed)
            }
            let (updated, removed) = try remove(from: items[index], at: tokens.dropFirst())
            items[index] = updated
            return (.array(items), removed)
        default:
            throw Failure(reason: "the path does not exist (\"\(token)\" is inside a \(document.typeName))")
        }
    }

    /// A decimal array index without leading zeros, as RFC 6901 requires.
    static func arrayIndex(_ token: String) -> Int? {
        guard !token.isEmpty, token.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }) else { return nil }
        if token.count > 1, token.hasPrefix("0") { return nil }
        return Int(token)
    }
}
