import FerryKube
import FerryLocalCluster
import Testing

@Suite struct MergePatchTests {
    /// RFC 7386 Appendix A, every example: (target, patch, result).
    static let rfcExamples: [(String, String, String)] = [
        (#"{"a":"b"}"#, #"{"a":"c"}"#, #"{"a":"c"}"#),
        (#"{"a":"b"}"#, #"{"b":"c"}"#, #"{"a":"b","b":"c"}"#),
        (#"{"a":"b"}"#, #"{"a":null}"#, #"{}"#),
        (#"{"a":"b","b":"c"}"#, #"{"a":null}"#, #"{"b":"c"}"#),
        (#"{"a":["b"]}"#, #"{"a":"c"}"#, #"{"a":"c"}"#),
        (#"{"a":"c"}"#, #"{"a":["b"]}"#, #"{"a":["b"]}"#),
        (#"{"a":{"b":"c"}}"#, #"{"a":{"b":"d","c":null}}"#, #"{"a":{"b":"d"}}"#),
        (#"{"a":[{"b":"c"}]}"#, #"{"a":[1]}"#, #"{"a":[1]}"#),
        (#"["a","b"]"#, #"["c","d"]"#, #"["c","d"]"#),
        (#"{"a":"b"}"#, #"["c"]"#, #"["c"]"#),
        (#"{"a":"foo"}"#, "null", "null"),
        (#"{"a":"foo"}"#, #""bar""#, #""bar""#),
        (#"{"e":null}"#, #"{"a":1}"#, #"{"e":null,"a":1}"#),
        (#"[1,2]"#, #"{"a":"b","c":null}"#, #"{"a":"b"}"#),
        (#"{}"#, #"{"a":{"bb":{"ccc":null}}}"#, #"{"a":{"bb":{}}}"#),
    ]

    @Test(arguments: rfcExamples)
    func rfc7386Examples(target: String, patch: String, result: String) throws {
        let patched = MergePatch.apply(try JSONValue.parse(patch), to: try JSONValue.parse(target))
        #expect(patched == (try JSONValue.parse(result)))
    }

    @Test func kubectlScaleBodyChangesOnlyReplicas() throws {
        let deployment = try JSONValue.parse(#"""
        {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web","namespace":"demo"},
         "spec":{"replicas":2,"template":{"spec":{"containers":[{"name":"nginx","image":"nginx:1.25"}]}}}}
        """#)
        let patched = MergePatch.apply(try JSONValue.parse(#"{"spec":{"replicas":5}}"#), to: deployment)
        #expect(patched == (try JSONValue.parse(#"""
        {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web","namespace":"demo"},
         "spec":{"replicas":5,"template":{"spec":{"containers":[{"name":"nginx","image":"nginx:1.25"}]}}}}
        """#)))
    }

    @Test func listsAreReplacedWholesaleNotMerged() throws {
        // Why kubectl set image must not be served as a merge patch (kubectl-wire.md §5.5).
        let live = try JSONValue.parse(#"{"containers":[{"name":"a","image":"a:1"},{"name":"b","image":"b:1"}]}"#)
        let patched = MergePatch.apply(try JSONValue.parse(#"{"containers":[{"name":"b","image":"b:2"}]}"#), to: live)
        #expect(patched == (try JSONValue.parse(#"{"containers":[{"name":"b","image":"b:2"}]}"#)))
    }

    @Test func deletingTheLastLabelLeavesAnEmptyMapThatPruningRemoves() throws {
        let live = try JSONValue.parse(#"{"metadata":{"name":"x","labels":{"a":"1"}}}"#)
        let patched = MergePatch.apply(try JSONValue.parse(#"{"metadata":{"labels":{"a":null}}}"#), to: live)
        #expect(patched == (try JSONValue.parse(#"{"metadata":{"name":"x","labels":{}}}"#)))
        #expect(MetadataPruning.prune(patched) == (try JSONValue.parse(#"{"metadata":{"name":"x"}}"#)))
    }
}
