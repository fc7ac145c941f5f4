import FerryKube

/// Upstream's `ValidatePodSpec` for what a template or pod declares: containers with
/// names and images, unique names, ports in range, mounts of declared volumes.
enum PodRules {
    /// `restartPolicies`: what the owning kind allows (Deployments only `Always`,
    /// Jobs `OnFailure` or `Never`); nil for a bare pod.
    static func spec(_ spec: JSONValue?, path: String, restartPolicies: [String]?, claimTemplates: Set<String> = []) -> [FieldError] {
        guard let spec, spec.object != nil else { return [] }
        var errors: [FieldError] = []
        let volumes = spec["volumes"]?.array ?? []
        var volumeNames = claimTemplates
        for (index, volume) in volumes.enumerated() {
            func field() -> String { "\(path).volumes[\(index)].name" }
            guard let name = volume["name"]?.string, !name.isEmpty else { continue }  // Required is the schema's
            if let detail = NameSyntax.dns1123Label(name) { errors.append(.invalid(field(), .string(name), detail)) }
            if !volumeNames.insert(name).inserted { errors.append(.duplicate(field(), .string(name))) }
        }
        let containers = spec["containers"]?.array ?? []
        if spec["containers"] != nil, containers.isEmpty { errors.append(.required("\(path).containers")) }
        var containerNames: Set<String> = []
        for list in ["initContainers", "containers"] {
            for (index, container) in (spec[list]?.array ?? []).enumerated() {
                errors += self.container(container, path: "\(path).\(list)[\(index)]", names: &containerNames,
                                         volumes: volumeNames)
            }
        }
        if let policies = restartPolicies, let policy = spec["restartPolicy"]?.string,
           ["Always", "OnFailure", "Never"].contains(policy), !policies.contains(policy) {
            errors.append(.unsupported("\(path).restartPolicy", .string(policy), supported: policies))
        }
        errors += Validation.nonNegative(spec["terminationGracePeriodSeconds"], "\(path).terminationGracePeriodSeconds")
        if let deadline = spec["activeDeadlineSeconds"]?.int, deadline <= 0 {
            errors.append(.invalid("\(path).activeDeadlineSeconds", .int(deadline), "must be between 1 and 2147483647, inclusive"))
        }
        return errors
    }

    private static func container(_ container: JSONValue, path: String, names: inout Set<String>,
                                  volumes: Set<String>) -> [FieldError] {
        var errors: [FieldError] = []
        if let name = container["name"]?.string, !name.isEmpty {
            if let detail = NameSyntax.dns1123Label(name) {
                errors.append(.invalid("\(path).name", .string(name), detail))
            } else if !names.insert(name).inserted {
                errors.append(.duplicate("\(path).name", .string(name)))
            }
        }
        if (container["image"]?.string ?? "").isEmpty { errors.append(.required("\(path).image")) }
        var portNames: Set<String> = []
        for (index, port) in (container["ports"]?.array ?? []).enumerated() {
            let portPath = "\(path).ports[\(index)]"
            errors += Validation.portNumber(port["containerPort"], "\(portPath).containerPort")
            if let hostPort = port["hostPort"]?.int, hostPort != 0 {
                errors += Validation.portNumber(port["hostPort"], "\(portPath).hostPort")
            }
            if let name = port["name"]?.string, !name.isEmpty {
                if let detail = PortNames.check(name) { errors.append(.invalid("\(portPath).name", .string(name), detail)) }
                if !portNames.insert(name).inserted { errors.append(.duplicate("\(portPath).name", .string(name))) }
            }
        }
        for (index, mount) in (container["volumeMounts"]?.array ?? []).enumerated() {
            if let name = mount["name"]?.string, !name.isEmpty, !volumes.contains(name) {
                errors.append(.notFound("\(path).volumeMounts[\(index)].name", .string(name)))
            }
        }
        for (index, variable) in (container["env"]?.array ?? []).enumerated() {
            if let name = variable["name"]?.string, !name.isEmpty, let detail = EnvironmentNames.check(name) {
                errors.append(.invalid("\(path).env[\(index)].name", .string(name), detail))
            }
        }
        for probe in ["livenessProbe", "readinessProbe", "startupProbe"] {
            guard let value = container[probe], value.object != nil else { continue }
            for field in ["initialDelaySeconds", "timeoutSeconds", "periodSeconds", "successThreshold", "failureThreshold"] {
                errors += Validation.nonNegative(value[field], "\(path).\(probe).\(field)")
            }
            let handlers = ["exec", "httpGet", "tcpSocket", "grpc"].filter { value[$0] != nil && value[$0] != .null }
            if handlers.isEmpty { errors.append(.required("\(path).\(probe)", "must specify a handler type")) }
            if handlers.count > 1 {
                errors.append(.forbidden("\(path).\(probe).\(handlers[1])", "may not specify more than 1 handler type"))
            }
            if probe != "readinessProbe", let threshold = value["successThreshold"]?.int, threshold != 1 {
                errors.append(.invalid("\(path).\(probe).successThreshold", .int(threshold), "must be 1"))
            }
        }
        return errors
    }
}

/// IANA service names, as ports are named.
enum PortNames {
    static func check(_ name: String) -> String? {
        if name.utf8.count > 15 { return "must be no more than 15 characters" }
        let bytes = name.utf8
        let allowed = bytes.allSatisfy { ($0 >= 0x61 && $0 <= 0x7A) || ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x2D }
        if !allowed { return "must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)" }
        if !bytes.contains(where: { $0 >= 0x61 && $0 <= 0x7A }) { return "must contain at least one letter (a-z)" }
        // ASCII from here on, so a byte search finds what a string search would.
        if zip(bytes, bytes.dropFirst()).contains(where: { $0 == 0x2D && $1 == 0x2D }) { return "must not contain consecutive hyphens" }
        if bytes.first == 0x2D || bytes.last == 0x2D { return "must not begin or end with a hyphen" }
        return nil
    }
}

/// Environment variable names: any printable ASCII but '=' (upstream's relaxed rule).
enum EnvironmentNames {
    static func check(_ name: String) -> String? {
        let valid = name.utf8.allSatisfy { $0 >= 0x20 && $0 <= 0x7E && $0 != UInt8(ascii: "=") }
        return valid ? nil : "a valid environment variable name must consist only of printable ASCII characters other than '='"
    }
}
