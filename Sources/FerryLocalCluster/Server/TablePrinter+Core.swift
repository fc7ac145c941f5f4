import FerryKube
import Foundation

/// Services, ConfigMaps, Namespaces, Secrets, ServiceAccounts and Events.
extension TablePrinter {
    static let services = TablePrinter(columns: [
        nameColumn, Column(name: "Type", type: "string"), Column(name: "Cluster-IP", type: "string"),
        Column(name: "External-IP", type: "string"), Column(name: "Port(s)", type: "string"), ageColumn,
        Column(name: "Selector", type: "string", priority: 1),
    ]) { object, now in
        let spec = object["spec"] ?? [:]
        let type = spec["type"]?.string ?? "ClusterIP"
        let clusterIP = spec["clusterIPs"]?.array?.first?.string ?? spec["clusterIP"]?.string
        let ports = (spec["ports"]?.array ?? []).map { port -> String in
            let number = port["port"]?.int ?? 0
            let proto = port["protocol"]?.string ?? "TCP"
            if let nodePort = port["nodePort"]?.int, nodePort > 0 { return "\(number):\(nodePort)/\(proto)" }
            return "\(number)/\(proto)"
        }.joined(separator: ",")
        let selector = (spec["selector"]?.object ?? [:]).sorted { $0.key < $1.key }
            .map { "\($0.key)=\($0.value.string ?? "")" }.joined(separator: ",")
        return [
            name(object), .string(type), .string(clusterIP.flatMap { $0.isEmpty ? nil : $0 } ?? "<none>"),
            .string(externalIP(type: type, spec: spec, status: object["status"])),
            .string(ports.isEmpty ? "<none>" : ports), age(object, now), .string(selector.isEmpty ? "<none>" : selector),
        ]
    }

    /// The External-IP cell: external IPs, load balancer ingress, or `<pending>`.
    private static func externalIP(type: String, spec: JSONValue, status: JSONValue?) -> String {
        let externalIPs = (spec["externalIPs"]?.array ?? []).compactMap(\.string)
        switch type {
        case "ClusterIP", "NodePort":
            return externalIPs.isEmpty ? "<none>" : externalIPs.joined(separator: ",")
        case "LoadBalancer":
            let ingress = (status?[path: ["loadBalancer", "ingress"]]?.array ?? []).compactMap {
                $0["ip"]?.string ?? $0["hostname"]?.string
            }
            let all = ingress + externalIPs
            return all.isEmpty ? "<pending>" : all.joined(separator: ",")
        case "ExternalName":
            return spec["externalName"]?.string ?? ""
        default:
            return "<unknown>"
        }
    }

    static let configMaps = TablePrinter(columns: [nameColumn, Column(name: "Data", type: "integer"), ageColumn]) { object, now in
        [name(object), .int(count(object["data"]) + count(object["binaryData"])), age(object, now)]
    }

    static let namespaces = TablePrinter(columns: [nameColumn, Column(name: "Status", type: "string"), ageColumn]) { object, now in
        [name(object), .string(object[path: ["status", "phase"]]?.string ?? "Active"), age(object, now)]
    }

    static let secrets = TablePrinter(columns: [
        nameColumn, Column(name: "Type", type: "string"), Column(name: "Data", type: "integer"), ageColumn,
    ]) { object, now in
        [name(object), .string(object["type"]?.string ?? "Opaque"), .int(count(object["data"])), age(object, now)]
    }

    static let serviceAccounts = TablePrinter(columns: [nameColumn, Column(name: "Secrets", type: "integer"), ageColumn]) { object, now in
        [name(object), .int(count(object["secrets"])), age(object, now)]
    }

    static let events = TablePrinter(columns: [
        Column(name: "Last Seen", type: "string"), Column(name: "Type", type: "string"), Column(name: "Reason", type: "string"),
        Column(name: "Object", type: "string"), Column(name: "Subobject", type: "string", priority: 1),
        Column(name: "Source", type: "string", priority: 1), Column(name: "Message", type: "string"),
        Column(name: "First Seen", type: "string", priority: 1), Column(name: "Count", type: "integer", priority: 1),
        Column(name: "Name", type: "string", priority: 1),
    ]) { object, now in
        let first = object["firstTimestamp"]?.string ?? object["eventTime"]?.string
        let firstSeen = HumanDuration.age(since: first, now: now)
        let lastSeen = object["lastTimestamp"]?.string.map { HumanDuration.age(since: $0, now: now) } ?? firstSeen
        let involved = object["involvedObject"] ?? [:]
        let kind = (involved["kind"]?.string ?? "").lowercased()
        let target = (involved["name"]?.string).map { "\(kind)/\($0)" } ?? kind
        let component = object[path: ["source", "component"]]?.string ?? object["reportingComponent"]?.string ?? ""
        let instance = object[path: ["source", "host"]]?.string ?? object["reportingInstance"]?.string ?? ""
        let source = component.isEmpty ? "" : (instance.isEmpty ? component : "\(component), \(instance)")
        let eventCount = object["count"]?.int ?? 0
        return [
            .string(lastSeen), .string(object["type"]?.string ?? ""), .string(object["reason"]?.string ?? ""),
            .string(target), .string(involved["fieldPath"]?.string ?? ""), .string(source),
            .string((object["message"]?.string ?? "").trimmingCharacters(in: .whitespacesAndNewlines)),
            .string(firstSeen), .int(eventCount == 0 ? 1 : eventCount), name(object),
        ]
    }
}
