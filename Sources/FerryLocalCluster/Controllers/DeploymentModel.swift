import FerryKube
import Foundation

/// The annotation keys of deploymentutil.
enum DeploymentAnnotation {
    static let revision = "deployment.kubernetes.io/revision"
    static let revisionHistory = "deployment.kubernetes.io/revision-history"
    static let desiredReplicas = "deployment.kubernetes.io/desired-replicas"
    static let maxReplicas = "deployment.kubernetes.io/max-replicas"
    static let rollbackTo = "deprecated.deployment.rollback.to"
    static let lastApplied = "kubectl.kubernetes.io/last-applied-configuration"

    /// annotationsToSkip: never copied from a Deployment to its ReplicaSets.
    static let notCopied: Set<String> = [lastApplied, revision, revisionHistory, desiredReplicas, maxReplicas, rollbackTo]

    /// maxRevHistoryLengthInChars, the controller's default.
    static let maxRevisionHistoryLength = 2000
}

/// An `intstr.IntOrString` of a rolling update: a count or a percentage.
enum IntOrPercent: Sendable, Equatable {
    case count(Int64)
    case percent(Int64)

    /// Reads an int, `"25%"`, or (leniently) a numeric string; nil otherwise.
    init?(json: JSONValue?) {
        guard let json else { return nil }
        if let number = json.int { self = .count(number); return }
        guard let raw = json.string else { return nil }
        // Only text with something besides digits, signs and `%` can need trimming;
        // Foundation's trimming costs more than the rest of reading a Deployment.
        let plain = raw.utf8.allSatisfy { (48...57).contains($0) || $0 == 37 || $0 == 43 || $0 == 45 }
        let text = plain ? raw : raw.trimmingCharacters(in: .whitespaces)
        if text.hasSuffix("%"), let number = Int64(text.dropLast()) {
            self = .percent(number)
        } else if let number = Int64(text) {
            self = .count(number)
        } else {
            return nil
        }
    }

    /// intstr.GetScaledValueFromIntOrPercent: a percentage of `total`, rounded up or down.
    func scaled(_ total: Int64, roundUp: Bool) -> Int64 {
        switch self {
        case .count(let number): return number
        case .percent(let percent):
            let product = percent * total
            return roundUp ? (product + 99) / 100 : product / 100
        }
    }
}

/// A Deployment as the controller reads it, with the API's defaults applied to any
/// missing field.
struct DeploymentView {
    enum Strategy: Equatable {
        case recreate
        case rollingUpdate(maxSurge: IntOrPercent, maxUnavailable: IntOrPercent)
    }

    var key: StoreKey
    var object: JSONValue
    var uid: String
    var generation: Int64
    var annotations: [String: String]
    var replicas: Int64
    var strategy: Strategy
    var minReadySeconds: Int64
    /// nil: keep every old ReplicaSet.
    var revisionHistoryLimit: Int64?
    /// nil: no progress deadline (absent from the spec, or MaxInt32).
    var progressDeadlineSeconds: Int64?
    var paused: Bool
    /// `spec.selector` as sent, and parsed; nil when malformed.
    var selectorJSON: JSONValue
    var selector: LabelSelector?
    var template: JSONValue
    var templateIdentity: JSONValue
    var isBeingDeleted: Bool
    var status: DeploymentStatus

    static let maxInt32: Int64 = 2_147_483_647

    init?(object: JSONValue, key: StoreKey) {
        let metadata = object["metadata"] ?? .object([:])
        guard let uid = metadata["uid"]?.string else { return nil }
        self.key = key
        self.object = object
        self.uid = uid
        generation = metadata["generation"]?.int ?? 0
        annotations = JSONValue.stringMap(metadata["annotations"])
        let spec = object["spec"] ?? .object([:])
        replicas = max(0, spec["replicas"]?.int ?? 1)
        let strategyJSON = spec["strategy"]
        if strategyJSON?["type"]?.string == "Recreate" {
            strategy = .recreate
        } else {
            let rolling = strategyJSON?["rollingUpdate"]
            strategy = .rollingUpdate(
                maxSurge: IntOrPercent(json: rolling?["maxSurge"]) ?? .percent(25),
                maxUnavailable: IntOrPercent(json: rolling?["maxUnavailable"]) ?? .percent(25))
        }
        minReadySeconds = max(0, spec["minReadySeconds"]?.int ?? 0)
        let limit = spec["revisionHistoryLimit"]?.int ?? 10
        revisionHistoryLimit = limit == Self.maxInt32 ? nil : max(0, limit)
        let deadline = spec["progressDeadlineSeconds"]?.int ?? 600
        progressDeadlineSeconds = deadline == Self.maxInt32 ? nil : deadline
        paused = spec["paused"]?.bool ?? false
        selectorJSON = spec["selector"] ?? .object([:])
        selector = try? LabelSelector(json: selectorJSON)
        template = spec["template"] ?? .object([:])
        templateIdentity = TemplateIdentityCache.shared.identity(of: template, uid: uid, generation: generation)
        isBeingDeleted = metadata["deletionTimestamp"].map { !$0.isNull } ?? false
        status = DeploymentStatus(json: object["status"])
    }

    var name: String { key.name }
    var namespace: String { key.namespace }

    /// A selector with no requirements would select every pod: upstream refuses to act.
    var selectsEverything: Bool { selector?.requirements.isEmpty ?? false }

    /// deploymentutil.ResolveFenceposts: surge rounds up, unavailability down, and
    /// both zero would deadlock a rollout, so unavailability becomes 1.
    private var fenceposts: (surge: Int64, unavailable: Int64) {
        guard case .rollingUpdate(let maxSurge, let maxUnavailable) = strategy else { return (0, 0) }
        let surge = maxSurge.scaled(replicas, roundUp: true)
        let unavailable = maxUnavailable.scaled(replicas, roundUp: false)
        if surge == 0, unavailable == 0 { return (0, 1) }
        return (surge, unavailable)
    }

    /// deploymentutil.MaxSurge.
    var maxSurge: Int64 {
        guard case .rollingUpdate = strategy else { return 0 }
        return fenceposts.surge
    }

    /// deploymentutil.MaxUnavailable: never more than the replicas.
    var maxUnavailable: Int64 {
        guard case .rollingUpdate = strategy, replicas != 0 else { return 0 }
        return min(fenceposts.unavailable, replicas)
    }

    var isRollingUpdate: Bool {
        if case .rollingUpdate = strategy { return true }
        return false
    }
}

/// One entry of a Deployment's `status.conditions`.
struct DeploymentCondition: Equatable {
    var type: String
    var status: String
    var reason: String
    var message: String
    var lastUpdateTime: String
    var lastTransitionTime: String

    init(type: String, status: String, reason: String, message: String, now: Date) {
        self.type = type
        self.status = status
        self.reason = reason
        self.message = message
        lastUpdateTime = Timestamp.format(now)
        lastTransitionTime = lastUpdateTime
    }

    init?(json: JSONValue) {
        guard let type = json["type"]?.string else { return nil }
        self.type = type
        status = json["status"]?.string ?? "Unknown"
        reason = json["reason"]?.string ?? ""
        message = json["message"]?.string ?? ""
        lastUpdateTime = json["lastUpdateTime"]?.string ?? ""
        lastTransitionTime = json["lastTransitionTime"]?.string ?? ""
    }

    var json: JSONValue {
        var members: [String: JSONValue] = ["type": .string(type), "status": .string(status)]
        if !lastUpdateTime.isEmpty { members["lastUpdateTime"] = .string(lastUpdateTime) }
        if !lastTransitionTime.isEmpty { members["lastTransitionTime"] = .string(lastTransitionTime) }
        if !reason.isEmpty { members["reason"] = .string(reason) }
        if !message.isEmpty { members["message"] = .string(message) }
        return .object(members)
    }
}

/// A Deployment's status (apps/v1 DeploymentStatus). Zero counters are omitted from
/// the JSON, as the API's `omitempty` does.
struct DeploymentStatus: Equatable {
    var observedGeneration: Int64 = 0
    var replicas: Int64 = 0
    var updatedReplicas: Int64 = 0
    var readyReplicas: Int64 = 0
    var availableReplicas: Int64 = 0
    var unavailableReplicas: Int64 = 0
    var collisionCount: Int64?
    var conditions: [DeploymentCondition] = []

    init() {}

    init(json: JSONValue?) {
        guard let json else { return }
        observedGeneration = json["observedGeneration"]?.int ?? 0
        replicas = json["replicas"]?.int ?? 0
        updatedReplicas = json["updatedReplicas"]?.int ?? 0
        readyReplicas = json["readyReplicas"]?.int ?? 0
        availableReplicas = json["availableReplicas"]?.int ?? 0
        unavailableReplicas = json["unavailableReplicas"]?.int ?? 0
        collisionCount = json["collisionCount"]?.int
        conditions = (json["conditions"]?.array ?? []).compactMap(DeploymentCondition.init(json:))
    }

    var json: JSONValue {
        var members: [String: JSONValue] = [:]
        let counters: [(String, Int64)] = [
            ("observedGeneration", observedGeneration), ("replicas", replicas), ("updatedReplicas", updatedReplicas),
            ("readyReplicas", readyReplicas), ("availableReplicas", availableReplicas),
            ("unavailableReplicas", unavailableReplicas),
        ]
        for (name, value) in counters where value != 0 { members[name] = .int(value) }
        if let collisionCount { members["collisionCount"] = .int(collisionCount) }
        if !conditions.isEmpty { members["conditions"] = .array(conditions.map(\.json)) }
        return .object(members)
    }

    func condition(_ type: String) -> DeploymentCondition? { conditions.first { $0.type == type } }

    /// deploymentutil.SetDeploymentCondition: the same status and reason change nothing;
    /// the same status keeps its transition time; a changed condition moves to the end.
    mutating func setCondition(_ condition: DeploymentCondition) {
        var condition = condition
        if let current = self.condition(condition.type) {
            if current.status == condition.status, current.reason == condition.reason { return }
            if current.status == condition.status { condition.lastTransitionTime = current.lastTransitionTime }
        }
        conditions.removeAll { $0.type == condition.type }
        conditions.append(condition)
    }

    mutating func removeCondition(_ type: String) {
        conditions.removeAll { $0.type == type }
    }
}

/// A ReplicaSet as the Deployment controller reads it.
struct ReplicaSetView {
    var key: StoreKey
    var object: JSONValue
    var uid: String
    var created: Date
    var generation: Int64
    var annotations: [String: String]
    var labels: [String: String]
    var controllerReference: OwnerReference?
    var isBeingDeleted: Bool
    /// `spec.replicas` (default 1).
    var replicas: Int64
    var minReadySeconds: Int64
    var template: JSONValue
    var templateIdentity: JSONValue
    var statusReplicas: Int64
    var readyReplicas: Int64
    var availableReplicas: Int64
    var observedGeneration: Int64

    init?(object: JSONValue) {
        // Each part is looked up once: a pass reads every ReplicaSet of its Deployment.
        let metadata = object["metadata"] ?? .object([:])
        guard let uid = metadata["uid"]?.string else { return nil }
        let spec = object["spec"], status = object["status"]
        key = StoreKey(ResourceCatalog.replicaSets, namespace: metadata["namespace"]?.string ?? "",
                       name: metadata["name"]?.string ?? "")
        self.object = object
        self.uid = uid
        created = metadata["creationTimestamp"]?.string.flatMap(Timestamp.parse) ?? .distantPast
        generation = metadata["generation"]?.int ?? 0
        annotations = JSONValue.stringMap(metadata["annotations"])
        labels = JSONValue.stringMap(metadata["labels"])
        controllerReference = (metadata["ownerReferences"]?.array ?? []).lazy
            .compactMap(OwnerReference.init(json:)).first { $0.controller }
        isBeingDeleted = metadata["deletionTimestamp"].map { !$0.isNull } ?? false
        replicas = max(0, spec?["replicas"]?.int ?? 1)
        minReadySeconds = spec?["minReadySeconds"]?.int ?? 0
        template = spec?["template"] ?? .object([:])
        templateIdentity = TemplateIdentityCache.shared.identity(of: template, uid: uid, generation: generation)
        statusReplicas = status?["replicas"]?.int ?? 0
        readyReplicas = status?["readyReplicas"]?.int ?? 0
        availableReplicas = status?["availableReplicas"]?.int ?? 0
        observedGeneration = status?["observedGeneration"]?.int ?? 0
    }

    var name: String { key.name }

    /// The `deployment.kubernetes.io/revision` number; 0 when missing or malformed.
    var revision: Int64 { annotations[DeploymentAnnotation.revision].flatMap { Int64($0) } ?? 0 }

    /// The desired-replicas annotation, when present and numeric.
    var desiredReplicasAnnotation: Int64? { annotations[DeploymentAnnotation.desiredReplicas].flatMap { Int64($0) } }
    var maxReplicasAnnotation: Int64? { annotations[DeploymentAnnotation.maxReplicas].flatMap { Int64($0) } }

    /// controller.ReplicaSetsByCreationTimestamp: oldest first, then by name.
    static func olderFirst(_ left: ReplicaSetView, _ right: ReplicaSetView) -> Bool {
        left.created == right.created ? left.name < right.name : left.created < right.created
    }
}

extension Array where Element == ReplicaSetView {
    /// controller.FilterActiveReplicaSets: those with replicas wanted.
    var active: [ReplicaSetView] { filter { $0.replicas > 0 } }
    /// GetReplicaCountForReplicaSets: the sum of `spec.replicas`.
    var specReplicas: Int64 { reduce(0) { $0 + $1.replicas } }
    /// GetActualReplicaCountForReplicaSets: the sum of `status.replicas`.
    var statusReplicas: Int64 { reduce(0) { $0 + $1.statusReplicas } }
    var readyReplicas: Int64 { reduce(0) { $0 + $1.readyReplicas } }
    var availableReplicas: Int64 { reduce(0) { $0 + $1.availableReplicas } }
}
