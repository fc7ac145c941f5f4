import FerryYAML

/// One `matchExpressions` requirement of a label selector, evaluated against a set
/// of labels as the API server would.
enum LabelSelectorExpression {
    /// Why the requirement does not select `labels`, or nil when it does (or is itself malformed,
    /// which is reported through `findings`).
    static func mismatch(_ node: YAMLNode, labels: [String: String], findings: inout Findings) -> String? {
        guard let key = node["key"]?.string, let op = node["operator"]?.string else {
            findings.add("spec.selector.matchExpressions: each requirement needs a key and an operator", at: node)
            return nil
        }
        let values = (node["values"]?.items ?? []).compactMap(\.string)
        switch op {
        case "In":
            guard let value = labels[key], values.contains(value) else {
                return "\(key) In (\(values.joined(separator: ","))) does not match the pod template"
            }
        case "NotIn":
            if let value = labels[key], values.contains(value) {
                return "\(key) NotIn (\(values.joined(separator: ","))) excludes the pod template"
            }
        case "Exists":
            if labels[key] == nil { return "\(key) Exists does not match the pod template" }
        case "DoesNotExist":
            if labels[key] != nil { return "\(key) DoesNotExist excludes the pod template" }
        default:
            findings.add("spec.selector.matchExpressions: unknown operator '\(op)'; use In, NotIn, Exists or DoesNotExist",
                         at: node["operator"])
        }
        return nil
    }
}
