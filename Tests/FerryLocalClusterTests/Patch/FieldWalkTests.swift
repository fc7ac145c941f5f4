import FerryKube
@testable import FerryLocalCluster
import Testing

/// The level-by-level walks (``FieldWalk``) and apply's shortcuts against the plain
/// definitions they replace: field sets from the leaves' full paths, comparisons from
/// two leaf maps, and apply as it was written before the shortcuts (``ReferenceApply``),
/// on many generated objects and apply histories.
@Suite struct FieldWalkTests {
    static let deployment = GroupKind(group: "apps", kind: "Deployment")
    static let service = GroupKind(group: "", kind: "Service")

    /// A small deterministic generator, so a failure names a seed that reproduces it.
    struct Generator {
        var state: UInt64

        mutating func next(_ bound: Int) -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int((state >> 33) % UInt64(bound))
        }

        mutating func chance(_ percent: Int) -> Bool { next(100) < percent }

        mutating func pick<T>(_ items: [T]) -> T { items[next(items.count)] }
    }

    /// A Deployment with a varying shape: keyed lists (containers, ports with and without
    /// the defaulted protocol, env), a set list (finalizers), ownerReferences, atomic
    /// lists, empty maps and lists, nulls, server metadata and status.
    static func object(_ g: inout Generator, image: String? = nil) -> JSONValue {
        var labels: [String: JSONValue] = ["app": "web"]
        for index in 0..<g.next(4) { labels["label-\(index)"] = .string("v\(g.next(3))") }
        var metadata: [String: JSONValue] = ["name": "web", "namespace": "demo", "labels": .object(labels)]
        if g.chance(30) { metadata["finalizers"] = .array((0..<g.next(3)).map { .string("example.com/f\($0 + g.next(2))") }) }
        if g.chance(20) { metadata["ownerReferences"] = [["uid": "u-1", "kind": "Thing", "name": "t"]] }
        if g.chance(20) { metadata["annotations"] = g.chance(50) ? .object([:]) : ["note": .string("n\(g.next(3))")] }
        if g.chance(15) { metadata["uid"] = "abc"; metadata["resourceVersion"] = "7"; metadata["generation"] = 2 }
        var containers: [JSONValue] = []
        for index in 0..<(1 + g.next(3)) {
            var container: [String: JSONValue] = ["name": .string("c\(index)"), "image": .string(image ?? "nginx:1.\(g.next(3))")]
            if g.chance(60) {
                container["ports"] = .array((0..<g.next(3)).map { port in
                    var entry: [String: JSONValue] = ["containerPort": .int(Int64(8080 + port))]
                    if g.chance(50) { entry["protocol"] = g.chance(80) ? "TCP" : "UDP" }
                    if g.chance(30) { entry["name"] = .string("p\(port)") }
                    return .object(entry)
                })
            }
            if g.chance(50) {
                container["env"] = .array((0..<g.next(4)).map { ["name": .string("E\($0)"), "value": .string("x\(g.next(2))")] })
            }
            if g.chance(40) { container["args"] = .array((0..<g.next(3)).map { .string("--a\($0)") }) }
            if g.chance(20) { container["resources"] = g.chance(50) ? .object([:]) : ["limits": ["cpu": .string("\(g.next(3))")]] }
            if g.chance(10) { container["command"] = .null }
            containers.append(.object(container))
        }
        var spec: [String: JSONValue] = [
            "selector": ["matchLabels": ["app": "web"]],
            "template": ["metadata": ["labels": .object(labels)], "spec": ["containers": .array(containers)]],
        ]
        if g.chance(70) { spec["replicas"] = .int(Int64(g.next(4))) }
        if g.chance(20) { spec["paused"] = g.chance(50) ? .bool(true) : .null }
        if g.chance(15) { spec["strategy"] = g.chance(50) ? "Recreate" : ["type": "RollingUpdate"] }
        var object: [String: JSONValue] = [
            "apiVersion": "apps/v1", "kind": "Deployment", "metadata": .object(metadata), "spec": .object(spec),
        ]
        if g.chance(20) { object["status"] = ["replicas": .int(Int64(g.next(3))), "conditions": [["type": "Available", "status": "True"]]] }
        return .object(object)
    }

    /// `value` changed in a few random places: members removed, added, changed in type;
    /// list elements reordered, duplicated, stripped of their key.
    static func mutated(_ value: JSONValue, _ g: inout Generator, depth: Int = 0) -> JSONValue {
        switch value {
        case .object(var members):
            for key in members.keys.sorted() {
                guard g.chance(depth == 0 ? 60 : 25), let child = members[key] else { continue }
                switch g.next(6) {
                case 0: members[key] = nil
                case 1: members[key] = .string("s\(g.next(3))")
                case 2: members[key] = .object([:])
                case 3: members["extra\(g.next(2))"] = .int(Int64(g.next(3)))
                default: members[key] = mutated(child, &g, depth: depth + 1)
                }
            }
            return .object(members)
        case .array(var items):
            switch g.next(5) {
            case 0 where items.count > 1: items.swapAt(0, items.count - 1)
            case 1 where !items.isEmpty: items.append(items[g.next(items.count)])
            case 2 where !items.isEmpty: items.remove(at: g.next(items.count))
            case 3 where !items.isEmpty:
                let index = g.next(items.count)
                if case .object(var members) = items[index] { members["name"] = nil; members["containerPort"] = nil; items[index] = .object(members) }
            default: items = items.map { mutated($0, &g, depth: depth + 1) }
            }
            return .array(items)
        case .int(let number): return g.chance(50) ? .int(number + 1) : .double(Double(number))
        case .string: return g.chance(50) ? .string("m\(g.next(3))") : [.string("listed")]
        default: return value
        }
    }

    @Test func fieldSetsAreTheLeavesPaths() throws {
        var g = Generator(state: 1)
        for round in 0..<400 {
            let object = Self.mutated(Self.object(&g), &g)
            for kind in [Self.deployment, Self.service] {
                let fields = ObjectFields(kind: kind)
                for scope in [ObjectFields.Scope.mainResource, .status] {
                    let leaves = (try? fields.leaves(of: object, scope: scope, strict: false)) ?? [:]
                    let expected = FieldSet(leaves.keys)
                    #expect(fields.fieldSet(of: object, scope: scope) == expected, "round \(round)")
                    #expect(fields.fieldSet(of: object, scope: scope).count == expected.paths.count, "round \(round)")
                    // Strict walks fail, or not, the same way.
                    let strict = Result { () throws(PatchError) in try fields.fieldSet(of: object, scope: scope, strict: true) }
                    let plain = Result { () throws(PatchError) in FieldSet(try fields.leaves(of: object, scope: scope, strict: true).keys) }
                    #expect(strict == plain, "round \(round)")
                }
            }
        }
    }

    @Test func strictWalksReportTheListAndTheKey() {
        let fields = ObjectFields(kind: Self.deployment)
        let duplicate: JSONValue = ["spec": ["template": ["spec": ["containers": [["name": "a"], ["name": "a"]]]]]]
        #expect(throws: PatchError.invalid(#".spec.template.spec.containers: duplicate entries for key [name="a"]"#)) {
            try fields.fieldSet(of: duplicate, scope: .mainResource, strict: true)
        }
        let keyless: JSONValue = ["spec": ["template": ["spec": ["containers": [["name": "a", "ports": [["name": "x"]]]]]]]]
        #expect(throws: PatchError.invalid(#".spec.template.spec.containers[name="a"].ports: an element omits the key field "containerPort""#)) {
            try fields.fieldSet(of: keyless, scope: .mainResource, strict: true)
        }
    }

    @Test func comparisonsAreTheLeavesComparisons() {
        var g = Generator(state: 2)
        for round in 0..<600 {
            let old = Self.object(&g)
            let new = g.chance(10) ? old : Self.mutated(g.chance(50) ? old : Self.object(&g), &g)
            for scope in [ObjectFields.Scope.mainResource, .status] {
                let fields = ObjectFields(kind: Self.deployment)
                #expect(fields.compare(old, new, scope: scope) == fields.leavesComparison(old, new, scope: scope), "round \(round)")
            }
        }
    }

    @Test func mergesAreTheReferenceMerges() {
        var g = Generator(state: 5)
        var unchanged = 0
        for round in 0..<600 {
            let live = Self.object(&g)
            let applied = g.chance(20) ? live : Self.mutated(g.chance(70) ? live : Self.object(&g), &g)
            let merger = ServerSideApply.Merger(kind: Self.deployment)
            let expected = ReferenceMerger(kind: Self.deployment).merge(live: live, applied: applied, names: [])
            let merged = merger.merge(live: live, applied: applied)
            #expect(merged == expected && merged.serialized() == expected.serialized(), "round \(round)")
            // No changes only when the merge is the live object, byte for byte.
            if merger.changes(live: live, applied: applied) == nil {
                unchanged += 1
                #expect(expected == live && expected.serialized() == live.serialized(), "round \(round)")
            }
        }
        #expect(unchanged > 50)
        // A zero's sign is the applied value's, as it was.
        let zero: JSONValue = ["spec": ["x": .double(0.0)]], negative: JSONValue = ["spec": ["x": .double(-0.0)]]
        #expect(ServerSideApply.Merger(kind: Self.deployment).merge(live: negative, applied: zero).serialized() == zero.serialized())
    }

    @Test func createsWriteTheFieldSetsFieldsV1() throws {
        var g = Generator(state: 6)
        var configs: [JSONValue] = [["apiVersion": "v1", "kind": "ConfigMap", "metadata": ["name": "only-a-name"]]]
        for _ in 0..<400 { configs.append(ServerSideApply.configuration(Self.mutated(Self.object(&g), &g))) }
        // Invalid keyed lists: a duplicate container, a port without its key.
        configs.append(["spec": ["template": ["spec": ["containers": [["name": "a"], ["name": "a"]]]]]])
        configs.append(["spec": ["template": ["spec": ["containers": [["name": "a", "ports": [["name": "x"]]]]]]]])
        var failures = 0
        for (index, config) in configs.enumerated() {
            let direct = Result { () throws(PatchError) in
                try ServerSideApply.created(config, manager: "m", kind: Self.deployment, apiVersion: "apps/v1", now: "t")
            }
            let plain = Result { () throws(PatchError) in
                let set = try ObjectFields(kind: Self.deployment).fieldSet(of: config, scope: .mainResource, strict: true)
                let entry = ManagedFieldsEntry(manager: "m", operation: .apply, apiVersion: "apps/v1", time: "t", fields: set)
                return ManagedFields.setting([entry], on: config)
            }
            #expect(direct == plain, "config \(index)")
            if case .failure = plain { failures += 1 }
        }
        #expect(failures >= 2 && failures < 300)
        #expect(try ServerSideApply.created(configs[0], manager: "m", kind: Self.deployment, apiVersion: "v1", now: "t") == configs[0])
    }

    @Test func keyStepsAreWrittenAsTheirKeyObjects() {
        let keys: [[KeyField]] = [
            [KeyField(name: "name", value: "a\"b")],
            [KeyField(name: "containerPort", value: 80), KeyField(name: "protocol", value: "TCP")],
            [KeyField(name: "protocol", value: "TCP"), KeyField(name: "containerPort", value: 80)],
            [KeyField(name: "a", value: 1), KeyField(name: "a", value: 2)],
            [KeyField(name: "é\n", value: ["x": [1.5, nil, true]])],
        ]
        for fields in keys {
            let object = JSONValue.object(Dictionary(fields.map { ($0.name, $0.value) }, uniquingKeysWith: { first, _ in first }))
            #expect(FieldPathElement.key(fields).fieldsV1Key == "k:" + object.jsonText)
        }
    }

    @Test func singleKeyElementsAreTheKeyObjects() {
        let name = [ListKey("name")], port = [ListKey("port", default: 80)]
        #expect(ObjectFields.keyElement(of: ["name": "x", "image": "y"], keys: name) == .success(.key(["name": "x"])))
        #expect(ObjectFields.keyElement(of: ["name": "x"], keys: port) == .success(.key(["port": 80])))
        #expect(ObjectFields.keyElement(of: ["name": nil], keys: name) == .failure(.invalid(#"an element omits the key field "name""#)))
        #expect(ObjectFields.keyElement(of: "x", keys: name) == .failure(.invalid("a keyed list element must be an object, not string")))
    }

    @Test func fieldsV1RoundTripsAndMergesSpellingsOfOneKey() throws {
        var g = Generator(state: 3)
        for _ in 0..<200 {
            let set = ObjectFields(kind: Self.deployment).fieldSet(of: Self.mutated(Self.object(&g), &g), scope: .mainResource)
            #expect(try FieldSet(fieldsV1: set.fieldsV1) == set)
        }
        let spelled = try FieldSet(fieldsV1: JSONValue.parse(#"{"f:l":{"k:{\"a\":1}":{"f:x":{}},"k:{ \"a\": 1 }":{".":{},"f:y":{}}},"f:é":{},"f:naïve":{}}"#))
        let key = FieldPathElement.key(["a": 1])
        #expect(spelled == FieldSet([
            [.field("l"), key], [.field("l"), key, .field("x")], [.field("l"), key, .field("y")], [.field("é")], [.field("naïve")],
        ]))
        #expect(throws: PatchError.badRequest(#"fieldsV1: invalid path element "é""#)) { try FieldSet(fieldsV1: ["é": [:]]) }
        #expect(throws: PatchError.badRequest(#"fieldsV1: invalid path element "f""#)) { try FieldSet(fieldsV1: ["f": [:]]) }
        #expect(try FieldSet(fieldsV1: ["é:x": [:], "f:": [:]]) == FieldSet([[.field("")]]))
    }

    /// Apply histories of several managers (appliers with and without force, an
    /// updater changing the image), each step run by apply and by the reference; the
    /// objects, managedFields and errors must be the same.
    @Test func applyIsTheReferenceApply() throws {
        var g = Generator(state: 4)
        var outcomes: [String: Int] = [:]
        for history in 0..<150 {
            var live: JSONValue? = nil
            var last: (String, JSONValue)?
            let base = Self.object(&g)
            for step in 0..<8 {
                let now = "2025-01-01T00:0\(step):00Z"
                if live != nil, g.chance(15) {
                    // Another writer changes the image, as kubectl set image does.
                    guard var updated = live, case .array(var containers) = updated[path: ["spec", "template", "spec", "containers"]],
                          !containers.isEmpty else { continue }
                    containers[0]["image"] = .string("set:\(step)")
                    updated[path: ["spec", "template", "spec", "containers"]] = .array(containers)
                    live = ManagedFields.recordUpdate(old: live, new: updated, manager: "kubectl-set", apiVersion: "apps/v1", now: now)
                    continue
                }
                var manager = g.pick(["ferry", "ferry", "kubectl", "other"])
                var applied: JSONValue
                switch g.next(6) {
                case 0: applied = base
                case 1: applied = Self.object(&g, image: "nginx:\(g.next(2))")
                case 2 where last != nil:
                    // The same manager again with the same configuration: the usual no-op.
                    (manager, applied) = last ?? (manager, base)
                case 3:
                    // Two containers with one name: an invalid configuration.
                    applied = base
                    if case .array(let containers) = base[path: ["spec", "template", "spec", "containers"]], let first = containers.first {
                        applied[path: ["spec", "template", "spec", "containers"]] = .array(containers + [first])
                    }
                default: applied = Self.mutated(base, &g)
                }
                last = (manager, applied)
                let force = g.chance(50)
                let apiVersion = g.chance(90) ? "apps/v1" : "apps/v1beta2"
                let fast = Result { () throws(PatchError) in
                    try ServerSideApply.apply(applied: applied, to: live, manager: manager, force: force,
                                              kind: Self.deployment, apiVersion: apiVersion, now: now)
                }
                let reference = Result { () throws(PatchError) in
                    try ReferenceApply.apply(applied: applied, to: live, manager: manager, force: force,
                                             kind: Self.deployment, apiVersion: apiVersion, now: now)
                }
                #expect(fast == reference, "history \(history) step \(step)")
                switch fast {
                case .success(let object):
                    outcomes[object == live ? "unchanged" : "changed", default: 0] += 1
                    live = object
                case .failure(let error):
                    outcomes["\(error.kind)", default: 0] += 1
                }
            }
        }
        // The histories reach every path: no-ops, changes, conflicts and invalid lists.
        #expect(outcomes["unchanged", default: 0] > 20)
        #expect(outcomes["changed", default: 0] > 100)
        #expect(outcomes["conflict", default: 0] > 10)
        #expect(outcomes["invalid", default: 0] > 5)
    }
}

/// Server-side apply as it was before its shortcuts: field sets from full leaf paths,
/// a leaves comparison on every apply, entries compared as sets.
enum ReferenceApply {
    static func apply(applied: JSONValue, to live: JSONValue?, manager: String, force: Bool,
                      kind: GroupKind, apiVersion: String, now: String) throws(PatchError) -> JSONValue {
        let config = try ServerSideApply.configuration(checking: applied)
        let fields = ObjectFields(kind: kind)
        let appliedSet = FieldSet(try fields.leaves(of: config, scope: .mainResource, strict: true).keys)
        let applier = ManagedFieldsEntry(manager: manager, operation: .apply, apiVersion: apiVersion, time: now, fields: appliedSet)
        guard let live else { return ManagedFields.setting([applier], on: config) }

        let liveObject = ManagedFields.stripping(live)
        let originalEntries = ManagedFields.entries(of: live)
        var entries = originalEntries
        let previous = entries.first { $0.isSameManager(as: applier) }
        entries.removeAll { $0.isSameManager(as: applier) }
        var merged = ReferenceMerger(kind: kind).merge(live: liveObject, applied: config, names: [])
        let owned = entries.reduce(appliedSet) { $0.union($1.fields) }
        for path in (previous?.fields ?? FieldSet()).subtracting(appliedSet).paths where !owned.containsAnything(at: path) {
            merged = fields.removing(path, from: merged)
        }
        let comparison = fields.leavesComparison(liveObject, merged, scope: .mainResource)
        let changed = comparison.changed
        let contested = entries.compactMap { entry -> (entry: ManagedFieldsEntry, fields: FieldSet)? in
            let common = entry.fields.intersection(changed)
            return common.isEmpty ? nil : (entry, common)
        }
        if !contested.isEmpty, !force { throw ServerSideApply.conflictError(contested) }
        for index in entries.indices {
            entries[index].fields = entries[index].fields.subtracting(changed).subtracting(comparison.removed)
        }
        var entry = applier
        if merged == liveObject, let previous, previous.fields == appliedSet, previous.apiVersion == apiVersion {
            entry.time = previous.time
        }
        entries.append(entry)
        if merged == liveObject, Set(entries.filter { !$0.fields.isEmpty }) == Set(originalEntries) {
            return live
        }
        return ManagedFields.setting(entries, on: merged)
    }
}

/// The merge as it was written before it learnt to report "no change".
struct ReferenceMerger {
    let kind: GroupKind

    func merge(live: JSONValue?, applied: JSONValue, names: [String]) -> JSONValue {
        switch applied {
        case .object(let members):
            guard case .object(var result) = live else { return applied }
            for (name, value) in members {
                result[name] = merge(live: result[name], applied: value, names: names + [name])
            }
            return .object(result)
        case .array(let items):
            guard case .array(let liveItems) = live else { return applied }
            switch MergeKeys.listType(at: names, in: kind, for: .serverSideApply) {
            case .atomic:
                return applied
            case .set:
                return .array(mergeElements(liveItems, items, names: names) { .value($0) })
            case .map(let keys):
                return .array(mergeElements(liveItems, items, names: names) {
                    if case .success(let element) = ObjectFields.keyElement(of: $0, keys: keys) { return element }
                    return nil
                })
            }
        default:
            return applied
        }
    }

    private func mergeElements(_ live: [JSONValue], _ applied: [JSONValue], names: [String],
                               identity: (JSONValue) -> FieldPathElement?) -> [JSONValue] {
        let appliedIDs = Set(applied.compactMap(identity))
        var liveByID: [FieldPathElement: JSONValue] = [:]
        var before: [FieldPathElement: [JSONValue]] = [:]
        var pending: [JSONValue] = []
        for item in live {
            if let id = identity(item), appliedIDs.contains(id), liveByID[id] == nil {
                liveByID[id] = item
                before[id] = pending
                pending = []
            } else {
                pending.append(item)
            }
        }
        var result: [JSONValue] = []
        for item in applied {
            if let id = identity(item), let counterpart = liveByID[id] {
                result.append(contentsOf: before[id] ?? [])
                result.append(merge(live: counterpart, applied: item, names: names))
                liveByID[id] = nil
            } else {
                result.append(item)
            }
        }
        result.append(contentsOf: pending)
        return result
    }
}
