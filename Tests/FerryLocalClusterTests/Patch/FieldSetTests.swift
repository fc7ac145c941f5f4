import FerryKube
import FerryLocalCluster
import Testing

@Suite struct FieldSetTests {
    static let nginx = FieldPathElement.key(["name": "nginx"])
    static let containers = FieldPath(fields: "spec", "template", "spec", "containers")
    static let image = containers.appending(nginx).appending(.field("image"))

    @Test func pathsPrintAsConflictMessagesDo() {
        #expect(Self.image.description == #".spec.template.spec.containers[name="nginx"].image"#)
        let port = FieldPath([.field("ports"), .key(["protocol": "TCP", "containerPort": 80])])
        #expect(port.description == #".ports[containerPort=80,protocol="TCP"]"#)
        #expect(FieldPath([.field("finalizers"), .value("example.com/x")]).description == #".finalizers[="example.com/x"]"#)
        #expect(FieldPath([.field("args"), .index(2)]).description == ".args[2]")
    }

    @Test func membershipIsExact() {
        var set = FieldSet()
        set.insert(Self.image)
        set.insert(FieldPath([]))
        #expect(set.count == 1)
        #expect(set.contains(Self.image))
        #expect(!set.contains(Self.containers))
        #expect(set.containsAnything(at: Self.containers))
        #expect(set.containsAnything(at: Self.image))
        #expect(!set.containsAnything(at: FieldPath(fields: "metadata")))
        #expect(!FieldSet().containsAnything(at: FieldPath([])))
    }

    @Test func algebra() {
        let replicas = FieldPath(fields: "spec", "replicas")
        let element = Self.containers.appending(Self.nginx)
        let left = FieldSet([replicas, element, Self.image])
        let right = FieldSet([Self.image, FieldPath(fields: "metadata", "labels", "app")])
        #expect(left.union(right) == FieldSet([replicas, element, Self.image, FieldPath(fields: "metadata", "labels", "app")]))
        #expect(left.intersection(right) == FieldSet([Self.image]))
        #expect(left.subtracting(right) == FieldSet([replicas, element]))
        // Removing a parent does not remove what is below it.
        #expect(FieldSet([Self.image]).subtracting(FieldSet([element])) == FieldSet([Self.image]))
        #expect(left.subtracting(left).isEmpty)
        #expect(left.subtracting(left) == FieldSet())
    }

    @Test func pathsComeInUpstreamOrder() {
        let set = FieldSet([
            FieldPath(fields: "spec", "template", "spec", "containers"),
            Self.image,
            Self.containers.appending(Self.nginx),
            FieldPath(fields: "spec", "replicas"),
            FieldPath(fields: "metadata", "labels", "app"),
        ])
        #expect(set.paths.map(\.description) == [
            ".metadata.labels.app",
            ".spec.replicas",
            ".spec.template.spec.containers",
            #".spec.template.spec.containers[name="nginx"]"#,
            #".spec.template.spec.containers[name="nginx"].image"#,
        ])
    }

    @Test func fieldsV1RoundTripsTheManagedFieldsShape() throws {
        let text = #"""
        {"f:metadata":{"f:labels":{"f:app":{}}},
         "f:spec":{"f:template":{"f:spec":{"f:containers":{"k:{\"name\":\"nginx\"}":{".":{},"f:image":{},"f:name":{}}}}}}}
        """#
        let json = try JSONValue.parse(text)
        let set = try FieldSet(fieldsV1: json)
        #expect(set == FieldSet([
            FieldPath(fields: "metadata", "labels", "app"),
            Self.containers.appending(Self.nginx),
            Self.image,
            Self.containers.appending(Self.nginx).appending(.field("name")),
        ]))
        #expect(set.fieldsV1 == json)
    }

    /// fieldsV1 keys and the steps they stand for.
    static let keys: [(String, FieldPathElement)] = [
        ("f:image", .field("image")),
        ("f:kubectl.kubernetes.io/last-applied-configuration", .field("kubectl.kubernetes.io/last-applied-configuration")),
        (#"k:{"name":"nginx"}"#, .key(["name": "nginx"])),
        (#"k:{"containerPort":80,"protocol":"TCP"}"#, .key(["protocol": "TCP", "containerPort": 80])),
        (#"v:"example.com/finalizer""#, .value("example.com/finalizer")),
        ("i:3", .index(3)),
    ]

    @Test(arguments: keys)
    func fieldsV1Keys(key: String, element: FieldPathElement) throws {
        #expect(element.fieldsV1Key == key)
        #expect(try FieldPathElement(fieldsV1Key: key) == element)
    }

    @Test func unknownStepsAreSkippedAndMalformedOnesRejected() throws {
        let set = try FieldSet(fieldsV1: try JSONValue.parse(#"{"f:spec":{"f:replicas":{},"x:future":{}}}"#))
        #expect(set == FieldSet([FieldPath(fields: "spec", "replicas")]))
        for bad in [#"{"f":{}}"#, #"{"k:{nope":{}}"#, #"{"k:[1]":{}}"#, #"{"i:x":{}}"#, #"{"f:a":1}"#, "[]"] {
            #expect(throws: PatchError.self) { try FieldSet(fieldsV1: try JSONValue.parse(bad)) }
        }
    }

    @Test func emptyFieldsV1IsTheEmptySet() throws {
        #expect(try FieldSet(fieldsV1: .object([:])).isEmpty)
        #expect(FieldSet().fieldsV1 == .object([:]))
    }
}
