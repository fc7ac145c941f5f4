import FerryKube
import FerryLocalCluster
import Testing

@Suite struct JSONPatchTests {
    func patch(_ operations: String, _ document: String) throws -> JSONValue {
        try JSONPatch.apply(try JSONValue.parse(operations), to: try JSONValue.parse(document))
    }

    func failure(_ operations: String, _ document: String) throws -> PatchError? {
        let operations = try JSONValue.parse(operations)
        let document = try JSONValue.parse(document)
        do {
            _ = try JSONPatch.apply(operations, to: document)
            return nil
        } catch {
            return error
        }
    }

    /// RFC 6902 Appendix A examples that succeed, plus escapes: (document, patch, result).
    static let successes: [(String, String, String)] = [
        (#"{"foo":"bar"}"#, #"[{"op":"add","path":"/baz","value":"qux"}]"#, #"{"baz":"qux","foo":"bar"}"#),
        (#"{"foo":["bar","baz"]}"#, #"[{"op":"add","path":"/foo/1","value":"qux"}]"#, #"{"foo":["bar","qux","baz"]}"#),
        (#"{"baz":"qux","foo":"bar"}"#, #"[{"op":"remove","path":"/baz"}]"#, #"{"foo":"bar"}"#),
        (#"{"foo":["bar","qux","baz"]}"#, #"[{"op":"remove","path":"/foo/1"}]"#, #"{"foo":["bar","baz"]}"#),
        (#"{"baz":"qux","foo":"bar"}"#, #"[{"op":"replace","path":"/baz","value":"boo"}]"#, #"{"baz":"boo","foo":"bar"}"#),
        (#"{"foo":{"bar":"baz","waldo":"fred"},"qux":{"corge":"grault"}}"#,
         #"[{"op":"move","from":"/foo/waldo","path":"/qux/thud"}]"#,
         #"{"foo":{"bar":"baz"},"qux":{"corge":"grault","thud":"fred"}}"#),
        (#"{"foo":["all","grass","cows","eat"]}"#, #"[{"op":"move","from":"/foo/1","path":"/foo/3"}]"#,
         #"{"foo":["all","cows","eat","grass"]}"#),
        (#"{"baz":"qux","foo":["a",2,"c"]}"#,
         #"[{"op":"test","path":"/baz","value":"qux"},{"op":"test","path":"/foo/1","value":2}]"#,
         #"{"baz":"qux","foo":["a",2,"c"]}"#),
        (#"{"foo":"bar"}"#, #"[{"op":"add","path":"/child","value":{"grandchild":{}}}]"#,
         #"{"foo":"bar","child":{"grandchild":{}}}"#),
        (#"{"foo":"bar"}"#, #"[{"op":"add","path":"/baz","value":"qux","xyz":123}]"#, #"{"foo":"bar","baz":"qux"}"#),
        (#"{"foo":["bar"]}"#, #"[{"op":"add","path":"/foo/-","value":["abc","def"]}]"#, #"{"foo":["bar",["abc","def"]]}"#),
        (#"{"/":9,"~1":10}"#, #"[{"op":"test","path":"/~01","value":10}]"#, #"{"/":9,"~1":10}"#),
        (#"{"foo":null}"#, #"[{"op":"test","path":"/foo","value":null}]"#, #"{"foo":null}"#),
        (#"{"foo":1}"#, #"[{"op":"test","path":"/foo","value":1.0}]"#, #"{"foo":1}"#),
        (#"{"foo":"bar"}"#, #"[{"op":"add","path":"/baz","value":null}]"#, #"{"foo":"bar","baz":null}"#),
        // Annotation keys carry "/": the pointer escapes it as ~1.
        (#"{"metadata":{"annotations":{"a/b":"1","m~n":"2"}}}"#,
         #"[{"op":"replace","path":"/metadata/annotations/a~1b","value":"3"},{"op":"remove","path":"/metadata/annotations/m~0n"}]"#,
         #"{"metadata":{"annotations":{"a/b":"3"}}}"#),
        (#"{"a":{"b":1}}"#, #"[{"op":"copy","from":"/a","path":"/c"}]"#, #"{"a":{"b":1},"c":{"b":1}}"#),
        (#"{"a":1}"#, #"[{"op":"replace","path":"","value":[1]}]"#, #"[1]"#),
        (#"{"a":1}"#, #"[{"op":"move","from":"/a","path":"/a"}]"#, #"{"a":1}"#),
        (#"{"a":1}"#, #"[]"#, #"{"a":1}"#),
    ]

    @Test(arguments: successes)
    func appliesOperations(document: String, operations: String, result: String) throws {
        #expect(try patch(operations, document) == (try JSONValue.parse(result)))
    }

    @Test func rolloutUndoReplacesMissingAnnotationsAsAdd() throws {
        // kubectl-wire.md §5.8: the exact body, against a deployment without annotations.
        let live = #"""
        {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web","namespace":"demo"},
         "spec":{"replicas":2,"template":{"metadata":{"labels":{"app":"web"}},
                 "spec":{"containers":[{"name":"nginx","image":"nginx:1.26"}]}}}}
        """#
        let body = #"""
        [{"op":"replace","path":"/spec/template","value":{"metadata":{"creationTimestamp":null,"labels":{"app":"web"}},
          "spec":{"containers":[{"name":"nginx","image":"nginx:1.25","ports":[{"containerPort":80}],"resources":{}}]}}},
         {"op":"replace","path":"/metadata/annotations","value":{"deployment.kubernetes.io/revision":"2"}}]
        """#
        #expect(try patch(body, live) == (try JSONValue.parse(#"""
        {"apiVersion":"apps/v1","kind":"Deployment",
         "metadata":{"name":"web","namespace":"demo","annotations":{"deployment.kubernetes.io/revision":"2"}},
         "spec":{"replicas":2,"template":{"metadata":{"creationTimestamp":null,"labels":{"app":"web"}},
                 "spec":{"containers":[{"name":"nginx","image":"nginx:1.25","ports":[{"containerPort":80}],"resources":{}}]}}}}
        """#)))
    }

    @Test func managedFieldsMigrationBody() throws {
        // kubectl-wire.md §5.2, follow-up 2.
        let live = #"{"metadata":{"name":"web","resourceVersion":"122","managedFields":[{"manager":"kubectl-client-side-apply"}]}}"#
        let body = #"""
        [{"op":"replace","path":"/metadata/managedFields","value":[{"manager":"kubectl","operation":"Apply"}]},
         {"op":"replace","path":"/metadata/resourceVersion","value":"123"}]
        """#
        #expect(try patch(body, live) == (try JSONValue.parse(
            #"{"metadata":{"name":"web","resourceVersion":"123","managedFields":[{"manager":"kubectl","operation":"Apply"}]}}"#)))
    }

    /// Operations that do not apply: (document, patch, kind, message).
    static let failures: [(String, String, PatchError.Kind, String)] = [
        (#"{"foo":"bar"}"#, #"[{"op":"add","path":"/baz/bat","value":"qux"}]"#, .invalid,
         #"json patch operation 0 (add) on "/baz/bat": the path does not exist (no member "baz")"#),
        (#"{"a":1}"#, #"[{"op":"test","path":"/a","value":1},{"op":"remove","path":"/spec/missing"}]"#, .invalid,
         #"json patch operation 1 (remove) on "/spec/missing": the path does not exist (no member "spec")"#),
        (#"{"baz":"qux"}"#, #"[{"op":"test","path":"/baz","value":"bar"}]"#, .testFailed,
         #"json patch operation 0 (test) on "/baz": test failed: found "qux", expected "bar""#),
        (#"{"baz":"qux"}"#, #"[{"op":"test","path":"/nope","value":"bar"}]"#, .testFailed,
         #"json patch operation 0 (test) on "/nope": test failed: the path does not exist"#),
        (#"{"a":[1]}"#, #"[{"op":"replace","path":"/a/1","value":2}]"#, .invalid,
         #"json patch operation 0 (replace) on "/a/1": index 1 is out of range (1 items)"#),
        (#"{"a":[1]}"#, #"[{"op":"add","path":"/a/2","value":2}]"#, .invalid,
         #"json patch operation 0 (add) on "/a/2": index 2 is out of range (1 items)"#),
        (#"{"a":[1,2]}"#, #"[{"op":"add","path":"/a/01","value":2}]"#, .invalid,
         #"json patch operation 0 (add) on "/a/01": "01" is not an array index"#),
        (#"{"a":[1]}"#, #"[{"op":"remove","path":"/a/-"}]"#, .invalid,
         #"json patch operation 0 (remove) on "/a/-": the path does not exist ("-" is not an index of 1 items)"#),
        (#"{"a":{"b":1}}"#, #"[{"op":"move","from":"/a","path":"/a/b/c"}]"#, .invalid,
         #"json patch operation 0 (move) on "/a/b/c": cannot move "/a" into its own child"#),
        (#"{"a":1}"#, #"[{"op":"move","from":"/b","path":"/b"}]"#, .invalid,
         #"json patch operation 0 (move) on "/b": "from" path "/b" does not exist"#),
        (#"{"a":1}"#, #"[{"op":"move","from":"/b","path":"/c"}]"#, .invalid,
         #"json patch operation 0 (move) on "/c": "from" path "/b" does not exist"#),
        (#"{"a":1}"#, #"[{"op":"copy","from":"/b","path":"/c"}]"#, .invalid,
         #"json patch operation 0 (copy) on "/c": "from" path "/b" does not exist"#),
        (#"{"a":"x"}"#, #"[{"op":"add","path":"/a/b","value":1}]"#, .invalid,
         #"json patch operation 0 (add) on "/a/b": the path does not exist ("b" is inside a string)"#),
        (#"{"a":1}"#, #"[{"op":"remove","path":""}]"#, .invalid,
         #"json patch operation 0 (remove) on "": cannot remove the whole document"#),
        (#"{"a":1}"#, #"{"op":"add"}"#, .badRequest, "json patch must be a JSON array of operations, not object"),
        (#"{"a":1}"#, #"[{"op":"frobnicate","path":"/a"}]"#, .badRequest,
         #"json patch operation 0 is malformed: unknown op "frobnicate""#),
        (#"{"a":1}"#, #"[{"path":"/a"}]"#, .badRequest, #"json patch operation 0 is malformed: missing string "op""#),
        (#"{"a":1}"#, #"[{"op":"add","path":"/b"}]"#, .badRequest, #"json patch operation 0 is malformed: "add" needs a "value""#),
        (#"{"a":1}"#, #"[{"op":"move","path":"/b"}]"#, .badRequest,
         #"json patch operation 0 is malformed: "move" needs a string "from""#),
        (#"{"a":1}"#, #"[{"op":"add","path":"b","value":1}]"#, .badRequest,
         #"json patch operation 0 is malformed: invalid JSON pointer "b": it must be empty or start with "/""#),
        (#"{"a":1}"#, #"[1]"#, .badRequest, "json patch operation 0 is malformed: expected an object, got number"),
    ]

    @Test(arguments: failures)
    func reportsFailures(document: String, operations: String, kind: PatchError.Kind, message: String) throws {
        let error = try failure(operations, document)
        #expect(error?.kind == kind)
        #expect(error?.message == message)
    }

    @Test func statusCodesForEachFailureKind() {
        #expect(PatchError(.badRequest, "x").code == 400)
        #expect(PatchError(.badRequest, "x").reason == "BadRequest")
        #expect(PatchError(.invalid, "x").code == 422)
        #expect(PatchError(.testFailed, "x").reason == "Invalid")
        #expect(PatchError(.conflict, "x").code == 409)
        #expect(PatchError(.conflict, "x").reason == "Conflict")
    }
}

@Suite struct JSONPointerTests {
    static let parses: [(String, [String])] = [
        ("", []),
        ("/", [""]),
        ("/foo/0", ["foo", "0"]),
        ("/a~1b/m~0n", ["a/b", "m~n"]),
        ("/~01", ["~1"]),
        ("/metadata/annotations/deployment.kubernetes.io~1revision", ["metadata", "annotations", "deployment.kubernetes.io/revision"]),
    ]

    @Test(arguments: parses)
    func parsesAndPrintsBack(text: String, tokens: [String]) throws {
        let pointer = try JSONPointer(text)
        #expect(pointer.tokens == tokens)
        #expect(pointer.description == text)
    }

    @Test(arguments: ["foo", "/~2", "/a~"])
    func rejectsMalformedPointers(text: String) {
        #expect(throws: PatchError.self) { try JSONPointer(text) }
    }
}
