import FerryKube
import FerryLocalCluster
import Foundation
import Testing

/// The Widget CRD the custom resource tests serve, in a group of the test's own (the
/// list types of custom kinds are process-wide, see CustomListTypes).
enum Widgets {
    static func definition(group: String, scope: String = "Namespaced", plural: String = "widgets",
                           kind: String = "Widget", shortNames: [String] = ["wd"]) -> JSONValue {
        [
            "apiVersion": "apiextensions.k8s.io/v1", "kind": "CustomResourceDefinition",
            "metadata": ["name": .string("\(plural).\(group)")],
            "spec": [
                "group": .string(group), "scope": .string(scope),
                "names": ["plural": .string(plural), "singular": .string(kind.lowercased()), "kind": .string(kind),
                          "shortNames": .array(shortNames.map(JSONValue.string)), "categories": ["all"]],
                "versions": [[
                    "name": "v1", "served": true, "storage": true,
                    "schema": ["openAPIV3Schema": schema],
                    "subresources": ["status": [:], "scale": ["specReplicasPath": ".spec.replicas", "statusReplicasPath": ".status.replicas"]],
                    "additionalPrinterColumns": [
                        ["name": "Size", "type": "integer", "jsonPath": ".spec.size"],
                        ["name": "Color", "type": "string", "jsonPath": ".spec.color"],
                        ["name": "Age", "type": "date", "jsonPath": ".metadata.creationTimestamp"],
                    ],
                ]],
            ],
        ]
    }

    static let schema: JSONValue = [
        "type": "object",
        "properties": [
            "spec": [
                "type": "object", "required": ["name"],
                "properties": [
                    "name": ["type": "string", "minLength": 1, "maxLength": 20],
                    "size": ["type": "integer", "minimum": 1, "maximum": 10, "default": 3],
                    "color": ["type": "string", "enum": ["red", "blue"]],
                    "replicas": ["type": "integer"],
                    "port": ["x-kubernetes-int-or-string": true],
                    "tags": ["type": "array", "items": ["type": "string"]],
                    "ports": [
                        "type": "array", "x-kubernetes-list-type": "map", "x-kubernetes-list-map-keys": ["name"],
                        "items": ["type": "object", "required": ["name"],
                                  "properties": ["name": ["type": "string"], "number": ["type": "integer"]]],
                    ],
                    "settings": ["type": "object", "x-kubernetes-preserve-unknown-fields": true],
                ],
            ],
            "status": ["type": "object", "properties": ["ready": ["type": "boolean"], "replicas": ["type": "integer"]]],
        ],
    ]

    static func widget(_ name: String, group: String, spec: JSONValue = ["name": "first", "size": 2, "color": "red"],
                       labels: JSONValue? = nil) -> JSONValue {
        var object: JSONValue = ["apiVersion": .string("\(group)/v1"), "kind": "Widget", "metadata": ["name": .string(name)],
                                 "spec": spec]
        if let labels { object[path: ["metadata", "labels"]] = labels }
        return object
    }

    static func collection(_ group: String, namespace: String = "default") -> String {
        "/apis/\(group)/v1/namespaces/\(namespace)/widgets"
    }
}

extension ServedCluster {
    /// Creates a CRD and waits until the controller has established it and discovery serves it.
    @discardableResult
    func establish(_ definition: JSONValue, sourceLocation: Testing.SourceLocation = #_sourceLocation) async throws -> JSONValue {
        let created = try await client.send(.POST, "/apis/apiextensions.k8s.io/v1/customresourcedefinitions", json: definition)
        #expect(created.status == 201, "\(created)", sourceLocation: sourceLocation)
        let name = definition[path: ["metadata", "name"]]?.string ?? ""
        let group = definition[path: ["spec", "group"]]?.string ?? ""
        try await waitUntil(within: .seconds(30), sourceLocation: sourceLocation) {
            store.served.custom.contains { $0.group == group }
        }
        return try await client.get("/apis/apiextensions.k8s.io/v1/customresourcedefinitions/\(name)").json
    }
}

/// The condition of `type` in an object's status.
func statusCondition(_ object: JSONValue, _ type: String) -> JSONValue? {
    object[path: ["status", "conditions"]]?.array?.first { $0["type"]?.string == type }
}
