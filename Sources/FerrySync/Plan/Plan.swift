import FerryKube

/// One object's place in a sync: what it is, what it is live, what it would become.
/// A nil desired object means prune; a nil live object means create.
public struct PlanEntry: Sendable {
    public var identity: ObjectIdentity
    public var action: Action
    public var desired: DesiredObject?
    public var live: JSONValue?
    /// What the server said the object would become (a dry run), for changed objects.
    public var merged: JSONValue?
    /// The unified YAML diff, live against what it would become; "" when unchanged.
    public var diff: String

    public init(identity: ObjectIdentity, action: Action, desired: DesiredObject?, live: JSONValue?,
                merged: JSONValue?, diff: String) {
        self.identity = identity
        self.action = action
        self.desired = desired
        self.live = live
        self.merged = merged
        self.diff = diff
    }
}

/// Everything a sync would do, in apply order (prunes last, in reverse order).
public struct Plan: Sendable {
    public var entries: [PlanEntry]

    public init(entries: [PlanEntry]) { self.entries = entries }

    public func count(_ action: Action) -> Int { entries.filter { $0.action == action }.count }

    public var hasChanges: Bool { entries.contains { $0.action != .unchanged } }

    /// `1 to create, 2 to change, 0 to prune, 4 unchanged`.
    public var summary: String {
        [Action.created, .configured, .pruned, .unchanged].map { "\(count($0)) \($0.planned)" }.joined(separator: ", ")
    }

    public var toApply: [PlanEntry] { entries.filter { $0.action == .created || $0.action == .configured } }
    public var toPrune: [PlanEntry] { entries.filter { $0.action == .pruned } }
}
