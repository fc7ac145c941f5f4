import FerryKube
import Testing
@testable import FerryLocalCluster

/// The schema engine on its own: pruning paths, embedded resources, nullable, list types.
@Suite("Structural schemas")
struct StructuralSchemaTests {
    static let schema = StructuralSchema(Widgets.schema)

    @Test("pruning keeps the root's apiVersion, kind and metadata and reports dropped paths, list positions included")
    func pruningPaths() throws {
        var object: JSONValue = [
            "apiVersion": "x/v1", "kind": "Widget", "metadata": ["name": "w", "labels": ["a": "b"]], "top": 1,
            "spec": ["name": "w", "ports": [["name": "a"], ["name": "b", "odd": 2]]],
        ]
        let dropped = SchemaPruning.prune(&object, schema: Self.schema)
        #expect(dropped == ["spec.ports[1].odd", "top"])
        #expect(object["metadata"] == ["name": "w", "labels": ["a": "b"]])
        #expect(object[path: ["spec", "ports"]] == [["name": "a"], ["name": "b"]])
        #expect(object[path: ["spec", "size"]] == 3)
    }

    @Test("an embedded resource keeps its type meta; nullable admits null, others refuse it")
    func embeddedAndNullable() throws {
        let schema = StructuralSchema([
            "type": "object",
            "properties": [
                "template": ["type": "object", "x-kubernetes-embedded-resource": true, "properties": ["spec": ["type": "object"]]],
                "note": ["type": "string", "nullable": true],
                "count": ["type": "integer"],
            ],
        ])
        var object: JSONValue = ["template": ["apiVersion": "v1", "kind": "Pod", "metadata": ["name": "p"], "junk": 1],
                                 "note": .null, "count": .null]
        #expect(SchemaPruning.prune(&object, schema: schema) == ["template.junk"])
        #expect(object[path: ["template", "kind"]] == "Pod")
        let errors = SchemaValidator.errors(in: object, schema: schema)
        #expect(errors.map(\.field) == ["count"])
        #expect(errors.first?.message == #"Invalid value: "null": count in body must be of type integer: "null""#)
    }

    @Test("list types: a declared map keyed by its keys, everything else atomic")
    func listTypes() {
        #expect(Self.schema.listTypes() == [["spec", "ports"]: .map(keys: [ListKey("name")])])
    }
}
