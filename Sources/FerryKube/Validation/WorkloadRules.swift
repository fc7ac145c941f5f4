import FerryYAML

/// Rules for objects that run pods: replicas, the selector against the pod
/// template's labels, and each container's name and image.
enum WorkloadRules {
    /// apps/v1 kinds whose selector must select their own pod template.
    static let selectorKinds: Set<String> = ["Deployment", "ReplicaSet", "StatefulSet", "DaemonSet"]

    static func check(_ manifest: Manifest, _ findings: inout Findings) {
        let identity = manifest.identity
        let body = manifest.body
        switch (identity.group, identity.kind) {
        case ("apps", let kind) where selectorKinds.contains(kind):
            guard findings.mapping(body["spec"], "spec") != nil, let spec = body["spec"] else {
                findings.add("missing spec; a \(kind) needs spec.selector and spec.template", at: body)
                return
            }
            if kind != "DaemonSet" { checkReplicas(spec["replicas"], &findings) }
            checkSelector(spec, kind: kind, &findings)
            checkPodTemplate(spec["template"], field: "spec.template", &findings)
        case ("batch", "Job"):
            checkPodTemplate(body[path: ["spec", "template"]], field: "spec.template", &findings)
        case ("batch", "CronJob"):
            checkPodTemplate(body[path: ["spec", "jobTemplate", "spec", "template"]],
                             field: "spec.jobTemplate.spec.template", &findings)
        case ("", "Pod"):
            checkPodSpec(body["spec"], field: "spec", &findings)
        default:
            break
        }
    }

    static func checkReplicas(_ node: YAMLNode?, _ findings: inout Findings) {
        guard let node, !node.isNull else { return }
        guard let replicas = node.int else {
            findings.add("spec.replicas must be an integer, got \(node.kindDescription) \(findings.literal(node))", at: node)
            return
        }
        if replicas < 0 {
            findings.add("spec.replicas must not be negative, got \(replicas)", at: node)
        } else if replicas > Int64(Int32.max) {
            findings.add("spec.replicas must fit in 32 bits, got \(replicas)", at: node)
        }
    }

    static func checkSelector(_ spec: YAMLNode, kind: String, _ findings: inout Findings) {
        guard let selectorNode = spec["selector"], !selectorNode.isNull else {
            findings.add("missing spec.selector: apps/v1 requires it; add spec.selector.matchLabels with the pod template's labels",
                         at: spec)
            return
        }
        guard findings.mapping(selectorNode, "spec.selector") != nil else { return }
        let matchLabels = findings.mapping(selectorNode["matchLabels"], "spec.selector.matchLabels") ?? []
        let expressions = findings.list(selectorNode["matchExpressions"], "spec.selector.matchExpressions") ?? []
        if matchLabels.isEmpty && expressions.isEmpty {
            findings.add("spec.selector is empty: an empty selector would select every pod; add spec.selector.matchLabels",
                         at: selectorNode)
            return
        }
        findings.stringValues(matchLabels, "spec.selector.matchLabels")

        let templateLabels = spec[path: ["template", "metadata", "labels"]]
        var labels: [String: String] = [:]
        for entry in templateLabels?.entries ?? [] {
            if let value = entry.value.string { labels[entry.key.keyString] = value }
        }
        let labelText = labels.isEmpty
            ? "the template has no labels"
            : "the template's labels are " + labels.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ",")
        for entry in matchLabels {
            guard let wanted = entry.value.string else { continue }
            let key = entry.key.keyString
            if labels[key] != wanted {
                findings.add("spec.selector.matchLabels \(key)=\(wanted) does not match spec.template.metadata.labels (\(labelText)); the \(kind) would never find its pods",
                             at: entry.key)
            }
        }
        for expression in expressions {
            if let reason = LabelSelectorExpression.mismatch(expression, labels: labels, findings: &findings) {
                findings.add("spec.selector.matchExpressions: \(reason) (\(labelText)); the \(kind) would never find its pods",
                             at: expression)
            }
        }
    }

    static func checkPodTemplate(_ template: YAMLNode?, field: String, _ findings: inout Findings) {
        guard let template, !template.isNull else {
            findings.add("missing \(field); add the pod template with its containers", at: nil)
            return
        }
        guard findings.mapping(template, field) != nil else { return }
        ManifestValidator.checkLabels(template[path: ["metadata", "labels"]], field: "\(field).metadata.labels", &findings)
        checkPodSpec(template["spec"], field: "\(field).spec", &findings)
    }

    static func checkPodSpec(_ spec: YAMLNode?, field: String, _ findings: inout Findings) {
        guard let spec, findings.mapping(spec, field) != nil else {
            findings.add("missing \(field); a pod needs at least one container", at: spec)
            return
        }
        let containers = findings.list(spec["containers"], "\(field).containers") ?? []
        if containers.isEmpty {
            findings.add("\(field).containers must list at least one container", at: spec["containers"] ?? spec)
        }
        var seen: [String: YAMLNode] = [:]
        for (list, items) in [("containers", containers), ("initContainers", findings.list(spec["initContainers"], "\(field).initContainers") ?? [])] {
            for (index, container) in items.enumerated() {
                let path = "\(field).\(list)[\(index)]"
                guard findings.mapping(container, path) != nil else { continue }
                if let name = container["name"]?.string, let first = seen[name] {
                    findings.add("\(path).name '\(name)' is used twice; the first is at line \(first.mark.line)", at: container["name"])
                } else if let name = container["name"] {
                    seen[name.string ?? ""] = name
                }
                ContainerRules.check(container, path: path, &findings)
            }
        }
    }
}
