import FerryKube

extension Defaults {
    /// `SetDefaults_Service`, and a cluster IP allocated from 10.43.0.0/16.
    static func service(_ object: inout JSONValue, key: StoreKey) {
        setIfAbsent(&object, ["spec"], [:])
        setIfAbsent(&object, ["spec", "type"], "ClusterIP")
        setIfAbsent(&object, ["spec", "sessionAffinity"], "None")
        setIfAbsent(&object, ["spec", "internalTrafficPolicy"], "Cluster")
        setIfAbsent(&object, ["spec", "ipFamilies"], ["IPv4"])
        setIfAbsent(&object, ["spec", "ipFamilyPolicy"], "SingleStack")
        if object[path: ["spec", "clusterIP"]] == nil || object[path: ["spec", "clusterIP"]] == "" {
            object[path: ["spec", "clusterIP"]] = .string(clusterIP(for: key))
        }
        if let ip = object[path: ["spec", "clusterIP"]]?.string {
            setIfAbsent(&object, ["spec", "clusterIPs"], [.string(ip)])
        }
        if var ports = object[path: ["spec", "ports"]]?.array {
            for index in ports.indices {
                setIfAbsent(&ports[index], ["protocol"], "TCP")
                if let port = ports[index]["port"] { setIfAbsent(&ports[index], ["targetPort"], port) }
            }
            object[path: ["spec", "ports"]] = .array(ports)
        }
        setIfAbsent(&object, ["status", "loadBalancer"], [:])
    }

    /// A stable address for the service: the same name always gets the same IP, so
    /// objects re-created from git do not churn.
    static func clusterIP(for key: StoreKey) -> String {
        var hash: UInt32 = 2_166_136_261
        for byte in "\(key.namespace)/\(key.name)".utf8 {
            hash = (hash ^ UInt32(byte)) &* 16_777_619
        }
        let host = hash % 65_024 + 256  // skip 10.43.0.x, where the API service would live
        return "10.43.\(host / 256).\(host % 256)"
    }
}
