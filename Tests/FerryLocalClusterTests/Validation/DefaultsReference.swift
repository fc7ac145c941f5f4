import FerryKube
@testable import FerryLocalCluster

/// Defaulting and quantity canonicalisation as the cluster did them before they
/// changed values in place: through `JSONValue`'s path getter and setter, rebuilding
/// each list. The in-place versions must give exactly these objects and errors.
enum DefaultsReference {
    static func setIfAbsent(_ object: inout JSONValue, _ path: [String], _ value: JSONValue) {
        if object[path: path] == nil || object[path: path] == .null { object[path: path] = value }
    }

    static func podSpec(_ object: inout JSONValue, at path: [String]) {
        guard var spec = object[path: path], spec.object != nil else { return }
        setIfAbsent(&spec, ["restartPolicy"], "Always")
        setIfAbsent(&spec, ["terminationGracePeriodSeconds"], 30)
        setIfAbsent(&spec, ["dnsPolicy"], "ClusterFirst")
        setIfAbsent(&spec, ["securityContext"], [:])
        setIfAbsent(&spec, ["schedulerName"], "default-scheduler")
        for list in ["containers", "initContainers"] {
            guard var containers = spec[list]?.array else { continue }
            for index in containers.indices { container(&containers[index]) }
            spec[list] = .array(containers)
        }
        object[path: path] = spec
    }

    static func container(_ container: inout JSONValue) {
        guard container.object != nil else { return }
        setIfAbsent(&container, ["terminationMessagePath"], "/dev/termination-log")
        setIfAbsent(&container, ["terminationMessagePolicy"], "File")
        setIfAbsent(&container, ["resources"], [:])
        if let image = container["image"]?.string {
            setIfAbsent(&container, ["imagePullPolicy"], Defaults.imagePullPolicy(for: image))
        }
        if var ports = container["ports"]?.array {
            for index in ports.indices { setIfAbsent(&ports[index], ["protocol"], "TCP") }
            container["ports"] = .array(ports)
        }
        for probe in ["livenessProbe", "readinessProbe", "startupProbe"] where container[probe]?.object != nil {
            setIfAbsent(&container, [probe, "timeoutSeconds"], 1)
            setIfAbsent(&container, [probe, "periodSeconds"], 10)
            setIfAbsent(&container, [probe, "successThreshold"], 1)
            setIfAbsent(&container, [probe, "failureThreshold"], 3)
        }
    }

    /// The error's message when the quantities are refused.
    static func quantities(in object: inout JSONValue, key: StoreKey) -> String? {
        guard let podSpecPath = PodSpecPath.of(key.resource) else { return nil }
        guard var podSpec = object[path: podSpecPath] else { return nil }
        for list in ["containers", "initContainers"] {
            guard var containers = podSpec[list]?.array else { continue }
            for index in containers.indices {
                for section in ["requests", "limits"] {
                    guard let values = containers[index][path: ["resources", section]]?.object else { continue }
                    var canonical: [String: JSONValue] = [:]
                    for (name, value) in values {
                        guard let quantity = Canonical.canonicalQuantity(value) else {
                            return (podSpecPath + ["\(list)[\(index)]", "resources", section, name]).joined(separator: ".")
                        }
                        canonical[name] = quantity
                    }
                    containers[index][path: ["resources", section]] = .object(canonical)
                }
            }
            podSpec[list] = .array(containers)
        }
        object[path: podSpecPath] = podSpec
        return nil
    }
}
