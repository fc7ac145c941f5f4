import FerryKube
import FerryLocalCluster
import Testing

@Suite struct ServerSideApplyTests {
    static let deployment = GroupKind(group: "apps", kind: "Deployment")
    static let times = (1...9).map { "2025-01-01T00:0\($0):00Z" }

    /// Ferry's manifest; `replicas` and `image` vary along the story.
    static func manifest(replicas: Int? = 2, image: String = "nginx:1.25", extra: String = "") -> String {
        let replicasField = replicas.map { #""replicas":\#($0),"# } ?? ""
        return #"""
        {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web","namespace":"demo","labels":{"app":"web"}},
         "spec":{\#(replicasField)"selector":{"matchLabels":{"app":"web"}},
          "template":{"metadata":{"labels":{"app":"web"}},
           "spec":{"containers":[{"name":"nginx","image":"\#(image)","ports":[{"containerPort":80}]}\#(extra)]}}}}
        """#
    }

    static let ferryFields = #"""
    {"f:metadata":{"f:labels":{"f:app":{}}},
     "f:spec":{"f:replicas":{},"f:selector":{"f:matchLabels":{"f:app":{}}},
      "f:template":{"f:metadata":{"f:labels":{"f:app":{}}},
       "f:spec":{"f:containers":{"k:{\"name\":\"nginx\"}":{".":{},"f:image":{},"f:name":{},
         "f:ports":{"k:{\"containerPort\":80,\"protocol\":\"TCP\"}":{".":{},"f:containerPort":{}}}}}}}}}
    """#

    static let imagePath = #".spec.template.spec.containers[name="nginx"].image"#

    func apply(_ manifest: String, to live: JSONValue?, manager: String = "ferry", force: Bool = false,
               at time: String) throws -> JSONValue {
        try ServerSideApply.apply(applied: try JSONValue.parse(manifest), to: live, manager: manager, force: force,
                                  kind: Self.deployment, apiVersion: "apps/v1", now: time)
    }

    func applyError(_ manifest: String, to live: JSONValue?, manager: String = "ferry") throws -> PatchError? {
        let applied = try JSONValue.parse(manifest)
        do {
            _ = try ServerSideApply.apply(applied: applied, to: live, manager: manager, force: false,
                                          kind: Self.deployment, apiVersion: "apps/v1", now: Self.times[0])
            return nil
        } catch {
            return error
        }
    }

    /// What the server adds around an apply: identity, bookkeeping, status.
    func stored(_ object: JSONValue, resourceVersion: String) -> JSONValue {
        var result = object
        result[path: ["metadata", "uid"]] = "0f0e"
        result[path: ["metadata", "creationTimestamp"]] = "2025-01-01T00:00:00Z"
        result[path: ["metadata", "generation"]] = 1
        result[path: ["metadata", "resourceVersion"]] = .string(resourceVersion)
        if result["status"] == nil { result["status"] = ["replicas": 2] }
        return result
    }

    func managedFields(_ object: JSONValue) -> [ManagedFieldsEntry] { ManagedFields.entries(of: object) }

    func entry(_ manager: String, _ operation: ManagedFieldsEntry.Operation, _ time: String, _ fieldsV1: String,
               subresource: String? = nil) throws -> ManagedFieldsEntry {
        ManagedFieldsEntry(manager: manager, operation: operation, apiVersion: "apps/v1", time: time, subresource: subresource,
                           fields: try FieldSet(fieldsV1: try JSONValue.parse(fieldsV1)))
    }

    func setImage(_ live: JSONValue, _ image: String, at time: String) throws -> JSONValue {
        let body = #"{"spec":{"template":{"spec":{"$setElementOrder/containers":[{"name":"nginx"}],"containers":[{"image":"\#(image)","name":"nginx"}]}}}}"#
        let patched = try StrategicMergePatch.apply(try JSONValue.parse(body), to: live, kind: Self.deployment)
        return ManagedFields.recordUpdate(old: live, new: patched, manager: "kubectl-set", apiVersion: "apps/v1", now: time)
    }

    @Test func createOwnsTheAppliedFields() throws {
        let created = try apply(Self.manifest(), to: nil, at: Self.times[0])
        #expect(ManagedFields.stripping(created) == (try JSONValue.parse(Self.manifest())))
        #expect(managedFields(created) == [try entry("ferry", .apply, Self.times[0], Self.ferryFields)])
        #expect(created[path: ["metadata", "managedFields"]] == (try JSONValue.parse(#"""
        [{"manager":"ferry","operation":"Apply","apiVersion":"apps/v1","time":"2025-01-01T00:01:00Z",
          "fieldsType":"FieldsV1","fieldsV1":\#(Self.ferryFields)}]
        """#)))
    }

    @Test func theStory() throws {
        // 1. ferry creates the Deployment.
        var live = stored(try apply(Self.manifest(), to: nil, at: Self.times[0]), resourceVersion: "1")

        // 2. kubectl set image: a strategic merge patch recorded as an Update by kubectl-set.
        live = try setImage(live, "nginx:1.26", at: Self.times[1])
        #expect(live[path: ["spec", "template", "spec", "containers"]]?.array?.first?["image"] == "nginx:1.26")
        let ferryWithoutImage = Self.ferryFields.replacingImageField()
        #expect(managedFields(live) == [
            try entry("ferry", .apply, Self.times[0], ferryWithoutImage),
            try entry("kubectl-set", .update, Self.times[1],
                      #"{"f:spec":{"f:template":{"f:spec":{"f:containers":{"k:{\"name\":\"nginx\"}":{"f:image":{}}}}}}}"#),
        ])

        // 3. ferry re-applies its (old) image without force: a conflict, worded as kube-apiserver words it.
        let conflict = try #require(try applyError(Self.manifest(), to: live))
        #expect(conflict.kind == .conflict)
        #expect(conflict.code == 409)
        #expect(conflict.message == #"Apply failed with 1 conflict: conflict with "kubectl-set" using apps/v1: \#(Self.imagePath)"#)
        #expect(conflict.conflicts == [PatchError.FieldConflict(manager: #""kubectl-set" using apps/v1"#, field: Self.imagePath)])
        #expect(conflict.causes == [PatchError.Cause(reason: "FieldManagerConflict",
                                                     message: #"conflict with "kubectl-set" using apps/v1"#, field: Self.imagePath)])

        // 4. With force the image goes back and ferry owns it alone again.
        let forced = try apply(Self.manifest(), to: live, force: true, at: Self.times[2])
        #expect(forced[path: ["spec", "template", "spec", "containers"]]?.array?.first?["image"] == "nginx:1.25")
        #expect(managedFields(forced) == [try entry("ferry", .apply, Self.times[2], Self.ferryFields)])
        #expect(forced["status"] == live["status"])
        #expect(forced[path: ["metadata", "uid"]] == "0f0e")
        live = stored(forced, resourceVersion: "3")

        // 5. ferry drops replicas from its manifest: nobody else owns it, so it goes
        //    (the server then defaults it again).
        let dropped = try apply(Self.manifest(replicas: nil), to: live, at: Self.times[3])
        #expect(dropped[path: ["spec", "replicas"]] == nil)
        #expect(managedFields(dropped) == [
            try entry("ferry", .apply, Self.times[3], Self.ferryFields.replacingOccurrences(#""f:replicas":{},"#, "")),
        ])
        live = stored(dropped, resourceVersion: "4")

        // 6. Applying the same manifest again changes nothing at all, managedFields time included.
        #expect(try apply(Self.manifest(replicas: nil), to: live, at: Self.times[4]) == live)
    }

    @Test func equalValuesAreSharedNotContested() throws {
        let live = stored(try apply(Self.manifest(), to: nil, at: Self.times[0]), resourceVersion: "1")
        // kubectl apply --server-side of the same manifest: both own every field; the object is unchanged.
        let shared = try apply(Self.manifest(), to: live, manager: "kubectl", at: Self.times[1])
        #expect(ManagedFields.stripping(shared) == ManagedFields.stripping(live))
        #expect(managedFields(shared) == [
            try entry("ferry", .apply, Self.times[0], Self.ferryFields),
            try entry("kubectl", .apply, Self.times[1], Self.ferryFields),
        ])
        // A different value is then contested by the other applier (no "using" for an Apply entry).
        let conflict = try applyError(Self.manifest(replicas: 3), to: shared, manager: "kubectl")
        #expect(conflict?.message == #"Apply failed with 1 conflict: conflict with "ferry": .spec.replicas"#)
        // And when one of them stops applying a field, the other still owns it: it stays.
        let narrowed = try apply(Self.manifest(replicas: nil), to: shared, manager: "kubectl", at: Self.times[2])
        #expect(narrowed[path: ["spec", "replicas"]] == 2)
    }

    @Test func severalConflictsAreGroupedByManager() throws {
        var live = stored(try apply(Self.manifest(), to: nil, at: Self.times[0]), resourceVersion: "1")
        live = try setImage(live, "nginx:1.26", at: Self.times[1])
        // kubectl scale writes the scale subresource; the manager comes from the User-Agent.
        var scaled = MergePatch.apply(try JSONValue.parse(#"{"spec":{"replicas":5}}"#), to: live)
        scaled = ManagedFields.recordUpdate(old: live, new: scaled, manager: "kubectl", apiVersion: "apps/v1",
                                            now: Self.times[2], subresource: "scale")
        live = scaled
        // One more field for kubectl-set, so that a manager has two lines.
        var labelled = live
        labelled[path: ["metadata", "labels", "app"]] = "www"
        live = ManagedFields.recordUpdate(old: live, new: labelled, manager: "kubectl-set", apiVersion: "apps/v1", now: Self.times[3])

        let conflict = try #require(try applyError(Self.manifest(), to: live))
        #expect(conflict.message == """
            Apply failed with 3 conflicts: conflicts with "kubectl" with subresource "scale" using apps/v1:
            - .spec.replicas
            conflicts with "kubectl-set" using apps/v1:
            - .metadata.labels.app
            - \(Self.imagePath)
            """)
        #expect(conflict.conflicts.map(\.field) == [".spec.replicas", ".metadata.labels.app", Self.imagePath])
        #expect(conflict.conflicts.first?.manager == #""kubectl" with subresource "scale" using apps/v1"#)
    }

    @Test func droppedListElementsGoUnlessSomeoneElseOwnsPartOfThem() throws {
        let sidecar = #",{"name":"sidecar","image":"envoy:1"}"#
        let live = stored(try apply(Self.manifest(extra: sidecar), to: nil, at: Self.times[0]), resourceVersion: "1")
        #expect(live[path: ["spec", "template", "spec", "containers"]]?.array?.count == 2)

        // Nobody else owns the sidecar: dropping it from the manifest removes it.
        let removed = try apply(Self.manifest(), to: live, at: Self.times[1])
        #expect(ManagedFields.stripping(removed) == ManagedFields.stripping(stored(try JSONValue.parse(Self.manifest()), resourceVersion: "1")))
        #expect(managedFields(removed) == [try entry("ferry", .apply, Self.times[1], Self.ferryFields)])

        // kubectl-set owns the sidecar's image: the element stays, with its name and that image.
        var touched = try StrategicMergePatch.apply(
            try JSONValue.parse(#"{"spec":{"template":{"spec":{"containers":[{"name":"sidecar","image":"envoy:2"}]}}}}"#),
            to: live, kind: Self.deployment)
        touched = ManagedFields.recordUpdate(old: live, new: touched, manager: "kubectl-set", apiVersion: "apps/v1", now: Self.times[1])
        let kept = try apply(Self.manifest(), to: touched, at: Self.times[2])
        #expect(kept[path: ["spec", "template", "spec", "containers"]] == (try JSONValue.parse(
            #"[{"name":"nginx","image":"nginx:1.25","ports":[{"containerPort":80}]},{"name":"sidecar","image":"envoy:2"}]"#)))
    }

    @Test func listElementsFollowTheAppliedOrderAndKeepOthersInPlace() throws {
        let live = try JSONValue.parse(#"""
        {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web"},
         "spec":{"template":{"spec":{"containers":[{"name":"x","image":"x"},{"name":"a","image":"a"},{"name":"b","image":"b"}]}}}}
        """#)
        let merged = try apply(#"""
        {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web"},
         "spec":{"template":{"spec":{"containers":[{"name":"b","image":"b2"},{"name":"a"},{"name":"c","image":"c"}]}}}}
        """#, to: live, at: Self.times[0])
        #expect(merged[path: ["spec", "template", "spec", "containers"]] == (try JSONValue.parse(
            #"[{"name":"b","image":"b2"},{"name":"x","image":"x"},{"name":"a","image":"a"},{"name":"c","image":"c"}]"#)))
    }

    @Test func droppingTheLastLabelLeavesNoEmptyMap() throws {
        let base = #"{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web"\#(", ")LABELS},"spec":{"paused":true}}"#
        let live = try apply(base.replacingOccurrences("LABELS", #""labels":{"team":"a"}"#), to: nil, at: Self.times[0])
        let after = try apply(base.replacingOccurrences(", LABELS", ""), to: live, at: Self.times[1])
        #expect(ManagedFields.stripping(after) == (try JSONValue.parse(
            #"{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web"},"spec":{"paused":true}}"#)))
    }

    @Test func statusNullsAndServerMetadataInTheConfigurationAreIgnored() throws {
        let live = stored(try apply(Self.manifest(), to: nil, at: Self.times[0]), resourceVersion: "1")
        // A configuration that carries status, nulls and someone's uid/resourceVersion changes nothing.
        var config = try JSONValue.parse(Self.manifest())
        config["status"] = ["replicas": 99]
        config[path: ["metadata", "uid"]] = "other"
        config[path: ["metadata", "resourceVersion"]] = "999"
        config[path: ["metadata", "annotations"]] = .null
        config[path: ["spec", "paused"]] = .null
        let result = try ServerSideApply.apply(applied: config, to: live, manager: "ferry", force: false,
                                               kind: Self.deployment, apiVersion: "apps/v1", now: Self.times[1])
        #expect(result == live)
        // And a null for a field the manager owned releases it, like leaving it out.
        config[path: ["spec", "replicas"]] = .null
        let released = try ServerSideApply.apply(applied: config, to: live, manager: "ferry", force: false,
                                                 kind: Self.deployment, apiVersion: "apps/v1", now: Self.times[1])
        #expect(released[path: ["spec", "replicas"]] == nil)
    }

    @Test func aNewVersionOrSetUpdatesTheTimeEvenWhenTheObjectStays() throws {
        let live = stored(try apply(Self.manifest(), to: nil, at: Self.times[0]), resourceVersion: "1")
        let narrower = try apply(Self.manifest(), to: live, manager: "kubectl", at: Self.times[1])
        let again = try apply(Self.manifest(replicas: nil), to: narrower, manager: "kubectl", at: Self.times[2])
        #expect(managedFields(again).last?.time == Self.times[2])
        #expect(ManagedFields.stripping(again) == ManagedFields.stripping(live))
    }

    /// (configuration, kind, message).
    static let invalid: [(String, PatchError.Kind, String)] = [
        ("[]", .badRequest, "an apply patch must be an object, not array"),
        (#"{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web","managedFields":[{"manager":"x"}]}}"#,
         .badRequest, "metadata.managedFields must be nil"),
        (#"{"apiVersion":"apps/v1","kind":"Deployment","spec":{"template":{"spec":{"containers":[{"name":"a"},{"name":"a"}]}}}}"#,
         .invalid, #".spec.template.spec.containers: duplicate entries for key [name="a"]"#),
        (#"{"apiVersion":"apps/v1","kind":"Deployment","spec":{"template":{"spec":{"containers":[{"image":"a"}]}}}}"#,
         .invalid, #".spec.template.spec.containers: an element omits the key field "name""#),
        (#"{"apiVersion":"apps/v1","kind":"Deployment","spec":{"template":{"spec":{"containers":["a"]}}}}"#,
         .invalid, ".spec.template.spec.containers: a keyed list element must be an object, not string"),
    ]

    @Test(arguments: invalid)
    func rejectsBadConfigurations(configuration: String, kind: PatchError.Kind, message: String) throws {
        let error = try applyError(configuration, to: nil)
        #expect(error?.kind == kind)
        #expect(error?.message == message)
    }

    @Test func emptyManagedFieldsInTheConfigurationAreAllowed() throws {
        let created = try apply(#"{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c","managedFields":[]},"data":{"a":"1"}}"#,
                                to: nil, at: Self.times[0])
        #expect(managedFields(created).map(\.manager) == ["ferry"])
    }
}

extension String {
    /// The ferry field set without the container image, as kubectl-set leaves it.
    fileprivate func replacingImageField() -> String { replacingOccurrences(#""f:image":{},"#, "") }

    /// A stdlib-only replace for fixtures (no Foundation in these tests).
    fileprivate func replacingOccurrences(_ target: String, _ replacement: String) -> String {
        var result = ""
        var rest = self[...]
        while let range = rest.firstRange(of: target) {
            result += rest[..<range.lowerBound]
            result += replacement
            rest = rest[range.upperBound...]
        }
        return result + rest
    }
}
