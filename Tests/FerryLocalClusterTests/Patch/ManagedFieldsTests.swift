import FerryKube
import FerryLocalCluster
import Testing

@Suite struct ManagedFieldsTests {
    static let t1 = "2025-01-01T00:00:00Z"
    static let t2 = "2025-01-01T00:01:00Z"
    static let t3 = "2025-01-01T00:02:00Z"

    /// A ConfigMap as a server stores it: identity and server-maintained metadata that no
    /// manager owns.
    static let configMap = #"""
    {"apiVersion":"v1","kind":"ConfigMap",
     "metadata":{"name":"cfg","namespace":"demo","uid":"u-1","resourceVersion":"7","creationTimestamp":"2025-01-01T00:00:00Z",
                 "annotations":{"kubectl.kubernetes.io/last-applied-configuration":"{}\n"}},
     "data":{"a":"1","b":"2"}}
    """#

    func entries(_ object: JSONValue) -> [JSONValue] { object[path: ["metadata", "managedFields"]]?.array ?? [] }

    @Test func createOwnsEveryFieldButIdentity() throws {
        let created = ManagedFields.recordUpdate(old: nil, new: try JSONValue.parse(Self.configMap),
                                                 manager: "kubectl-client-side-apply", apiVersion: "v1", now: Self.t1)
        #expect(entries(created) == [try JSONValue.parse(#"""
        {"manager":"kubectl-client-side-apply","operation":"Update","apiVersion":"v1","time":"2025-01-01T00:00:00Z",
         "fieldsType":"FieldsV1",
         "fieldsV1":{"f:data":{"f:a":{},"f:b":{}},
                     "f:metadata":{"f:annotations":{"f:kubectl.kubernetes.io/last-applied-configuration":{}}}}}
        """#)])
        // Everything else is untouched.
        #expect(ManagedFields.stripping(created) == (try JSONValue.parse(Self.configMap)))
    }

    @Test func changedFieldsMoveToTheWriter() throws {
        let created = ManagedFields.recordUpdate(old: nil, new: try JSONValue.parse(Self.configMap),
                                                 manager: "creator", apiVersion: "v1", now: Self.t1)
        var edited = created
        edited[path: ["data", "a"]] = "changed"
        edited[path: ["data", "c"]] = "new"
        let updated = ManagedFields.recordUpdate(old: created, new: edited, manager: "editor", apiVersion: "v1", now: Self.t2)
        #expect(entries(updated) == [
            try JSONValue.parse(#"""
            {"manager":"creator","operation":"Update","apiVersion":"v1","time":"2025-01-01T00:00:00Z","fieldsType":"FieldsV1",
             "fieldsV1":{"f:data":{"f:b":{}},"f:metadata":{"f:annotations":{"f:kubectl.kubernetes.io/last-applied-configuration":{}}}}}
            """#),
            try JSONValue.parse(#"""
            {"manager":"editor","operation":"Update","apiVersion":"v1","time":"2025-01-01T00:01:00Z","fieldsType":"FieldsV1",
             "fieldsV1":{"f:data":{"f:a":{},"f:c":{}}}}
            """#),
        ])
    }

    @Test func removedFieldsLeaveEveryOwnerAndEmptyEntriesGo() throws {
        let created = ManagedFields.recordUpdate(old: nil, new: try JSONValue.parse(#"{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c"},"data":{"a":"1"}}"#),
                                                 manager: "creator", apiVersion: "v1", now: Self.t1)
        var edited = created
        edited["data"] = nil
        let updated = ManagedFields.recordUpdate(old: created, new: edited, manager: "editor", apiVersion: "v1", now: Self.t2)
        #expect(updated == (try JSONValue.parse(#"{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c"}}"#)))
    }

    @Test func aNoOpWriteLeavesTheObjectAsItWas() throws {
        let created = ManagedFields.recordUpdate(old: nil, new: try JSONValue.parse(Self.configMap),
                                                 manager: "creator", apiVersion: "v1", now: Self.t1)
        #expect(ManagedFields.recordUpdate(old: created, new: created, manager: "editor", apiVersion: "v1", now: Self.t2) == created)
        #expect(ManagedFields.recordUpdate(old: created, new: created, manager: "creator", apiVersion: "v1", now: Self.t2) == created)
        // Server-maintained fields are nobody's: bumping them records nothing.
        var bumped = created
        bumped[path: ["metadata", "resourceVersion"]] = "8"
        #expect(entries(ManagedFields.recordUpdate(old: created, new: bumped, manager: "editor", apiVersion: "v1", now: Self.t2))
                == entries(created))
    }

    @Test func oneEntryPerManagerAndVersion() throws {
        let created = ManagedFields.recordUpdate(old: nil, new: try JSONValue.parse(#"{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c"},"data":{"a":"1"}}"#),
                                                 manager: "m", apiVersion: "v1", now: Self.t1)
        var second = created
        second[path: ["data", "b"]] = "2"
        let again = ManagedFields.recordUpdate(old: created, new: second, manager: "m", apiVersion: "v1", now: Self.t2)
        #expect(ManagedFields.entries(of: again) == [
            ManagedFieldsEntry(manager: "m", operation: .update, apiVersion: "v1", time: Self.t2,
                               fields: FieldSet([FieldPath(fields: "data", "a"), FieldPath(fields: "data", "b")])),
        ])
        var third = again
        third[path: ["data", "c"]] = "3"
        let otherVersion = ManagedFields.recordUpdate(old: again, new: third, manager: "m", apiVersion: "v2", now: Self.t3)
        #expect(ManagedFields.entries(of: otherVersion).map(\.apiVersion) == ["v1", "v2"])
    }

    @Test func statusSubresourceWritesManageOnlyStatus() throws {
        let live = try JSONValue.parse(#"{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web"},"spec":{"replicas":1},"status":{"replicas":0}}"#)
        var written = live
        written[path: ["status", "replicas"]] = 1
        written[path: ["status", "conditions"]] = [["type": "Available", "status": "True"]]
        let recorded = ManagedFields.recordUpdate(old: live, new: written, manager: "ferry-controller", apiVersion: "apps/v1",
                                                  now: Self.t1, subresource: "status")
        #expect(entries(recorded) == [try JSONValue.parse(#"""
        {"manager":"ferry-controller","operation":"Update","apiVersion":"apps/v1","time":"2025-01-01T00:00:00Z","subresource":"status",
         "fieldsType":"FieldsV1",
         "fieldsV1":{"f:status":{"f:conditions":{"k:{\"type\":\"Available\"}":{".":{},"f:status":{},"f:type":{}}},"f:replicas":{}}}}
        """#)])
        // And a write to the main resource ignores status.
        let main = ManagedFields.recordUpdate(old: live, new: written, manager: "x", apiVersion: "apps/v1", now: Self.t1)
        #expect(entries(main).isEmpty)
    }

    @Test func managedFieldsSentByTheClientAreTheStartingPoint() throws {
        // kubectl's apply migration replaces managedFields with a JSON patch (§5.2):
        // what it sent is kept, and the write itself changes no owned field.
        let live = ManagedFields.recordUpdate(old: nil, new: try JSONValue.parse(Self.configMap),
                                              manager: "kubectl-client-side-apply", apiVersion: "v1", now: Self.t1)
        var migrated = live
        var entry = try #require(ManagedFields.entries(of: live).first)
        entry.manager = "kubectl"
        entry.operation = .apply
        migrated = ManagedFields.setting([entry], on: migrated)
        migrated[path: ["metadata", "resourceVersion"]] = "8"
        let recorded = ManagedFields.recordUpdate(old: live, new: migrated, manager: "kubectl", apiVersion: "v1", now: Self.t2)
        #expect(recorded == migrated)
    }

    @Test func entriesReadAndWriteTheirJSON() throws {
        let json = try JSONValue.parse(#"""
        {"manager":"kube-controller-manager","operation":"Update","apiVersion":"apps/v1","time":"2025-01-01T00:00:00Z",
         "subresource":"status","fieldsType":"FieldsV1","fieldsV1":{"f:status":{"f:replicas":{}}}}
        """#)
        let entry = try #require(ManagedFieldsEntry(json: json))
        #expect(entry.json == json)
        #expect(entry.conflictName == #""kube-controller-manager" with subresource "status" using apps/v1"#)
        #expect(ManagedFieldsEntry(manager: "kubectl", operation: .apply, apiVersion: "apps/v1", time: nil, fields: FieldSet())
            .conflictName == #""kubectl""#)
        #expect(ManagedFieldsEntry(json: try JSONValue.parse(#"{"manager":"m","operation":"Update","fieldsType":"FieldsV2"}"#)) == nil)
        #expect(ManagedFieldsEntry(json: try JSONValue.parse(#"{"manager":"m","operation":"Delete"}"#)) == nil)
    }

    @Test func entriesAreStoredAppliersFirstThenByTime() throws {
        let fields = FieldSet([FieldPath(fields: "data", "a")])
        let object = ManagedFields.setting([
            ManagedFieldsEntry(manager: "z", operation: .update, apiVersion: "v1", time: Self.t1, fields: fields),
            ManagedFieldsEntry(manager: "b", operation: .apply, apiVersion: "v1", time: Self.t2, fields: fields),
            ManagedFieldsEntry(manager: "a", operation: .update, apiVersion: "v1", time: Self.t2, fields: fields),
            ManagedFieldsEntry(manager: "empty", operation: .update, apiVersion: "v1", time: Self.t1, fields: FieldSet()),
            ManagedFieldsEntry(manager: "a", operation: .apply, apiVersion: "v1", time: Self.t3, fields: fields),
        ], on: .object([:]))
        #expect(ManagedFields.entries(of: object).map { "\($0.operation.rawValue) \($0.manager)" }
                == ["Apply b", "Apply a", "Update z", "Update a"])
        #expect(ManagedFields.setting([], on: object) == (try JSONValue.parse(#"{"metadata":{}}"#)))
        #expect(ManagedFields.setting([], on: .object([:])) == .object([:]))
    }

    @Test func fieldSetOfAnObject() throws {
        let set = ManagedFields.fieldSet(of: try JSONValue.parse(#"""
        {"apiVersion":"v1","kind":"Pod","metadata":{"name":"p","finalizers":["a/b"],"ownerReferences":[{"uid":"u","name":"rs"}]},
         "spec":{"containers":[{"name":"c","ports":[{"containerPort":80},{"containerPort":53,"protocol":"UDP"}],"args":["x"],"resources":{}}]},
         "status":{"phase":"Running"}}
        """#))
        #expect(set.fieldsV1 == (try JSONValue.parse(#"""
        {"f:metadata":{"f:finalizers":{"v:\"a/b\"":{}},"f:ownerReferences":{"k:{\"uid\":\"u\"}":{".":{},"f:name":{},"f:uid":{}}}},
         "f:spec":{"f:containers":{"k:{\"name\":\"c\"}":{".":{},"f:args":{},"f:name":{},"f:resources":{},
           "f:ports":{"k:{\"containerPort\":80,\"protocol\":\"TCP\"}":{".":{},"f:containerPort":{}},
                      "k:{\"containerPort\":53,\"protocol\":\"UDP\"}":{".":{},"f:containerPort":{},"f:protocol":{}}}}}}}
        """#)))
    }
}
