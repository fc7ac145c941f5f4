import FerryYAML

/// Checks one object against the rules the API server would apply, so that a bad
/// commit is caught before anything is sent: names, labels and annotations for
/// every object, and pod templates and selectors for workloads.
public enum ManifestValidator {
    /// Every problem in one object; the object's identity and source are taken as given.
    public static func problems(in manifest: Manifest) -> [ManifestProblem] {
        var findings = Findings(manifest)
        let identity = manifest.identity
        let metadata = manifest.body["metadata"]

        if let reason = NameRules.objectName(identity.name, group: identity.group, kind: identity.kind) {
            findings.add("metadata.name '\(Excerpt.of(identity.name))' is not a valid \(identity.kind) name: it \(reason)",
                         at: metadata?["name"])
        }
        if let namespace = identity.namespace, let reason = NameRules.dns1123Label(namespace) {
            findings.add("metadata.namespace '\(Excerpt.of(namespace))' is not a valid namespace name: it \(reason)",
                         at: metadata?["namespace"])
        }
        checkLabels(metadata?["labels"], field: "metadata.labels", &findings)
        checkAnnotations(metadata?["annotations"], field: "metadata.annotations", &findings)
        WorkloadRules.check(manifest, &findings)
        ServiceRules.check(manifest, &findings)
        ValueRules.check(manifest, &findings)
        return findings.problems
    }

    static func checkLabels(_ node: YAMLNode?, field: String, _ findings: inout Findings) {
        guard let entries = findings.mapping(node, field) else { return }
        findings.stringValues(entries, field)
        for entry in entries {
            let key = entry.key.keyString
            if let reason = LabelRules.key(key) {
                findings.add("\(field) key '\(Excerpt.of(key))' is invalid: \(reason)", at: entry.key)
            }
            if let value = entry.value.string, let reason = LabelRules.value(value) {
                findings.add("\(field).\(Excerpt.of(key)) value '\(Excerpt.of(value))' is invalid: it \(reason)", at: entry.value)
            }
        }
    }

    static func checkAnnotations(_ node: YAMLNode?, field: String, _ findings: inout Findings) {
        guard let entries = findings.mapping(node, field) else { return }
        findings.stringValues(entries, field)
        for entry in entries {
            let key = entry.key.keyString
            if let reason = LabelRules.key(key) {
                findings.add("\(field) key '\(Excerpt.of(key))' is invalid: \(reason)", at: entry.key)
            }
        }
    }
}
