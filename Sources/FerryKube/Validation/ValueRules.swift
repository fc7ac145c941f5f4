import FerryYAML

/// Values the API server refuses whatever the object: enum fields of pod templates,
/// Secret data that is not base64, ConfigMap data that is not a string, and rolling
/// update bounds. The local cluster checks the same in its own code; this catches
/// them before anything is sent, with the line they are on.
enum ValueRules {
    static let imagePullPolicies = ["Always", "IfNotPresent", "Never"]
    static let restartPolicies = ["Always", "OnFailure", "Never"]
    static let dnsPolicies = ["ClusterFirst", "ClusterFirstWithHostNet", "Default", "None"]
    static let protocols = ["TCP", "UDP", "SCTP"]

    static func check(_ manifest: Manifest, _ findings: inout Findings) {
        let identity = manifest.identity
        let body = manifest.body
        switch (identity.group, identity.kind) {
        case ("", "Secret"):
            checkBase64(body["data"], field: "data", &findings)
        case ("", "ConfigMap"):
            if let entries = findings.mapping(body["data"], "data") { findings.stringValues(entries, "data") }
        case ("apps", "Deployment"):
            checkPodSpec(body[path: ["spec", "template", "spec"]], field: "spec.template.spec", restart: ["Always"], &findings)
            let strategy = body[path: ["spec", "strategy"]]
            if let type = strategy?["type"] { checkEnum(type, field: "spec.strategy.type", ["Recreate", "RollingUpdate"], &findings) }
            if let rolling = strategy?["rollingUpdate"], !rolling.isNull {
                checkRollingBounds(rolling, field: "spec.strategy.rollingUpdate", &findings)
            }
        case ("apps", "ReplicaSet"), ("apps", "StatefulSet"), ("apps", "DaemonSet"):
            checkPodSpec(body[path: ["spec", "template", "spec"]], field: "spec.template.spec", restart: ["Always"], &findings)
            if identity.kind == "DaemonSet", let rolling = body[path: ["spec", "updateStrategy", "rollingUpdate"]], !rolling.isNull {
                checkRollingBounds(rolling, field: "spec.updateStrategy.rollingUpdate", &findings)
            }
        case ("batch", "Job"):
            checkPodSpec(body[path: ["spec", "template", "spec"]], field: "spec.template.spec", restart: ["OnFailure", "Never"], &findings)
        case ("batch", "CronJob"):
            checkPodSpec(body[path: ["spec", "jobTemplate", "spec", "template", "spec"]], field: "spec.jobTemplate.spec.template.spec",
                         restart: ["OnFailure", "Never"], &findings)
        case ("", "Pod"):
            checkPodSpec(body["spec"], field: "spec", restart: restartPolicies, &findings)
        default:
            break
        }
    }

    private static func checkPodSpec(_ spec: YAMLNode?, field: String, restart: [String], _ findings: inout Findings) {
        guard let spec, spec.entries != nil else { return }
        if let policy = spec["restartPolicy"] { checkEnum(policy, field: "\(field).restartPolicy", restart, &findings) }
        if let policy = spec["dnsPolicy"] { checkEnum(policy, field: "\(field).dnsPolicy", dnsPolicies, &findings) }
        for list in ["containers", "initContainers"] {
            for (index, container) in (spec[list]?.items ?? []).enumerated() {
                let path = "\(field).\(list)[\(index)]"
                if let policy = container["imagePullPolicy"] {
                    checkEnum(policy, field: "\(path).imagePullPolicy", imagePullPolicies, &findings)
                }
                for (portIndex, port) in (container["ports"]?.items ?? []).enumerated() {
                    if let value = port["protocol"] { checkEnum(value, field: "\(path).ports[\(portIndex)].protocol", protocols, &findings) }
                }
            }
        }
    }

    private static func checkEnum(_ node: YAMLNode, field: String, _ allowed: [String], _ findings: inout Findings) {
        guard !node.isNull else { return }
        guard let text = node.string, allowed.contains(text) else {
            findings.add("\(field) \(findings.literal(node)) is not supported; use " + allowed.joined(separator: ", "), at: node)
            return
        }
    }

    private static func checkBase64(_ node: YAMLNode?, field: String, _ findings: inout Findings) {
        guard let entries = findings.mapping(node, field) else { return }
        for entry in entries {
            let key = entry.key.keyString
            guard let text = entry.value.string else {
                findings.add("\(field).\(key) must be a base64 string, got \(entry.value.kindDescription) \(findings.literal(entry.value))", at: entry.value)
                continue
            }
            if !isBase64(text) {
                findings.add("\(field).\(key) is not valid base64; encode the value, or put it under stringData", at: entry.value)
            }
        }
    }

    /// Padded standard base64 (line breaks allowed), as Go's decoder reads `[]byte`.
    static func isBase64(_ text: String) -> Bool {
        let bytes = text.utf8.filter { $0 != 0x0A && $0 != 0x0D }
        guard bytes.count % 4 == 0 else { return false }
        var padding = 0
        for (offset, byte) in bytes.enumerated() {
            let isAlphabet = (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x30 && byte <= 0x39)
                || byte == UInt8(ascii: "+") || byte == UInt8(ascii: "/")
            if byte == UInt8(ascii: "=") {
                guard offset >= bytes.count - 2 else { return false }
                padding += 1
            } else if !isAlphabet || padding > 0 {
                return false
            }
        }
        return true
    }

    /// maxSurge and maxUnavailable: a non-negative count or `N%`, not both zero, at most 100% unavailable.
    private static func checkRollingBounds(_ rolling: YAMLNode, field: String, _ findings: inout Findings) {
        var zero: [String] = []
        for name in ["maxSurge", "maxUnavailable"] {
            guard let node = rolling[name], !node.isNull else { continue }
            if let number = node.int {
                if number < 0 { findings.add("\(field).\(name) must not be negative, got \(number)", at: node) }
                if number == 0 { zero.append(name) }
            } else if let text = node.string, text.hasSuffix("%"), let percent = Int(text.dropLast()), percent >= 0 {
                if percent == 0 { zero.append(name) }
                if name == "maxUnavailable", percent > 100 {
                    findings.add("\(field).maxUnavailable must not be greater than 100%, got \(text)", at: node)
                }
            } else {
                findings.add("\(field).\(name) must be an integer or a percentage such as '25%', got \(node.kindDescription) \(findings.literal(node))", at: node)
            }
        }
        if zero.count == 2 {
            findings.add("\(field): maxSurge and maxUnavailable may not both be 0; the rollout could never make progress", at: rolling)
        }
    }
}
