import FerryKube
import FerryYAML

/// One object's place in a sync: what it is, what it is live, what it would become.
/// A nil desired object means prune; a nil live object means create.
public struct PlanEntry: Sendable {
    public var identity: ObjectIdentity
    public var action: Action
    public var desired: DesiredObject?
    public var live: JSONValue?
    /// What the server said the object would become (a dry run), for changed objects.
    public var merged: JSONValue?
    /// Who else manages the live object, when it is not this instance's.
    public var owner: Owner = .this
    /// A new object whose namespace this same sync creates: the server can check it only
    /// once that namespace exists, so its dry run happens during the sync, after the
    /// namespace stage, and the plan shows it as written.
    public var awaitsNamespace = false
    /// An object of a kind the server does not serve yet but a CustomResourceDefinition of
    /// this revision defines (this CRD): it is planned and dry-run during the sync, once the
    /// CRD is established and discovery refreshed, and the plan shows it as written.
    public var awaitsDefinition: ObjectIdentity?
    /// Why an object removed from git is kept (`action == .kept`).
    public var keptBecause: String?

    /// Whose the live object is.
    public enum Owner: Sendable, Equatable {
        /// No live object, or one this instance applied.
        case this
        /// A live object without Ferry's labels (made by hand or by another tool): adopted.
        case unmanaged
        /// A live object another Ferry instance manages: refused unless adopting.
        case instance(String)
    }

    public init(identity: ObjectIdentity, action: Action, desired: DesiredObject?, live: JSONValue?,
                merged: JSONValue?, owner: Owner = .this) {
        self.identity = identity
        self.action = action
        self.desired = desired
        self.live = live
        self.merged = merged
        self.owner = owner
    }

    /// The unified YAML diff, live against what it would become, Secret values masked;
    /// "" when unchanged. Rendered on demand: a sync that prints no diff renders none.
    public var diff: String {
        let name = "\(identity)"
        switch action {
        case .unchanged:
            return ""
        case .pruned, .kept:
            guard let live else { return "" }
            let masked = SecretMasking.masked(live: live, desired: nil).live ?? live
            let before = YAML.emit(ObjectNormalizer.normalized(masked).yamlNode())
            let note = action == .kept ? "removed from git, kept: \(keptBecause ?? "")" : "removed from git"
            return "# \(name) (\(note))\n" + UnifiedDiff.diff(before, "", oldName: "live/\(name)", newName: "/dev/null")
        case .created, .configured:
            let before = live.map { ObjectNormalizer.normalized($0) }
            let after = (merged ?? desired?.body).map { ObjectNormalizer.normalized($0) }
            let masked = SecretMasking.masked(live: before, desired: after)
            let beforeText = masked.live.map { YAML.emit($0.yamlNode()) } ?? ""
            let afterText = masked.desired.map { YAML.emit($0.yamlNode()) } ?? ""
            let source = desired.map { " (\($0.source))" } ?? ""
            var note = awaitsNamespace ? "\n# as written: the server checks it once its namespace is created" : ""
            if let definition = awaitsDefinition {
                note = "\n# as written: planned and checked once \(definition) is established"
            }
            return "# \(name)\(source)\(note)\n"
                + UnifiedDiff.diff(beforeText, afterText, oldName: live == nil ? "/dev/null" : "live/\(name)",
                                   newName: "merged/\(name)")
        }
    }
}

/// Everything a sync would do, in apply order (prunes last, in reverse order).
public struct Plan: Sendable {
    public var entries: [PlanEntry]

    public init(entries: [PlanEntry]) { self.entries = entries }

    public func count(_ action: Action) -> Int { entries.filter { $0.action == action }.count }

    public var hasChanges: Bool { entries.contains { $0.action.isChange } }

    /// `1 to create, 2 to change, 0 to prune, 4 unchanged` (and `, 1 kept` when any is).
    public var summary: String {
        let kept = count(.kept)
        return [Action.created, .configured, .pruned, .unchanged].map { "\(count($0)) \($0.planned)" }
            .joined(separator: ", ") + (kept > 0 ? ", \(kept) kept" : "")
    }

    public var toApply: [PlanEntry] { entries.filter { $0.action == .created || $0.action == .configured } }
    public var toPrune: [PlanEntry] { entries.filter { $0.action == .pruned } }

    /// Objects planned only during the sync: their namespace or their kind's CRD comes first.
    public var awaiting: [PlanEntry] { toApply.filter { $0.awaitsNamespace || $0.awaitsDefinition != nil } }

    /// Objects another instance manages, which this plan would take over, with that instance.
    public var contested: [(ObjectIdentity, owner: String)] {
        entries.compactMap { entry in
            if case .instance(let other) = entry.owner { (entry.identity, owner: other) } else { nil }
        }
    }
}
