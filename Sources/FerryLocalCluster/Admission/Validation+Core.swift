import FerryKube
import Foundation

/// core/v1 validation: Services' addresses and ports, ConfigMap and Secret keys and
/// immutability, claims' fixed specs.
extension Validation {
    static func service(_ object: JSONValue, old: JSONValue?) -> [FieldError] {
        let spec = object["spec"] ?? [:]
        var errors: [FieldError] = []
        let type = spec["type"]?.string ?? "ClusterIP"
        let clusterIP = spec["clusterIP"]?.string ?? ""
        let ips = spec["clusterIPs"]?.array?.compactMap(\.string) ?? (clusterIP.isEmpty ? [] : [clusterIP])
        for (index, ip) in ips.enumerated() where !(index == 0 && ip == "None") && !IPAddress.isValid(ip) {
            errors.append(.invalid("spec.clusterIPs[\(index)]", .string(ip), "must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)"))
        }
        if let oldIP = old?[path: ["spec", "clusterIP"]]?.string, !oldIP.isEmpty, oldIP != clusterIP,
           type != "ExternalName", old?[path: ["spec", "type"]]?.string != "ExternalName" {
            errors.append(.invalid("spec.clusterIPs[0]", rendered: "[]string{\(Rendering.quoted(clusterIP))}", "may not change once set"))
        }
        if type == "ExternalName" {
            if (spec["externalName"]?.string ?? "").isEmpty { errors.append(.required("spec.externalName")) }
        } else if clusterIP != "None", (spec["ports"]?.array ?? []).isEmpty {
            errors.append(.required("spec.ports"))
        }
        let ports = spec["ports"]?.array ?? []
        var names: Set<String> = []
        for (index, port) in ports.enumerated() {
            let path = "spec.ports[\(index)]"
            let name = port["name"]?.string ?? ""
            if name.isEmpty, ports.count > 1 { errors.append(.required("\(path).name")) }
            if !name.isEmpty {
                if let detail = NameSyntax.dns1123Label(name) { errors.append(.invalid("\(path).name", .string(name), detail)) }
                if !names.insert(name).inserted { errors.append(.duplicate("\(path).name", .string(name))) }
            }
            errors += portNumber(port["port"], "\(path).port")
            if let target = port["targetPort"] {
                if target.int != nil {
                    errors += portNumber(target, "\(path).targetPort")
                } else if let text = target.string, let detail = PortNames.check(text) {
                    errors.append(.invalid("\(path).targetPort", target, detail))
                }
            }
            if let nodePort = port["nodePort"]?.int, nodePort != 0 {
                if type != "NodePort" && type != "LoadBalancer" {
                    errors.append(.forbidden("\(path).nodePort", "may not be used when `type` is '\(type)'"))
                } else {
                    errors += portNumber(port["nodePort"], "\(path).nodePort")
                }
            }
        }
        return errors
    }

    /// ConfigMaps and Secrets: key syntax, type rules, and nothing changes once `immutable`.
    static func configData(_ object: JSONValue, old: JSONValue?, kind: String) -> [FieldError] {
        var errors: [FieldError] = []
        let sections = kind == "Secret" ? ["data"] : ["data", "binaryData"]
        for section in sections {
            for key in (object[section]?.object ?? [:]).keys.sorted() {
                if let detail = NameSyntax.configKey(key) { errors.append(.invalid("\(section)[\(key)]", .string(key), detail)) }
                if section == "data", kind == "ConfigMap", object["binaryData"]?[key] != nil {
                    errors.append(.invalid("data[\(key)]", .string(key), "duplicate of key present in binaryData"))
                }
            }
        }
        if kind == "Secret" {
            let data = object["data"]?.object ?? [:]
            let required: [String]
            switch object["type"]?.string ?? "Opaque" {
            case "kubernetes.io/tls": required = ["tls.crt", "tls.key"]
            case "kubernetes.io/dockerconfigjson": required = [".dockerconfigjson"]
            case "kubernetes.io/dockercfg": required = [".dockercfg"]
            default: required = []
            }
            for key in required where data[key] == nil { errors.append(.required("data[\(key)]")) }
            if let old, let oldType = old["type"]?.string, let type = object["type"]?.string, oldType != type {
                errors.append(.invalid("type", .string(type), "field is immutable"))
            }
        }
        guard let old, old["immutable"]?.bool == true else { return errors }
        if object["immutable"] != old["immutable"] {
            errors.append(.forbidden("immutable", "field is immutable when `immutable` is set"))
        }
        for section in sections where object[section] != old[section] {
            errors.append(.forbidden(section, "field is immutable when `immutable` is set"))
        }
        return errors
    }

    static func persistentVolumeClaim(_ object: JSONValue, old: JSONValue?) -> [FieldError] {
        let spec = object["spec"] ?? [:]
        var errors: [FieldError] = []
        let modes = spec["accessModes"]?.array ?? []
        if modes.isEmpty { errors.append(.required("spec.accessModes", "at least 1 access mode is required")) }
        let supported = ["ReadOnlyMany", "ReadWriteMany", "ReadWriteOnce", "ReadWriteOncePod"]
        for mode in modes where !supported.contains(mode.string ?? "") {
            errors.append(.unsupported("spec.accessModes", mode, supported: supported))
        }
        if spec[path: ["resources", "requests", "storage"]] == nil, spec["dataSourceRef"] == nil {
            errors.append(.required("spec.resources[storage]"))
        }
        guard let old else { return errors }
        var new = spec
        var previous = old["spec"] ?? [:]
        for changeable in [["resources", "requests"], ["volumeAttributesClassName"], ["volumeName"]] {
            new[path: changeable] = nil
            previous[path: changeable] = nil
        }
        if new != previous {
            errors.append(.forbidden("spec", "spec is immutable after creation except resources.requests and volumeAttributesClassName for bound claims"))
        }
        return errors
    }
}

/// IPv4 and IPv6 literals, as `netip.ParseAddr` accepts them.
enum IPAddress {
    static func isValid(_ text: String) -> Bool {
        var v4 = in_addr()
        var v6 = in6_addr()
        return inet_pton(AF_INET, text, &v4) == 1 || inet_pton(AF_INET6, text, &v6) == 1
    }
}
