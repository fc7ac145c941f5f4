import FerryKube
import FerryLocalCluster
import Testing

@Suite struct PatchErrorStatusTests {
    static let deployments = ResourceType(group: "apps", version: "v1", kind: "Deployment", plural: "deployments", singular: "deployment")

    @Test func applyConflictBecomesTheStatusKubectlPrints() throws {
        let field = #".spec.template.spec.containers[name="nginx"].image"#
        let error = PatchError(.conflict, #"Apply failed with 1 conflict: conflict with "kubectl-set" using apps/v1: \#(field)"#,
                               conflicts: [PatchError.FieldConflict(manager: #""kubectl-set" using apps/v1"#, field: field)])
        // kubectl-wire.md §5.2, the observed body.
        #expect(error.apiError(Self.deployments).status == (try JSONValue.parse(#"""
        {"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","code":409,"reason":"Conflict",
         "message":"Apply failed with 1 conflict: conflict with \"kubectl-set\" using apps/v1: .spec.template.spec.containers[name=\"nginx\"].image",
         "details":{"causes":[{"reason":"FieldManagerConflict","message":"conflict with \"kubectl-set\" using apps/v1",
                                "field":".spec.template.spec.containers[name=\"nginx\"].image"}]}}
        """#)))
    }

    @Test func otherFailures() {
        let bad = PatchError(.badRequest, "json patch must be a JSON array of operations, not object").apiError(Self.deployments)
        #expect((bad.code, bad.reason, bad.message) == (400, "BadRequest", "json patch must be a JSON array of operations, not object"))
        let invalid = PatchError(.testFailed, "json patch operation 0 (test) on \"/a\": test failed").apiError(Self.deployments)
        #expect((invalid.code, invalid.reason) == (422, "Invalid"))
        #expect(invalid.details == ["group": "apps", "kind": "deployments"])
    }

    @Test func groupAndKindOverloads() throws {
        let live = try JSONValue.parse(#"{"spec":{"template":{"spec":{"containers":[{"name":"a","image":"1"},{"name":"b","image":"1"}]}}}}"#)
        let patched = try StrategicMergePatch.apply(try JSONValue.parse(#"{"spec":{"template":{"spec":{"containers":[{"name":"b","image":"2"}]}}}}"#),
                                                    to: live, group: "apps", kind: "Deployment")
        #expect(patched[path: ["spec", "template", "spec", "containers"]]?.array?.count == 2)
        let applied = try ServerSideApply.apply(applied: try JSONValue.parse(#"{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c"},"data":{"a":"1"}}"#),
                                                to: nil, manager: "ferry", force: false, group: "", kind: "ConfigMap",
                                                apiVersion: "v1", now: "2025-01-01T00:00:00Z")
        #expect(ManagedFields.entries(of: applied).map(\.manager) == ["ferry"])
    }
}
