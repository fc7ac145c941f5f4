import FerryYAML

/// Rules for Services: the type, and each port's number and protocol.
enum ServiceRules {
    static let types: Set<String> = ["ClusterIP", "NodePort", "LoadBalancer", "ExternalName"]
    static let protocols: Set<String> = ["TCP", "UDP", "SCTP"]

    static func check(_ manifest: Manifest, _ findings: inout Findings) {
        guard manifest.identity.group.isEmpty, manifest.identity.kind == "Service",
              let spec = manifest.body["spec"], findings.mapping(spec, "spec") != nil else { return }
        if let type = spec["type"], !type.isNull {
            if let text = type.string, !types.contains(text) {
                findings.add("spec.type '\(text)' is not a Service type; use ClusterIP, NodePort, LoadBalancer or ExternalName", at: type)
            } else if type.string == nil {
                findings.add("spec.type must be a string, got \(type.kindDescription)", at: type)
            }
        }
        for (index, port) in (findings.list(spec["ports"], "spec.ports") ?? []).enumerated() {
            let path = "spec.ports[\(index)]"
            guard let number = port["port"] else {
                findings.add("\(path) has no port", at: port)
                continue
            }
            var inRange = false
            if let value = number.int { inRange = (1...65535).contains(value) }
            if !inRange {
                findings.add("\(path).port must be an integer from 1 to 65535, got \(number.kindDescription) \(findings.literal(number))", at: number)
            }
            if let proto = port["protocol"]?.string, !protocols.contains(proto) {
                findings.add("\(path).protocol '\(proto)' must be TCP, UDP or SCTP", at: port["protocol"])
            }
        }
    }
}
