import FerryKube
import NIOHTTP1
import Synchronization

/// An API group, version and kind: what a manifest's `apiVersion` and `kind` name.
public struct GroupVersionKind: Sendable, Hashable, CustomStringConvertible {
    /// The group; "" for the core group.
    public var group: String
    /// The version, e.g. `v1`.
    public var version: String
    /// The kind, e.g. `Deployment`.
    public var kind: String

    /// A kind in `group` at `version`.
    public init(group: String, version: String, kind: String) {
        self.group = group
        self.version = version
        self.kind = kind
    }

    /// A kind from an `apiVersion` such as `apps/v1` or `v1`.
    public init(apiVersion: String, kind: String) {
        if let slash = apiVersion.lastIndex(of: "/") {
            self.init(group: String(apiVersion[..<slash]), version: String(apiVersion[apiVersion.index(after: slash)...]), kind: kind)
        } else {
            self.init(group: "", version: apiVersion, kind: kind)
        }
    }

    /// The kind of an object identity.
    public init(_ identity: ObjectIdentity) {
        self.init(group: identity.group, version: identity.version, kind: identity.kind)
    }

    /// `group/version`, or `version` for the core group.
    public var apiVersion: String { group.isEmpty ? version : "\(group)/\(version)" }

    /// `Kind (apiVersion)`.
    public var description: String { "\(kind) (\(apiVersion))" }
}

/// One resource a cluster serves, from discovery: its REST name, scope and verbs.
public struct APIResource: Sendable, Hashable {
    /// The group; "" for the core group.
    public var group: String
    /// The version.
    public var version: String
    /// The kind of its objects.
    public var kind: String
    /// The plural REST name, e.g. `deployments`.
    public var name: String
    /// The singular name, e.g. `deployment` (may be "" on old servers).
    public var singularName: String
    /// Whether its objects live in namespaces.
    public var namespaced: Bool
    /// What can be done with it: `get`, `list`, `watch`, `create`, `patch`, `delete`, ...
    public var verbs: [String]
    /// Short names, e.g. `deploy`.
    public var shortNames: [String]

    /// A resource with these properties.
    public init(group: String, version: String, kind: String, name: String, singularName: String = "",
                namespaced: Bool, verbs: [String], shortNames: [String] = []) {
        self.group = group
        self.version = version
        self.kind = kind
        self.name = name
        self.singularName = singularName
        self.namespaced = namespaced
        self.verbs = verbs
        self.shortNames = shortNames
    }

    /// Its group, version and kind.
    public var groupVersionKind: GroupVersionKind { GroupVersionKind(group: group, version: version, kind: kind) }

    /// `deployments.apps`, or `configmaps` for the core group, as kubectl names resources.
    public var qualifiedName: String { group.isEmpty ? name : "\(name).\(group)" }

    /// Whether the server accepts `verb` on it.
    public func supports(_ verb: String) -> Bool { verbs.contains(verb) }

    /// The path of the collection: in `namespace` when namespaced and given, else across the cluster.
    public func collectionPath(namespace: String?) -> String {
        var path = group.isEmpty ? "/api/\(version)" : "/apis/\(group)/\(version)"
        if namespaced, let namespace { path += "/namespaces/\(ServerEndpoint.segment(namespace))" }
        return path + "/" + name
    }

    /// The path of the object `name` (the namespace is ignored for a cluster-scoped resource).
    public func objectPath(namespace: String?, name objectName: String) -> String {
        collectionPath(namespace: namespaced ? namespace : nil) + "/" + ServerEndpoint.segment(objectName)
    }
}

/// The answer of `/version`.
public struct ServerVersion: Sendable, Hashable {
    /// `major`, e.g. `1`.
    public var major: String
    /// `minor`, e.g. `32` (some providers add `+`).
    public var minor: String
    /// `gitVersion`, e.g. `v1.32.0`.
    public var gitVersion: String
    /// `platform`, e.g. `linux/amd64`.
    public var platform: String

    /// A version with these fields.
    public init(major: String, minor: String, gitVersion: String, platform: String) {
        self.major = major
        self.minor = minor
        self.gitVersion = gitVersion
        self.platform = platform
    }
}

/// Discovery documents, fetched at most once per client (concurrent askers share one
/// fetch); a failed fetch is forgotten so that the next ask tries again.
final class DiscoveryCache: Sendable {
    /// The resources of one group/version, or nil when the server does not serve it.
    typealias GroupVersion = [String: APIResource]?

    private enum Entry<Value: Sendable> {
        case loading(Task<Value, any Error>)
        case loaded(Value)
    }

    private struct State {
        var groupVersions: [String: Entry<GroupVersion>] = [:]
        var groups: Entry<[String: [String]]>?
        /// Kinds already looked up again after a miss (a CRD may have been installed since).
        var rechecked: Set<GroupVersionKind> = []
    }

    private let state = Mutex(State())

    func groupVersion(_ key: String, load: @escaping @Sendable () async throws -> GroupVersion) async throws -> GroupVersion {
        try await value(at: \.groupVersions[key], load: load)
    }

    /// The group/version when it is already loaded (`.some(nil)`: the server does not serve it).
    ///
    /// Every request looks its resource up: this answers it without a load closure and
    /// without the key path of ``groupVersion(_:load:)`` (one with a subscript argument is
    /// built at run time, on each call).
    func loadedGroupVersion(_ key: String) -> GroupVersion? {
        state.withLock { state in
            if case .loaded(let value) = state.groupVersions[key] { return .some(value) }
            return .none
        }
    }

    /// Served versions by group ("" for the core group).
    func groups(load: @escaping @Sendable () async throws -> [String: [String]]) async throws -> [String: [String]] {
        try await value(at: \.groups, load: load)
    }

    /// The value cached at `slot`, loading it if absent; concurrent askers wait for the
    /// same load, and a failed load leaves the slot empty again.
    private func value<Value: Sendable>(
        at slot: WritableKeyPath<State, Entry<Value>?>, load: @escaping @Sendable () async throws -> Value
    ) async throws -> Value {
        let entry = state.withLock { state -> Entry<Value> in
            if let entry = state[keyPath: slot] { return entry }
            let entry = Entry<Value>.loading(Task { try await load() })
            state[keyPath: slot] = entry
            return entry
        }
        let task: Task<Value, any Error>
        switch entry {
        case .loaded(let value): return value
        case .loading(let loading): task = loading
        }
        do {
            let value = try await task.value
            state.withLock { state in
                if case .loading(let current) = state[keyPath: slot], current == task { state[keyPath: slot] = .loaded(value) }
            }
            return value
        } catch {
            state.withLock { state in
                if case .loading(let current) = state[keyPath: slot], current == task { state[keyPath: slot] = nil }
            }
            throw error
        }
    }

    /// Forgets one group/version, the first time `kind` misses: returns whether it did.
    func forgetForRecheck(_ kind: GroupVersionKind) -> Bool {
        state.withLock { state in
            guard state.rechecked.insert(kind).inserted else { return false }
            if case .loaded = state.groupVersions[kind.groupVersionKey] { state.groupVersions[kind.groupVersionKey] = nil }
            state.groups = nil
            return true
        }
    }

    func removeAll() {
        state.withLock { $0 = State() }
    }
}

extension GroupVersionKind {
    var groupVersionKey: String { apiVersion }
    var groupVersionPath: String { group.isEmpty ? "/api/\(version)" : "/apis/\(group)/\(version)" }
}

extension KubeClient {
    /// The resource serving `kind`, from discovery cached for this client's life.
    ///
    /// A kind not found makes the client ask the server once more (a CRD may have just been
    /// installed) before throwing ``KubeError/unknownKind(_:)``, which names `source` (the
    /// manifest's file) and `object` when given.
    public func resource(for kind: GroupVersionKind, source: String? = nil,
                         object: ObjectIdentity? = nil) async throws -> APIResource {
        if let found = try await groupVersionResources(kind)?[kind.kind] { return found }
        if discoveryCache.forgetForRecheck(kind), let found = try await groupVersionResources(kind)?[kind.kind] {
            return found
        }
        let served = (try? await servedVersions())?[kind.group] ?? []
        let versionServed = served.contains(kind.version)
        throw KubeError.unknownKind(UnknownKind(
            kind: kind, server: config.server, source: source, object: object,
            servedVersions: versionServed ? [] : served))
    }

    /// The resource of an object's kind; see ``resource(for:source:object:)``.
    public func resource(for identity: ObjectIdentity, source: String? = nil) async throws -> APIResource {
        try await resource(for: GroupVersionKind(identity), source: source, object: identity)
    }

    /// Forgets everything discovery learned: call after installing CRDs to see their kinds at once.
    public func invalidateDiscovery() {
        discoveryCache.removeAll()
    }

    /// Every resource the cluster serves, in every version (subresources left out).
    ///
    /// As `kubectl api-resources`, a group/version that cannot be read (an aggregated API
    /// whose backend is down answers 503) is left out with a warning rather than failing
    /// the whole answer; a cluster that cannot be reached at all still throws.
    public func serverResources() async throws -> [APIResource] {
        let groups = try await servedVersions()
        var kinds: [GroupVersionKind] = []
        for (group, versions) in groups {
            for version in versions { kinds.append(GroupVersionKind(group: group, version: version, kind: "")) }
        }
        return try await withThrowingTaskGroup(of: [APIResource].self) { tasks in
            for kind in kinds {
                tasks.addTask {
                    do {
                        return Array((try await self.groupVersionResources(kind) ?? [:]).values)
                    } catch let error as KubeError where error.status != nil {
                        self.options.logger.warning("discovery of \(kind.apiVersion) failed, leaving it out: \(error)")
                        return []
                    }
                }
            }
            var all: [APIResource] = []
            for try await resources in tasks { all.append(contentsOf: resources) }
            return all.sorted { ($0.group, $0.version, $0.name) < ($1.group, $1.version, $1.name) }
        }
    }

    /// The server's version (`/version`).
    public func serverVersion() async throws -> ServerVersion {
        let request = KubeRequest(verb: .discovery, method: .GET, path: "/version")
        let (json, _) = try await sendJSON(request)
        return ServerVersion(major: json["major"]?.string ?? "", minor: json["minor"]?.string ?? "",
                             gitVersion: json["gitVersion"]?.string ?? "", platform: json["platform"]?.string ?? "")
    }

    /// Versions served per group ("" is the core group), from `/api` and `/apis`.
    public func servedVersions() async throws -> [String: [String]] {
        try await discoveryCache.groups { [self] in
            var groups: [String: [String]] = [:]
            let (core, _) = try await sendJSON(KubeRequest(verb: .discovery, method: .GET, path: "/api"))
            groups[""] = (core["versions"]?.array ?? []).compactMap(\.string)
            let (named, _) = try await sendJSON(KubeRequest(verb: .discovery, method: .GET, path: "/apis"))
            for group in named["groups"]?.array ?? [] {
                guard let name = group["name"]?.string else { continue }
                groups[name] = (group["versions"]?.array ?? []).compactMap { $0["version"]?.string }
            }
            return groups
        }
    }

    /// The resources of `kind`'s group/version by kind, or nil when the server does not serve it.
    private func groupVersionResources(_ kind: GroupVersionKind) async throws -> [String: APIResource]? {
        if let loaded = discoveryCache.loadedGroupVersion(kind.groupVersionKey) { return loaded }
        return try await discoveryCache.groupVersion(kind.groupVersionKey) { [self] in
            let request = KubeRequest(verb: .discovery, method: .GET, path: kind.groupVersionPath)
            let json: JSONValue
            do {
                json = try await sendJSON(request).object
            } catch let error as KubeError where error.isNotFound {
                return nil
            }
            var resources: [String: APIResource] = [:]
            for item in json["resources"]?.array ?? [] {
                // `deployments/status` and the like are subresources, not kinds of their own.
                guard let name = item["name"]?.string, !name.contains("/"), let itemKind = item["kind"]?.string else { continue }
                let resource = APIResource(
                    group: kind.group, version: kind.version, kind: itemKind, name: name,
                    singularName: item["singularName"]?.string ?? "",
                    namespaced: item["namespaced"]?.bool ?? false,
                    verbs: (item["verbs"]?.array ?? []).compactMap(\.string),
                    shortNames: (item["shortNames"]?.array ?? []).compactMap(\.string))
                // Two resources can share a kind (rare, e.g. legacy aliases); the first listed is canonical.
                if resources[itemKind] == nil { resources[itemKind] = resource }
            }
            return resources
        }
    }
}
