import FerryKube
import FerryLocalCluster
import Testing

@Suite struct StrategicMergePatchTests {
    static let deployment = GroupKind(group: "apps", kind: "Deployment")

    func patch(_ patch: String, _ original: String, kind: GroupKind = deployment) throws -> JSONValue {
        try StrategicMergePatch.apply(try JSONValue.parse(patch), to: try JSONValue.parse(original), kind: kind)
    }

    func expectPatch(_ patchText: String, _ original: String, gives expected: String, kind: GroupKind = deployment,
                     sourceLocation: Testing.SourceLocation = #_sourceLocation) throws {
        #expect(try patch(patchText, original, kind: kind) == (try JSONValue.parse(expected)), sourceLocation: sourceLocation)
    }

    func failure(_ patchText: String, _ original: String) throws -> PatchError? {
        let patch = try JSONValue.parse(patchText)
        let original = try JSONValue.parse(original)
        do {
            _ = try StrategicMergePatch.apply(patch, to: original, kind: Self.deployment)
            return nil
        } catch {
            return error
        }
    }

    /// A Deployment with two containers, the shape kubectl's examples patch.
    static let web = #"""
    {"apiVersion":"apps/v1","kind":"Deployment",
     "metadata":{"name":"web","namespace":"demo","resourceVersion":"41","labels":{"app":"web"}},
     "spec":{"replicas":2,"selector":{"matchLabels":{"app":"web"}},
      "template":{"metadata":{"labels":{"app":"web"}},
       "spec":{"containers":[
         {"name":"a","image":"nginx:1.25","env":[{"name":"X","value":"1"},{"name":"Y","value":"2"}],
          "ports":[{"containerPort":80,"protocol":"TCP"}],"volumeMounts":[{"name":"data","mountPath":"/data"}]},
         {"name":"b","image":"redis:7","args":["--save","60"]}]}}}}
    """#

    func web(_ edit: (inout JSONValue) -> Void) throws -> String {
        var object = try JSONValue.parse(Self.web)
        edit(&object)
        return object.jsonText
    }

    func container(_ object: JSONValue, _ index: Int) -> JSONValue? {
        object[path: ["spec", "template", "spec", "containers"]]?.array?[index]
    }

    func setContainer(_ object: inout JSONValue, _ index: Int, _ edit: (inout JSONValue) -> Void) {
        guard var containers = object[path: ["spec", "template", "spec", "containers"]]?.array else { return }
        edit(&containers[index])
        object[path: ["spec", "template", "spec", "containers"]] = .array(containers)
    }

    // MARK: Bodies kubectl sends

    @Test func setImageChangesOnlyTheNamedContainer() throws {
        // kubectl-wire.md §5.5, byte for byte.
        let body = #"""
        {"spec":{"template":{"spec":{"$setElementOrder/containers":[{"name":"a"},{"name":"b"}],"containers":[{"image":"redis:8","name":"b"}]}}}}
        """#
        let expected = try web { setContainer(&$0, 1) { $0["image"] = "redis:8" } }
        try expectPatch(body, Self.web, gives: expected)
    }

    @Test func setImageOfAnInitContainer() throws {
        let original = #"{"spec":{"template":{"spec":{"initContainers":[{"name":"init","image":"busybox:1"}],"containers":[{"name":"a","image":"x"}]}}}}"#
        let body = #"{"spec":{"template":{"spec":{"$setElementOrder/initContainers":[{"name":"init"}],"initContainers":[{"image":"busybox:2","name":"init"}]}}}}"#
        try expectPatch(body, original, gives:
            #"{"spec":{"template":{"spec":{"initContainers":[{"name":"init","image":"busybox:2"}],"containers":[{"name":"a","image":"x"}]}}}}"#)
    }

    @Test func keyedListsMergeWithoutAnOrderDirectiveToo() throws {
        let expected = try web { setContainer(&$0, 0) { $0["image"] = "nginx:1.26" } }
        try expectPatch(#"{"spec":{"template":{"spec":{"containers":[{"name":"a","image":"nginx:1.26"}]}}}}"#, Self.web, gives: expected)
    }

    @Test func clientSideApplyPatch() throws {
        // kubectl-wire.md §5.3: image 1.25→1.26, replicas 2→3, the last-applied annotation.
        let original = #"""
        {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web","annotations":{"kubectl.kubernetes.io/last-applied-configuration":"{}\n"}},
         "spec":{"replicas":2,"template":{"spec":{"containers":[{"name":"nginx","image":"nginx:1.25"}]}}}}
        """#
        let body = #"""
        {"metadata":{"annotations":{"kubectl.kubernetes.io/last-applied-configuration":"{\"new\":true}\n"}},
         "spec":{"replicas":3,"template":{"spec":{"$setElementOrder/containers":[{"name":"nginx"}],"containers":[{"image":"nginx:1.26","name":"nginx"}]}}}}
        """#
        try expectPatch(body, original, gives: #"""
        {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web","annotations":{"kubectl.kubernetes.io/last-applied-configuration":"{\"new\":true}\n"}},
         "spec":{"replicas":3,"template":{"spec":{"containers":[{"name":"nginx","image":"nginx:1.26"}]}}}}
        """#)
    }

    @Test func clientSideApplyRemovals() throws {
        // Fields dropped from the manifest: replicas and a container's env become null,
        // container b is deleted by key.
        let body = #"""
        {"spec":{"replicas":null,"template":{"spec":{
           "$setElementOrder/containers":[{"name":"a"}],
           "containers":[{"env":null,"name":"a"},{"$patch":"delete","name":"b"}]}}}}
        """#
        let expected = try web {
            $0[path: ["spec", "replicas"]] = nil
            setContainer(&$0, 0) { $0["env"] = nil }
            $0[path: ["spec", "template", "spec", "containers"]] = .array([container($0, 0) ?? .null])
        }
        try expectPatch(body, Self.web, gives: expected)
    }

    @Test func resourceVersionInThePatchIsMergedForTheCallerToCheck() throws {
        // kubectl diff sends the live resourceVersion as a precondition (§5.4); merging is
        // all this function does with it.
        let expected = try web { $0[path: ["metadata", "resourceVersion"]] = "40" }
        try expectPatch(#"{"metadata":{"resourceVersion":"40"}}"#, Self.web, gives: expected)
    }

    @Test func emptyPatchChangesNothing() throws {
        try expectPatch("{}", Self.web, gives: Self.web)
    }

    // MARK: Keyed lists

    @Test func nestedKeyedListsMergeByTheirOwnKeys() throws {
        let body = #"""
        {"spec":{"template":{"spec":{"containers":[{"name":"a",
          "env":[{"name":"Y","value":"3"},{"name":"Z","value":"4"}],
          "ports":[{"containerPort":80,"name":"http"},{"containerPort":443}],
          "volumeMounts":[{"mountPath":"/data","readOnly":true}]}]}}}}
        """#
        let expected = try web {
            setContainer(&$0, 0) {
                $0["env"] = [["name": "X", "value": "1"], ["name": "Y", "value": "3"], ["name": "Z", "value": "4"]]
                $0["ports"] = [["containerPort": 80, "protocol": "TCP", "name": "http"], ["containerPort": 443]]
                $0["volumeMounts"] = [["name": "data", "mountPath": "/data", "readOnly": true]]
            }
        }
        try expectPatch(body, Self.web, gives: expected)
    }

    @Test func newElementsAreAppendedWithoutAnOrder() throws {
        let body = #"{"spec":{"template":{"spec":{"containers":[{"name":"c","image":"c:1"}]}}}}"#
        let expected = try web {
            var containers = $0[path: ["spec", "template", "spec", "containers"]]?.array ?? []
            containers.append(["name": "c", "image": "c:1"])
            $0[path: ["spec", "template", "spec", "containers"]] = .array(containers)
        }
        try expectPatch(body, Self.web, gives: expected)
    }

    @Test func setElementOrderPlacesNewElements() throws {
        let original = #"{"spec":{"template":{"spec":{"containers":[{"name":"a"},{"name":"b"}]}}}}"#
        let body = #"{"spec":{"template":{"spec":{"$setElementOrder/containers":[{"name":"a"},{"name":"c"},{"name":"b"}],"containers":[{"name":"c"}]}}}}"#
        try expectPatch(body, original, gives: #"{"spec":{"template":{"spec":{"containers":[{"name":"a"},{"name":"c"},{"name":"b"}]}}}}"#)
    }

    @Test func setElementOrderReordersAndKeepsServerOnlyElementsInPlace() throws {
        // "x" is not in the order list: it keeps its place before "a", which followed it.
        let original = #"{"spec":{"template":{"spec":{"containers":[{"name":"x"},{"name":"a"},{"name":"b"}]}}}}"#
        let body = #"{"spec":{"template":{"spec":{"$setElementOrder/containers":[{"name":"b"},{"name":"a"}]}}}}"#
        try expectPatch(body, original, gives: #"{"spec":{"template":{"spec":{"containers":[{"name":"x"},{"name":"b"},{"name":"a"}]}}}}"#)
    }

    @Test func replaceDirectiveInAList() throws {
        let body = #"{"spec":{"template":{"spec":{"containers":[{"$patch":"replace"},{"name":"z","image":"z:1","x":null}]}}}}"#
        let expected = try web { $0[path: ["spec", "template", "spec", "containers"]] = [["name": "z", "image": "z:1"]] }
        try expectPatch(body, Self.web, gives: expected)
    }

    @Test func deletingAnAbsentElementIsHarmless() throws {
        try expectPatch(#"{"spec":{"template":{"spec":{"containers":[{"$patch":"delete","name":"nope"}]}}}}"#, Self.web, gives: Self.web)
    }

    @Test func serviceAndPodListsUseTheirKinds() throws {
        let service = #"{"spec":{"ports":[{"port":80,"targetPort":8080},{"port":443,"targetPort":8443}]}}"#
        try expectPatch(#"{"spec":{"ports":[{"port":443,"targetPort":9443}]}}"#, service,
                        gives: #"{"spec":{"ports":[{"port":80,"targetPort":8080},{"port":443,"targetPort":9443}]}}"#,
                        kind: GroupKind(group: "", kind: "Service"))
        let pod = #"{"spec":{"volumes":[{"name":"a","emptyDir":{}}],"containers":[{"name":"c"}]}}"#
        try expectPatch(#"{"spec":{"volumes":[{"name":"b","emptyDir":{}}]}}"#, pod,
                        gives: #"{"spec":{"volumes":[{"name":"a","emptyDir":{}},{"name":"b","emptyDir":{}}],"containers":[{"name":"c"}]}}"#,
                        kind: GroupKind(group: "", kind: "Pod"))
    }

    @Test func otherListsAreReplacedAtomically() throws {
        let body = #"{"spec":{"template":{"spec":{"containers":[{"name":"b","args":["--appendonly","yes"]}],"tolerations":[{"key":"k"}]}}}}"#
        let expected = try web {
            setContainer(&$0, 1) { $0["args"] = ["--appendonly", "yes"] }
            $0[path: ["spec", "template", "spec", "tolerations"]] = [["key": "k"]]
        }
        try expectPatch(body, Self.web, gives: expected)
        // An unknown kind has no keyed lists at all.
        try expectPatch(#"{"spec":{"template":{"spec":{"containers":[{"name":"c"}]}}}}"#, Self.web,
                        gives: try web { $0[path: ["spec", "template", "spec", "containers"]] = [["name": "c"]] },
                        kind: GroupKind(group: "example.com", kind: "Widget"))
    }

    // MARK: Primitive lists

    @Test func finalizersMergeAsASet() throws {
        let original = #"{"metadata":{"finalizers":["a","b"]}}"#
        try expectPatch(#"{"metadata":{"finalizers":["b","c"]}}"#, original, gives: #"{"metadata":{"finalizers":["a","b","c"]}}"#)
        try expectPatch(#"{"metadata":{"$deleteFromPrimitiveList/finalizers":["a"]}}"#, original,
                        gives: #"{"metadata":{"finalizers":["b"]}}"#)
        try expectPatch(#"{"metadata":{"$setElementOrder/finalizers":["c","b","a"],"finalizers":["c"]}}"#, original,
                        gives: #"{"metadata":{"finalizers":["c","b","a"]}}"#)
    }

    @Test func deleteFromPrimitiveListWorksOnAnyPrimitiveList() throws {
        let expected = try web { setContainer(&$0, 1) { $0["args"] = ["60"] } }
        try expectPatch(#"{"spec":{"template":{"spec":{"containers":[{"name":"b","$deleteFromPrimitiveList/args":["--save"]}]}}}}"#,
                        Self.web, gives: expected)
    }

    // MARK: Maps

    @Test func nullDeletesAndIsIgnoredWhenAbsent() throws {
        try expectPatch(#"{"a":null,"b":{"c":null,"d":1},"e":null}"#, #"{"a":1,"x":2}"#, gives: #"{"x":2,"b":{"d":1}}"#)
    }

    @Test func replaceDirectiveInAMap() throws {
        try expectPatch(#"{"spec":{"strategy":{"$patch":"replace","type":"Recreate"}}}"#,
                        #"{"spec":{"strategy":{"type":"RollingUpdate","rollingUpdate":{"maxSurge":1}}}}"#,
                        gives: #"{"spec":{"strategy":{"type":"Recreate"}}}"#)
    }

    @Test func deleteDirectiveInAMapEmptiesIt() throws {
        try expectPatch(#"{"spec":{"strategy":{"$patch":"delete"}}}"#, #"{"spec":{"strategy":{"type":"Recreate"},"replicas":1}}"#,
                        gives: #"{"spec":{"strategy":{},"replicas":1}}"#)
    }

    @Test func mergeDirectiveIsTheDefault() throws {
        try expectPatch(#"{"spec":{"$patch":"merge","replicas":3}}"#, #"{"spec":{"replicas":1,"paused":true}}"#,
                        gives: #"{"spec":{"replicas":3,"paused":true}}"#)
    }

    @Test func retainKeysDropsUnlistedFields() throws {
        try expectPatch(#"{"spec":{"strategy":{"$retainKeys":["type"],"type":"Recreate"}}}"#,
                        #"{"spec":{"strategy":{"type":"RollingUpdate","rollingUpdate":{"maxSurge":1}}}}"#,
                        gives: #"{"spec":{"strategy":{"type":"Recreate"}}}"#)
    }

    @Test func directivesNeverSurviveInNewValues() throws {
        let body = #"""
        {"spec":{"template":{"spec":{"$setElementOrder/initContainers":[{"name":"i"}],
          "initContainers":[{"name":"i","env":[{"name":"A","value":"1"}],"$setElementOrder/env":[{"name":"A"}],"x":null}],
          "securityContext":{"$patch":"merge","runAsUser":1,"fsGroup":null}}}}}
        """#
        try expectPatch(body, #"{"spec":{"template":{"spec":{}}}}"#, gives: #"""
        {"spec":{"template":{"spec":{"initContainers":[{"name":"i","env":[{"name":"A","value":"1"}]}],"securityContext":{"runAsUser":1}}}}}
        """#)
    }

    @Test func typeChangesReplace() throws {
        try expectPatch(#"{"a":{"b":1},"c":[1],"d":"x"}"#, #"{"a":"s","c":{"k":1},"d":{"k":1}}"#, gives: #"{"a":{"b":1},"c":[1],"d":"x"}"#)
    }

    // MARK: Errors

    /// (patch, kind, message).
    static let failures: [(String, PatchError.Kind, String)] = [
        (#"[]"#, .badRequest, "strategic merge patch must be a JSON object, not array"),
        (#"{"spec":{"$patch":"frobnicate"}}"#, .badRequest, #".spec: unknown $patch directive "frobnicate""#),
        (#"{"spec":{"$frobnicate":1}}"#, .badRequest, #".spec: unknown directive "$frobnicate""#),
        (#"{"spec":{"$retainKeys":"type"}}"#, .badRequest, ".spec: $retainKeys must be a list of field names"),
        (#"{"spec":{"$retainKeys":["type"],"replicas":3}}"#, .invalid,
         #".spec: the patch sets "replicas", which $retainKeys does not list"#),
        (#"{"spec":{"$setElementOrder/x":{}}}"#, .badRequest, ".spec: $setElementOrder/x must be a list"),
        (#"{"spec":{"template":{"spec":{"containers":[{"image":"x"}]}}}}"#, .invalid,
         #".spec.template.spec.containers: element {"image":"x"} does not contain the merge key "name""#),
        (#"{"spec":{"template":{"spec":{"containers":["x"]}}}}"#, .invalid,
         #".spec.template.spec.containers: element 0 is string, but the list merges objects by "name""#),
        (#"{"spec":{"template":{"spec":{"containers":[{"$patch":"delete"}]}}}}"#, .invalid,
         #".spec.template.spec.containers: a $patch delete element must carry the merge key "name""#),
        (#"{"metadata":{"finalizers":[{"$patch":"delete"}]}}"#, .badRequest,
         #".metadata.finalizers: unsupported $patch "delete" in a primitive list"#),
    ]

    @Test(arguments: failures)
    func rejectsBadPatches(patch: String, kind: PatchError.Kind, message: String) throws {
        let error = try failure(patch, Self.web)
        #expect(error?.kind == kind)
        #expect(error?.message == message)
    }

    @Test func originalMustBeAnObject() throws {
        #expect(throws: PatchError(.invalid, "strategic merge patch applies to an object, not array")) {
            try StrategicMergePatch.apply(.object([:]), to: .array([]), kind: Self.deployment)
        }
    }
}
