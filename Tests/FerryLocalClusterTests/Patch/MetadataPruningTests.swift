import FerryKube
import FerryLocalCluster
import Testing

@Suite struct MetadataPruningTests {
    @Test func dropsWhatGoWouldOmit() throws {
        let patched = try JSONValue.parse(#"""
        {"apiVersion":"v1","kind":"ConfigMap","status":null,
         "metadata":{"name":"c","labels":{},"annotations":{},"finalizers":[],"ownerReferences":[],"managedFields":[],"deletionTimestamp":null},
         "data":{}}
        """#)
        #expect(MetadataPruning.prune(patched) == (try JSONValue.parse(
            #"{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c"},"data":{}}"#)))
    }

    @Test func keepsWhatHasContent() throws {
        let object = try JSONValue.parse(#"{"metadata":{"name":"c","labels":{"a":"b"},"annotations":{"x":""}},"spec":{"template":{"metadata":{"labels":{}}}}}"#)
        #expect(MetadataPruning.prune(object) == object)
        #expect(MetadataPruning.prune(.array([])) == .array([]))
    }
}
