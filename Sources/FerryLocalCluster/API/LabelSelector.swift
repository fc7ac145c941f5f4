import FerryKube
import Foundation

/// A label selector, from a query string (`app=web,tier in (be,fe),!legacy`) or a
/// `spec.selector` object; requirements are ANDed.
public struct LabelSelector: Sendable, Hashable, CustomStringConvertible {
    public enum Operator: Sendable, Hashable { case equals, notEquals, isIn, notIn, exists, doesNotExist }

    public struct Requirement: Sendable, Hashable {
        public var key: String
        public var op: Operator
        public var values: [String]

        func matches(_ labels: [String: String]) -> Bool {
            let value = labels[key]
            switch op {
            case .equals: return value == values.first
            case .notEquals: return value != values.first
            case .isIn: return value.map(values.contains) ?? false
            case .notIn: return !(value.map(values.contains) ?? false)
            case .exists: return value != nil
            case .doesNotExist: return value == nil
            }
        }

        var text: String {
            switch op {
            case .equals: return "\(key)=\(values.first ?? "")"
            case .notEquals: return "\(key)!=\(values.first ?? "")"
            case .isIn: return "\(key) in (\(values.joined(separator: ",")))"
            case .notIn: return "\(key) notin (\(values.joined(separator: ",")))"
            case .exists: return key
            case .doesNotExist: return "!\(key)"
            }
        }
    }

    public var requirements: [Requirement]

    public init(requirements: [Requirement]) { self.requirements = requirements }

    /// Whether an object's labels satisfy every requirement (an empty selector matches all).
    public func matches(_ labels: [String: String]) -> Bool {
        requirements.allSatisfy { $0.matches(labels) }
    }

    public func matches(object: JSONValue) -> Bool {
        matches(Self.labels(of: object))
    }

    /// The labels of an object as a dictionary.
    public static func labels(of object: JSONValue) -> [String: String] {
        var labels: [String: String] = [:]
        for (key, value) in object[path: ["metadata", "labels"]]?.object ?? [:] {
            if let text = value.string { labels[key] = text }
        }
        return labels
    }

    /// The query form, as `kubectl` renders it and `status.selector` of a Scale shows it.
    public var description: String { requirements.map(\.text).joined(separator: ",") }

    /// Reads a `metav1.LabelSelector` object (matchLabels and matchExpressions).
    /// Throws a message when it is malformed.
    public init(json: JSONValue) throws(APIError) {
        var requirements: [Requirement] = []
        for (key, value) in (json["matchLabels"]?.object ?? [:]).sorted(by: { $0.key < $1.key }) {
            guard let text = value.string else { throw .badRequest("matchLabels.\(key) must be a string") }
            requirements.append(Requirement(key: key, op: .equals, values: [text]))
        }
        for expression in json["matchExpressions"]?.array ?? [] {
            guard let key = expression["key"]?.string, let op = expression["operator"]?.string else {
                throw .badRequest("each matchExpressions entry needs key and operator")
            }
            let values = (expression["values"]?.array ?? []).compactMap(\.string)
            switch op {
            case "In": requirements.append(Requirement(key: key, op: .isIn, values: values))
            case "NotIn": requirements.append(Requirement(key: key, op: .notIn, values: values))
            case "Exists": requirements.append(Requirement(key: key, op: .exists, values: []))
            case "DoesNotExist": requirements.append(Requirement(key: key, op: .doesNotExist, values: []))
            default: throw .badRequest("unknown matchExpressions operator \"\(op)\"")
            }
        }
        self.requirements = requirements
    }

    /// Parses the query grammar: `k=v`, `k==v`, `k!=v`, `k in (a,b)`, `k notin (a,b)`, `k`, `!k`.
    public init(parsing text: String) throws(APIError) {
        var requirements: [Requirement] = []
        for part in Self.splitTopLevel(text) {
            let term = part.trimmingCharacters(in: .whitespaces)
            if term.isEmpty { continue }
            if term.hasPrefix("!") {
                requirements.append(Requirement(key: String(term.dropFirst()).trimmingCharacters(in: .whitespaces), op: .doesNotExist, values: []))
            } else if let range = term.range(of: " notin ") ?? term.range(of: " in ") {
                let key = String(term[..<range.lowerBound]).trimmingCharacters(in: .whitespaces)
                let rest = term[range.upperBound...].trimmingCharacters(in: .whitespaces)
                guard rest.hasPrefix("("), rest.hasSuffix(")") else {
                    throw .badRequest("unable to parse requirement: found '\(rest)', expected: '('")
                }
                let values = rest.dropFirst().dropLast().split(separator: ",").map { String($0).trimmingCharacters(in: .whitespaces) }
                let op: Operator = term[range].contains("notin") ? .notIn : .isIn
                requirements.append(Requirement(key: key, op: op, values: values))
            } else if let range = term.range(of: "!=") {
                requirements.append(Requirement(key: String(term[..<range.lowerBound]).trimmingCharacters(in: .whitespaces), op: .notEquals,
                                                values: [String(term[range.upperBound...]).trimmingCharacters(in: .whitespaces)]))
            } else if let range = term.range(of: "==") ?? term.range(of: "=") {
                requirements.append(Requirement(key: String(term[..<range.lowerBound]).trimmingCharacters(in: .whitespaces), op: .equals,
                                                values: [String(term[range.upperBound...]).trimmingCharacters(in: .whitespaces)]))
            } else {
                requirements.append(Requirement(key: term, op: .exists, values: []))
            }
        }
        for requirement in requirements where requirement.key.isEmpty || LabelRules.key(requirement.key) != nil {
            throw .badRequest("unable to parse requirement: invalid label key \"\(requirement.key)\"")
        }
        self.requirements = requirements
    }

    /// Splits on commas that are not inside parentheses.
    static func splitTopLevel(_ text: String) -> [String] {
        var parts: [String] = []
        var current = ""
        var depth = 0
        for character in text {
            switch character {
            case "(": depth += 1; current.append(character)
            case ")": depth -= 1; current.append(character)
            case "," where depth == 0: parts.append(current); current = ""
            default: current.append(character)
            }
        }
        parts.append(current)
        return parts
    }
}
