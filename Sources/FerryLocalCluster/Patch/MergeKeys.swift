import FerryKube

/// An object's API group and kind: all the schema lookups need to know about its type.
public struct GroupKind: Sendable, Hashable, CustomStringConvertible {
    /// The API group; "" for the core group.
    public var group: String
    /// The kind, e.g. `Deployment`.
    public var kind: String

    /// Creates a group and kind, e.g. `GroupKind(group: "apps", kind: "Deployment")`.
    public init(group: String, kind: String) {
        self.group = group
        self.kind = kind
    }

    /// The group of an `apiVersion` (`apps/v1` → `apps`, `v1` → core) with `kind`.
    public init(apiVersion: String, kind: String) {
        let group = apiVersion.firstIndex(of: "/").map { String(apiVersion[..<$0]) } ?? ""
        self.init(group: group, kind: kind)
    }

    /// Reads `apiVersion` and `kind` from an object; nil when either is missing.
    public init?(object: JSONValue) {
        guard let apiVersion = object["apiVersion"]?.string, let kind = object["kind"]?.string else { return nil }
        self.init(apiVersion: apiVersion, kind: kind)
    }

    /// `Deployment.apps`, or `Pod` for the core group.
    public var description: String { group.isEmpty ? kind : "\(kind).\(group)" }
}

/// How a list is merged and owned: as a whole, element by element on key fields,
/// or as a set of primitive values.
public enum ListType: Sendable, Hashable {
    /// Replaced wholesale by a patch or an apply, and owned whole.
    case atomic
    /// Elements are objects identified by the values of these fields.
    case map(keys: [ListKey])
    /// Elements are primitive values, each identified by itself (`metadata.finalizers`).
    case set

    /// The strategic merge patch merge key: the first key field.
    public var mergeKey: String? {
        if case .map(let keys) = self { return keys.first?.field }
        return nil
    }
}

/// One key field of a keyed list.
public struct ListKey: Sendable, Hashable {
    /// The field of each element that identifies it.
    public var field: String
    /// The value assumed when an element omits the field. Server-side apply keys
    /// container ports by `containerPort` and `protocol`, and `protocol` defaults to
    /// `TCP`, so `{"containerPort": 80}` is the element `k:{"containerPort":80,"protocol":"TCP"}`.
    public var defaultValue: JSONValue?

    /// Creates a key field, optionally with the value an element that omits it has.
    public init(_ field: String, default defaultValue: JSONValue? = nil) {
        self.field = field
        self.defaultValue = defaultValue
    }
}

/// The schema knowledge strategic merge patch and server-side apply share: which lists
/// merge by key, on which fields.
///
/// A list is named by its path of field names from the object root, list positions
/// left out: a container's `env` in a Deployment is
/// `["spec", "template", "spec", "containers", "env"]`. Rules are kept by pattern:
/// lists every object has (`metadata.ownerReferences`), lists of a pod spec (relative to
/// where each workload kind keeps its pod spec), and lists particular to one kind
/// (Service ports). Every list not named here is atomic, as it is for an unknown kind.
public enum MergeKeys {
    /// Which engine asks: the two disagree on a few keys (strategic merge patch keys
    /// container ports by `containerPort` alone, apply by `containerPort` and `protocol`).
    public enum Strategy: Sendable, Hashable {
        case strategicMerge
        case serverSideApply
    }

    /// How the list at `path` (field names from the root) in an object of `kind` merges.
    public static func listType(at path: [String], in kind: GroupKind, for strategy: Strategy) -> ListType {
        if let custom = CustomListTypes.listType(at: path, in: kind) { return custom }
        if let rule = objectRules[path] ?? kindRules[kind]?[path] { return rule.type(for: strategy) }
        if let prefix = podSpecPath(for: kind), path.count > prefix.count, Array(path.prefix(prefix.count)) == prefix,
           let rule = podSpecRules[Array(path.dropFirst(prefix.count))] {
            return rule.type(for: strategy)
        }
        return .atomic
    }

    /// Where a kind keeps its pod spec: `["spec"]` for a Pod, `["spec", "template", "spec"]`
    /// for the workload controllers, deeper for a CronJob; nil for kinds without one.
    public static func podSpecPath(for kind: GroupKind) -> [String]? {
        podSpecPaths[kind]
    }

    /// One list's behaviour under each engine.
    struct Rule: Sendable {
        var strategic: ListType
        var apply: ListType

        init(_ both: ListType) {
            strategic = both
            apply = both
        }

        init(strategic: ListType, apply: ListType) {
            self.strategic = strategic
            self.apply = apply
        }

        func type(for strategy: Strategy) -> ListType {
            strategy == .strategicMerge ? strategic : apply
        }

        static func keyed(_ fields: String...) -> Rule { Rule(.map(keys: fields.map { ListKey($0) })) }
    }

    static let tcp: JSONValue = "TCP"

    /// Lists every kind has.
    static let objectRules: [[String]: Rule] = [
        ["metadata", "ownerReferences"]: .keyed("uid"),
        ["metadata", "finalizers"]: Rule(.set),
        ["status", "conditions"]: .keyed("type"),
    ]

    /// Lists of a pod spec, relative to the pod spec.
    static let podSpecRules: [[String]: Rule] = {
        var rules: [[String]: Rule] = [
            ["volumes"]: .keyed("name"),
            ["imagePullSecrets"]: .keyed("name"),
            ["hostAliases"]: .keyed("ip"),
            ["resourceClaims"]: .keyed("name"),
            ["schedulingGates"]: .keyed("name"),
            ["topologySpreadConstraints"]: Rule(
                strategic: .map(keys: [ListKey("topologyKey")]),
                apply: .map(keys: [ListKey("topologyKey"), ListKey("whenUnsatisfiable")])),
        ]
        let containerRules: [String: Rule] = [
            "env": .keyed("name"),
            "ports": Rule(
                strategic: .map(keys: [ListKey("containerPort")]),
                apply: .map(keys: [ListKey("containerPort"), ListKey("protocol", default: tcp)])),
            "volumeMounts": .keyed("mountPath"),
            "volumeDevices": .keyed("devicePath"),
            // Named only to record the decision: envFrom has no key upstream either.
            "envFrom": Rule(.atomic),
        ]
        for containers in ["containers", "initContainers", "ephemeralContainers"] {
            rules[[containers]] = .keyed("name")
            for (field, rule) in containerRules { rules[[containers, field]] = rule }
        }
        return rules
    }()

    /// Lists particular to one kind, by full path.
    static let kindRules: [GroupKind: [[String]: Rule]] = [
        GroupKind(group: "", kind: "Service"): [
            ["spec", "ports"]: Rule(
                strategic: .map(keys: [ListKey("port")]),
                apply: .map(keys: [ListKey("port"), ListKey("protocol", default: tcp)])),
        ],
    ]

    static let podSpecPaths: [GroupKind: [String]] = {
        var paths: [GroupKind: [String]] = [
            GroupKind(group: "", kind: "Pod"): ["spec"],
            GroupKind(group: "", kind: "PodTemplate"): ["template", "spec"],
            GroupKind(group: "batch", kind: "CronJob"): ["spec", "jobTemplate", "spec", "template", "spec"],
        ]
        let templated = [
            GroupKind(group: "apps", kind: "Deployment"), GroupKind(group: "apps", kind: "ReplicaSet"),
            GroupKind(group: "apps", kind: "StatefulSet"), GroupKind(group: "apps", kind: "DaemonSet"),
            GroupKind(group: "batch", kind: "Job"), GroupKind(group: "", kind: "ReplicationController"),
        ]
        for kind in templated { paths[kind] = ["spec", "template", "spec"] }
        return paths
    }()
}
