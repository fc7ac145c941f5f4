import FerryKube

/// The discovery documents: how kubectl learns which resources exist, their scope,
/// short names (`deploy`, `po`) and categories (`all`).
///
/// Both forms are served. Aggregated discovery (one document for `/api`, one for
/// `/apis`) is what kubectl asks for first; it recognises it only by the exact
/// `Content-Type` of ``aggregatedContentType(version:)``. The legacy form
/// (`APIVersions`, `APIGroupList`, one `APIResourceList` per group version) answers
/// plain JSON requests.
enum Discovery {
    /// The Content-Type that makes kubectl read a body as aggregated discovery.
    static func aggregatedContentType(version: String) -> String {
        "application/json;g=apidiscovery.k8s.io;v=\(version);as=APIGroupDiscoveryList"
    }

    static let allVerbs: [JSONValue] = ["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"]
    static let readAndDeleteVerbs: [JSONValue] = ["delete", "deletecollection", "get", "list", "watch"]
    static let subresourceVerbs: [JSONValue] = ["get", "patch", "update"]

    static func verbs(_ resource: ResourceType) -> [JSONValue] {
        resource.clientWritable ? allVerbs : readAndDeleteVerbs
    }

    /// The group versions served, grouped by API group in catalog order.
    static func groups(_ served: ServedResources) -> [(name: String, versions: [String])] {
        var result: [(name: String, versions: [String])] = []
        for (group, version) in served.groupVersions {
            if let index = result.firstIndex(where: { $0.name == group }) {
                result[index].versions.append(version)
            } else {
                result.append((group, [version]))
            }
        }
        return result
    }

    static func resources(group: String, version: String, served: ServedResources) -> [ResourceType] {
        served.all.filter { $0.group == group && $0.version == version }
    }

    /// Whether a group version is served.
    static func serves(group: String, version: String, served: ServedResources) -> Bool {
        !resources(group: group, version: version, served: served).isEmpty
    }

    // MARK: Aggregated

    /// `GET /api` (core) or `GET /apis` (every named group) as an `APIGroupDiscoveryList`.
    static func aggregated(core: Bool, version discoveryVersion: String, served: ServedResources) -> JSONValue {
        let items: [JSONValue] = groups(served).filter { $0.name.isEmpty == core }.map { group in
            [
                "metadata": ["name": .string(group.name)],
                "versions": .array(group.versions.map { version in
                    [
                        "version": .string(version),
                        "freshness": "Current",
                        "resources": .array(resources(group: group.name, version: version, served: served).map(aggregatedResource)),
                    ]
                }),
            ]
        }
        return [
            "kind": "APIGroupDiscoveryList", "apiVersion": .string("apidiscovery.k8s.io/\(discoveryVersion)"),
            "metadata": [:], "items": .array(items),
        ]
    }

    private static func aggregatedResource(_ resource: ResourceType) -> JSONValue {
        var entry: JSONValue = [
            "resource": .string(resource.plural),
            "responseKind": kind(resource),
            "scope": resource.namespaced ? "Namespaced" : "Cluster",
            "singularResource": .string(resource.singular),
            "verbs": .array(verbs(resource)),
        ]
        if !resource.shortNames.isEmpty { entry["shortNames"] = .array(resource.shortNames.map(JSONValue.string)) }
        if !resource.categories.isEmpty { entry["categories"] = .array(resource.categories.map(JSONValue.string)) }
        let subresources = sortedSubresources(resource)
        if !subresources.isEmpty {
            entry["subresources"] = .array(subresources.map { subresource in
                [
                    "subresource": .string(subresource.rawValue),
                    "responseKind": subresourceKind(resource, subresource),
                    "verbs": .array(subresourceVerbs),
                ]
            })
        }
        return entry
    }

    private static func kind(_ resource: ResourceType) -> JSONValue {
        ["group": .string(resource.group), "version": .string(resource.version), "kind": .string(resource.kind)]
    }

    private static func subresourceKind(_ resource: ResourceType, _ subresource: ResourceType.Subresource) -> JSONValue {
        switch subresource {
        case .status: return kind(resource)
        case .scale: return ["group": "autoscaling", "version": "v1", "kind": "Scale"]
        }
    }

    private static func sortedSubresources(_ resource: ResourceType) -> [ResourceType.Subresource] {
        resource.subresources.sorted { $0.rawValue > $1.rawValue }
    }

    // MARK: Legacy

    /// `GET /api` as `APIVersions`.
    static func coreVersions(_ served: ServedResources) -> JSONValue {
        [
            "kind": "APIVersions",
            "versions": .array(groups(served).first { $0.name.isEmpty }?.versions.map(JSONValue.string) ?? []),
            "serverAddressByClientCIDRs": [["clientCIDR": "0.0.0.0/0", "serverAddress": "127.0.0.1"]],
        ]
    }

    /// `GET /apis` as `APIGroupList`.
    static func groupList(_ served: ServedResources) -> JSONValue {
        ["kind": "APIGroupList", "apiVersion": "v1", "groups": .array(groups(served).filter { !$0.name.isEmpty }.map(groupEntry))]
    }

    /// `GET /apis/GROUP` as `APIGroup`; nil when the group is not served.
    static func group(_ name: String, served: ServedResources) -> JSONValue? {
        guard !name.isEmpty, let group = groups(served).first(where: { $0.name == name }) else { return nil }
        var entry = groupEntry(group)
        entry["kind"] = "APIGroup"
        entry["apiVersion"] = "v1"
        return entry
    }

    private static func groupEntry(_ group: (name: String, versions: [String])) -> JSONValue {
        let versions: [JSONValue] = group.versions.map {
            ["groupVersion": .string("\(group.name)/\($0)"), "version": .string($0)]
        }
        return ["name": .string(group.name), "versions": .array(versions), "preferredVersion": versions.first ?? .null]
    }

    /// `GET /api/v1` or `/apis/GROUP/VERSION` as `APIResourceList`; nil when not served.
    static func resourceList(group: String, version: String, served: ServedResources) -> JSONValue? {
        let resources = resources(group: group, version: version, served: served)
        guard !resources.isEmpty else { return nil }
        var entries: [JSONValue] = []
        for resource in resources {
            var entry: JSONValue = [
                "name": .string(resource.plural), "singularName": .string(resource.singular),
                "namespaced": .bool(resource.namespaced), "kind": .string(resource.kind),
                "verbs": .array(verbs(resource)),
            ]
            if !resource.shortNames.isEmpty { entry["shortNames"] = .array(resource.shortNames.map(JSONValue.string)) }
            if !resource.categories.isEmpty { entry["categories"] = .array(resource.categories.map(JSONValue.string)) }
            entries.append(entry)
            for subresource in sortedSubresources(resource) {
                var sub: JSONValue = [
                    "name": .string("\(resource.plural)/\(subresource.rawValue)"), "singularName": "",
                    "namespaced": .bool(resource.namespaced), "verbs": .array(subresourceVerbs),
                ]
                let kind = subresourceKind(resource, subresource)
                sub["kind"] = kind["kind"]
                if subresource == .scale {
                    sub["group"] = kind["group"]
                    sub["version"] = kind["version"]
                }
                entries.append(sub)
            }
        }
        let groupVersion = group.isEmpty ? version : "\(group)/\(version)"
        return ["kind": "APIResourceList", "apiVersion": "v1", "groupVersion": .string(groupVersion), "resources": .array(entries)]
    }

    // MARK: Version

    /// `GET /version`: a 1.32 server, so that kubectl (and the gcloud dispatcher)
    /// use their 1.32 client.
    static var version: JSONValue {
        #if arch(arm64)
        let architecture = "arm64"
        #else
        let architecture = "amd64"
        #endif
        #if os(macOS)
        let system = "darwin"
        #else
        let system = "linux"
        #endif
        return [
            "major": "1", "minor": "32", "gitVersion": "v1.32.0-ferry", "gitCommit": "", "gitTreeState": "clean",
            "buildDate": "", "goVersion": "", "compiler": "swift", "platform": .string("\(system)/\(architecture)"),
        ]
    }
}
