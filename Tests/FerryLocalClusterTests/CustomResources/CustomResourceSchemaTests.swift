import FerryKube
import FerryLocalCluster
import Foundation
import Testing

/// Structural schemas at work: validation with the API server's messages, pruning of
/// unknown fields reported per `fieldValidation`, defaults, and the printer columns.
@Suite("Custom resource schemas")
struct CustomResourceSchemaTests {
    static let group = "schema.example.com"

    @Test("invalid custom resources are refused with upstream's messages, and nothing is stored", arguments: [
        (#"{"name": "w", "size": "big"}"#, #"spec.size: Invalid value: "string": spec.size in body must be of type integer: "string""#),
        (#"{"name": "w", "color": "pink"}"#, #"spec.color: Unsupported value: "pink": supported values: "red", "blue""#),
        (#"{"size": 2}"#, "spec.name: Required value"),
        (#"{"name": "w", "size": 11}"#, "spec.size: Invalid value: 11: spec.size in body should be less than or equal to 10"),
        (#"{"name": "w", "size": 0}"#, "spec.size: Invalid value: 0: spec.size in body should be greater than or equal to 1"),
        (#"{"name": ""}"#, #"spec.name: Invalid value: "": spec.name in body should be at least 1 chars long"#),
        (#"{"name": "w", "port": true}"#, #"spec.port: Invalid value: "boolean": spec.port in body must be of type integer or string: "boolean""#),
        (#"{"name": "w", "tags": [1]}"#, #"spec.tags[0]: Invalid value: "integer": spec.tags[0] in body must be of type string: "integer""#),
    ])
    func invalid(_ spec: String, _ message: String) async throws {
        let cluster = try await ServedCluster.start()
        try await cluster.establish(Widgets.definition(group: Self.group))
        let body = Widgets.widget("w1", group: Self.group, spec: try JSONValue.parse(spec))
        let reply = try await cluster.client.send(.POST, Widgets.collection(Self.group), json: body)
        #expect(reply.status == 422, "\(reply)")
        #expect(reply.json["message"]?.string == "Widget.\(Self.group) \"w1\" is invalid: \(message)")
        #expect(reply.json[path: ["details", "kind"]] == "Widget")
        #expect(reply.json[path: ["details", "causes"]]?.array?.first?["field"]?.string == message.split(separator: ":").first.map(String.init))
        #expect(try await cluster.client.get(Widgets.collection(Self.group) + "/w1").status == 404)
        await cluster.stop()
    }

    @Test("unknown fields are pruned: Strict refuses them, Warn warns, Ignore is silent; preserved ones stay")
    func pruning() async throws {
        let cluster = try await ServedCluster.start()
        try await cluster.establish(Widgets.definition(group: Self.group))
        let collection = Widgets.collection(Self.group)
        let spec: JSONValue = ["name": "w", "extra": 1, "ports": [["name": "a", "stray": true]], "settings": ["anything": ["goes": 1]]]

        let strict = try await cluster.client.send(.POST, collection + "?fieldValidation=Strict", json: Widgets.widget("s", group: Self.group, spec: spec))
        #expect(strict.status == 400, "\(strict)")
        #expect(strict.json["message"] == #"Widget in version "v1" cannot be handled as a Widget: strict decoding error: unknown field "spec.extra", unknown field "spec.ports[0].stray""#)
        #expect(try await cluster.client.get(collection + "/s").status == 404)

        let warned = try await cluster.client.send(.POST, collection + "?fieldValidation=Warn", json: Widgets.widget("w", group: Self.group, spec: spec))
        #expect(warned.status == 201)
        #expect(warned.headers.filter { $0.name.lowercased() == "warning" }.map(\.value)
            == [#"299 - "unknown field \"spec.extra\"""#, #"299 - "unknown field \"spec.ports[0].stray\"""#])
        let stored = try await cluster.client.get(collection + "/w").json
        #expect(stored[path: ["spec", "extra"]] == nil)
        #expect(stored[path: ["spec", "ports"]] == [["name": "a"]])
        #expect(stored[path: ["spec", "settings"]] == ["anything": ["goes": 1]])
        #expect(stored[path: ["spec", "size"]] == 3, "the schema's default")

        let ignored = try await cluster.client.send(.POST, collection + "?fieldValidation=Ignore", json: Widgets.widget("i", group: Self.group, spec: spec))
        #expect(ignored.status == 201)
        #expect(!ignored.headers.contains { $0.name.lowercased() == "warning" })
        #expect(ignored.json[path: ["spec", "extra"]] == nil)

        // A patch that adds an unknown field is pruned too.
        let patched = try await cluster.client.send(
            .PATCH, collection + "/w?fieldValidation=Strict", json: ["spec": ["bogus": 1]], contentType: "application/merge-patch+json")
        #expect(patched.status == 400)
        #expect(patched.json["message"]?.string?.contains(#"unknown field "spec.bogus""#) == true)
        await cluster.stop()
    }

    @Test("a Table lists Name and the additionalPrinterColumns; date columns show an age")
    func table() async throws {
        let cluster = try await ServedCluster.start()
        try await cluster.establish(Widgets.definition(group: Self.group))
        _ = try await cluster.client.send(.POST, Widgets.collection(Self.group), json: Widgets.widget("w", group: Self.group))
        let table = try await cluster.client.get(Widgets.collection(Self.group), accept: "application/json;as=Table;v=v1;g=meta.k8s.io")
        #expect(table.json["kind"] == "Table", "\(table)")
        #expect(table.json["columnDefinitions"]?.array?.compactMap { $0["name"]?.string } == ["Name", "Size", "Color", "Age"])
        let cells = table.json["rows"]?.array?.first?["cells"]?.array ?? []
        #expect(cells.prefix(3) == ["w", 2, "red"])
        #expect(cells.last?.string?.hasSuffix("s") == true)
        await cluster.stop()
    }
}
