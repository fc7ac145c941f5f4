import FerryKube
import NIOConcurrencyHelpers

/// Every resource one cluster serves: the built-in ``ResourceCatalog`` and a resource
/// per served version of each Established CRD, as apiextensions-apiserver adds them.
/// Routing, discovery, the controllers and the store's loading all ask here.
public struct ServedResources: Sendable {
    public let builtIn: [ResourceType]
    /// The custom resources, by CRD name then version order.
    public let custom: [ResourceType]

    public var all: [ResourceType] { builtIn + custom }

    public static let builtInOnly = ServedResources(builtIn: ResourceCatalog.all, custom: [])

    init(builtIn: [ResourceType], custom: [ResourceType]) {
        self.builtIn = builtIn
        self.custom = custom
    }

    /// The resources the stored `definitions` serve: each Established one whose names were accepted.
    init(definitions: [JSONValue]) {
        self.init(builtIn: ResourceCatalog.all, custom: definitions.flatMap(Self.resources(servedBy:)))
    }

    /// The resource served at `/api(s)/[group/]version/plural`.
    public func resource(group: String, version: String, plural: String) -> ResourceType? {
        ResourceCatalog.resource(group: group, version: version, plural: plural)
            ?? custom.first { $0.group == group && $0.version == version && $0.plural == plural }
    }

    /// The resource of a kind, as manifests name it by `apiVersion` and `kind`.
    public func resource(apiVersion: String, kind: String) -> ResourceType? {
        ResourceCatalog.resource(apiVersion: apiVersion, kind: kind)
            ?? custom.first { $0.apiVersion == apiVersion && $0.kind == kind }
    }

    /// The resource objects of `qualifiedName` (`widgets.example.com`) are stored under:
    /// the built-in one, or the CRD's storage version.
    public func storageResource(qualifiedName: String) -> ResourceType? {
        ResourceCatalog.all.first { $0.qualifiedName == qualifiedName }
            ?? custom.first { $0.qualifiedName == qualifiedName && $0.custom?.isStorage == true }
    }

    /// The group versions served, in discovery order (built-ins first).
    public var groupVersions: [(group: String, version: String)] {
        var seen: Set<String> = []
        var result: [(String, String)] = []
        for resource in all where !seen.contains(resource.apiVersion) {
            seen.insert(resource.apiVersion)
            result.append((resource.group, resource.version))
        }
        return result
    }

    /// The ResourceType of an Established CRD's storage version (when served), named by
    /// its accepted names. Other served versions are not served here: objects would need
    /// converting between versions, which the local cluster does not do.
    static func resources(servedBy definition: JSONValue) -> [ResourceType] {
        guard CustomResourceDefinitionStatus.condition("Established", of: definition) == "True",
              let name = definition[path: ["metadata", "name"]]?.string,
              let group = definition[path: ["spec", "group"]]?.string else { return [] }
        let names = definition[path: ["status", "acceptedNames"]] ?? definition[path: ["spec", "names"]] ?? [:]
        guard let kind = names["kind"]?.string, let plural = names["plural"]?.string else { return [] }
        let namespaced = definition[path: ["spec", "scope"]]?.string != "Cluster"
        return (definition[path: ["spec", "versions"]]?.array ?? []).compactMap { version in
            guard version["served"]?.bool == true, version["storage"]?.bool == true, let versionName = version["name"]?.string else { return nil }
            var subresources: Set<ResourceType.Subresource> = []
            if version[path: ["subresources", "status"]] != nil { subresources.insert(.status) }
            if version[path: ["subresources", "scale"]] != nil { subresources.insert(.scale) }
            return ResourceType(
                group: group, version: versionName, kind: kind, plural: plural,
                singular: names["singular"]?.string ?? kind.lowercased(),
                shortNames: (names["shortNames"]?.array ?? []).compactMap(\.string),
                namespaced: namespaced, categories: (names["categories"]?.array ?? []).compactMap(\.string),
                subresources: subresources, tracksGeneration: true,
                custom: CustomResourceVersion(definitionName: name, version: version,
                                              isStorage: version["storage"]?.bool == true,
                                              isTerminating: definition.isBeingDeleted))
        }
    }
}

/// The store's ``ServedResources``, rebuilt only when a CRD changed: the cache is keyed
/// by the CRDs' names and resourceVersions, so a lookup costs one listing of the CRDs.
final class ServedResourcesCache: Sendable {
    private struct Entry {
        var versions: [String]
        var served: ServedResources
    }

    private let entry = NIOLockedValueBox<Entry>(Entry(versions: [], served: .builtInOnly))

    func served(definitions: [JSONValue]) -> ServedResources {
        let versions = definitions.map {
            "\($0[path: ["metadata", "name"]]?.string ?? "")@\($0[path: ["metadata", "resourceVersion"]]?.string ?? "")"
        }
        if let hit = entry.withLockedValue({ $0.versions == versions ? $0.served : nil }) { return hit }
        let served = ServedResources(definitions: definitions)
        CustomListTypes.register(served.custom)
        entry.withLockedValue { $0 = Entry(versions: versions, served: served) }
        return served
    }
}

extension ObjectStore {
    /// What this cluster serves now: the built-ins and its Established CRDs' resources.
    public var served: ServedResources {
        servedCache.served(definitions: list(ResourceCatalog.customResourceDefinitions).items)
    }
}
