import FerryKube
@testable import FerryLocalCluster
import Testing

/// The walks admission runs on every write take the resolved ``SchemaIndex`` and skip
/// what cannot matter; on thousands of damaged real objects they must say exactly what
/// the plain walks say.
@Suite("Schema fast paths agree with the plain walks")
struct SchemaFastPathTests {
    /// Real objects of many kinds, as written and as admission sees them after defaults.
    static func samples() -> [(ResourceType, JSONValue)] {
        var samples: [(ResourceType, JSONValue)] = [(ResourceCatalog.deployments, RealManifests.deployment)] + RealManifests.others
        samples.append((ResourceCatalog.deployments, deploymentBody()))
        samples.append((ResourceCatalog.customResourceDefinitions, Widgets.definition(group: "fast.example.com")))
        samples.append((ResourceCatalog.secrets, ["apiVersion": "v1", "kind": "Secret", "metadata": ["name": "creds"],
                                                  "type": "Opaque", "data": ["token": "aGVsbG8=", "other": "d29ybGQ="]]))
        samples.append((ResourceCatalog.configMaps, ["apiVersion": "v1", "kind": "ConfigMap", "metadata": ["name": "settings"],
                                                     "data": ["a": "1"], "binaryData": ["b": "aGVsbG8="]]))
        samples.append((ResourceCatalog.pods, ["apiVersion": "v1", "kind": "Pod", "metadata": ["name": "p"],
                                               "spec": ["containers": [["name": "c", "image": "i", "ports": [["containerPort": 80]]]]],
                                               "status": ["phase": "Running", "conditions": [["type": "Ready"]]]]))
        let defaulted = samples.map { resource, body in
            var object = body
            Defaults.apply(to: &object, resource: resource, key: StoreKey(resource, namespace: "spark", name: "x"))
            return (resource, object)
        }
        return samples + defaulted
    }

    @Test("schema rules: the same errors, in the same order, as the plain walk over every declared field")
    func schemaRules() throws {
        var random = SplitMix64(seed: 12)
        var reported = 0
        var compared = 0
        for (resource, body) in Self.samples() {
            let node = try #require(SchemaIndex.node(for: resource))
            let definition = try #require(SchemaCatalog.definition(for: resource))
            #expect(SchemaRules.errors(body, node: node) == SchemaRulesReference.errors(body, definition: definition))
            for _ in 0..<300 {
                let object = ObjectMutations.mutated(body, &random)
                let expected = SchemaRulesReference.errors(object, definition: definition)
                #expect(SchemaRules.errors(object, node: node) == expected, "\(resource.kind): \(object)")
                compared += 1
                if !expected.isEmpty { reported += 1 }
            }
        }
        // The damage must have drawn errors often enough for the comparison to mean something.
        #expect(reported > compared / 10)
    }

    @Test("unknown fields: a body the quick check passes is one the full walk finds nothing in and leaves as it is")
    func unknownFieldCheck() throws {
        var random = SplitMix64(seed: 34)
        var clean = 0
        var dirty = 0
        for (resource, body) in Self.samples() {
            let node = try #require(SchemaIndex.node(for: resource))
            for index in 0..<300 {
                let object = index == 0 ? body : ObjectMutations.mutated(body, &random)
                let (pruned, walk) = SchemaWalk.walk(object, definition: node.definition)
                let found = !walk.unknown.isEmpty || !walk.mismatches.isEmpty || !walk.invalidBase64.isEmpty
                #expect(SchemaWalk.isClean(object, node: node) == !found, "\(resource.kind): \(object)")
                if found { dirty += 1 } else { clean += 1; #expect(pruned == object) }
            }
        }
        #expect(clean > 100 && dirty > 100)
    }

    @Test("the index resolves every definition of the catalog, with its fields in order")
    func indexCoversCatalog() throws {
        for (name, definition) in SchemaCatalog.definitions where definition.scalar == nil {
            let node = try #require(SchemaIndex.nodes[name])
            #expect(node.fields.map(\.name) == definition.fields.map(\.name))
            for field in definition.fields { #expect(node.field(field.name)?.name == field.name) }
        }
        for resource in [ResourceCatalog.deployments, ResourceCatalog.services, ResourceCatalog.customResourceDefinitions] {
            #expect(SchemaIndex.node(for: resource)?.definition.name == SchemaCatalog.definition(for: resource)?.name)
        }
    }
}
