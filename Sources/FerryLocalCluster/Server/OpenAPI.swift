import Crypto
import FerryKube

/// The OpenAPI documents: v3 per group version (`kubectl explain`, and apply's
/// choice of server-side validation) and Swagger 2.0, both built from the schema
/// model (``SchemaCatalog``) so they describe exactly what admission checks.
///
/// Each kind has a PATCH operation that declares the `fieldValidation` query
/// parameter: seeing it, kubectl leaves validation to the server (sending
/// `fieldValidation=Strict`) as it does against a real API server. No request body
/// is declared, so kubectl builds strategic merge patches from its compiled-in
/// types rather than from these documents.
enum OpenAPI {
    struct GroupVersion: Hashable, Sendable {
        var group: String
        var version: String

        /// `api/v1` or `apis/GROUP/VERSION`, the document's key in the v3 root.
        var key: String { group.isEmpty ? "api/\(version)" : "apis/\(group)/\(version)" }
    }

    static let info: JSONValue = ["title": "Kubernetes", "version": "v1.32.0-ferry"]

    /// Every group version's v3 document. `extra` adds schemas (by upstream-style
    /// name, with their `x-kubernetes-group-version-kind`) to a group version: the hook
    /// for custom resources, whose schemas come from their CRDs at run time.
    static func documents(extra: [GroupVersion: [String: JSONValue]] = [:]) -> [GroupVersion: JSONValue] {
        var documents: [GroupVersion: JSONValue] = [:]
        let served = ResourceCatalog.groupVersions.map { GroupVersion(group: $0.group, version: $0.version) }
        for groupVersion in Set(served).union(extra.keys) {
            let resources = Discovery.resources(group: groupVersion.group, version: groupVersion.version)
            var paths: [String: JSONValue] = [:]
            for resource in resources {
                let path = resource.namespaced
                    ? "\(resource.groupVersionPath)/namespaces/{namespace}/\(resource.plural)/{name}"
                    : "\(resource.groupVersionPath)/\(resource.plural)/{name}"
                paths[path] = ["patch": patchOperation(resource)]
            }
            let roots = resources.compactMap { SchemaCatalog.definition(for: $0)?.name }
            var schemas: [String: JSONValue] = [:]
            for name in SchemaDocument.closure(of: roots) {
                if let definition = SchemaCatalog.definitions[name] { schemas[name] = SchemaDocument.schema(definition, flavour: .v3) }
            }
            for (name, schema) in extra[groupVersion] ?? [:] { schemas[name] = schema }
            guard !paths.isEmpty || !schemas.isEmpty else { continue }
            documents[groupVersion] = [
                "openapi": "3.0.0", "info": info, "paths": .object(paths),
                "components": ["schemas": .object(schemas)],
            ]
        }
        return documents
    }

    /// `GET /openapi/v3`: where each document is, with a hash of its content so that
    /// kubectl's cache notices a change.
    static func rootIndex(of documents: [GroupVersion: JSONValue]) -> JSONValue {
        var paths: [String: JSONValue] = [:]
        for (groupVersion, document) in documents {
            paths[groupVersion.key] = ["serverRelativeURL": .string("/openapi/v3/\(groupVersion.key)?hash=\(hashOf(document))")]
        }
        return ["paths": .object(paths)]
    }

    /// The built-in documents, built once.
    static let builtIn = documents()
    static let root: JSONValue = rootIndex(of: builtIn)

    /// `GET /openapi/v3/api/v1` or `/openapi/v3/apis/GROUP/VERSION`; nil when the
    /// group version is not served.
    static func document(group: String, version: String) -> JSONValue? {
        builtIn[GroupVersion(group: group, version: version)]
    }

    /// `GET /openapi/v2`: one Swagger 2.0 document with every definition.
    static let swagger: JSONValue = {
        var definitions: [String: JSONValue] = [:]
        for (name, definition) in SchemaCatalog.definitions { definitions[name] = SchemaDocument.schema(definition, flavour: .v2) }
        var paths: [String: JSONValue] = [:]
        for resource in ResourceCatalog.all {
            let path = resource.namespaced
                ? "\(resource.groupVersionPath)/namespaces/{namespace}/\(resource.plural)/{name}"
                : "\(resource.groupVersionPath)/\(resource.plural)/{name}"
            paths[path] = ["patch": patchOperation(resource, v2: true)]
        }
        return ["swagger": "2.0", "info": info, "paths": .object(paths), "definitions": .object(definitions)]
    }()

    private static func patchOperation(_ resource: ResourceType, v2: Bool = false) -> JSONValue {
        let queryParameters: [JSONValue] = ["dryRun", "fieldManager", "fieldValidation", "force"].map { name in
            let type: JSONValue = name == "force" ? "boolean" : "string"
            return v2 ? ["name": .string(name), "in": "query", "type": type, "uniqueItems": true]
                      : ["name": .string(name), "in": "query", "schema": ["type": type, "uniqueItems": true]]
        }
        return [
            "operationId": .string("patch\(resource.kind)"),
            "x-kubernetes-action": "patch",
            "x-kubernetes-group-version-kind": [
                "group": .string(resource.group), "version": .string(resource.version), "kind": .string(resource.kind),
            ],
            "parameters": .array(queryParameters),
            "responses": ["200": ["description": "OK"], "201": ["description": "Created"]],
        ]
    }

    private static func hashOf(_ document: JSONValue) -> String {
        SHA256.hash(data: document.serialized()).map { byte in
            let hex = String(byte, radix: 16, uppercase: true)
            return byte < 16 ? "0" + hex : hex
        }.joined()
    }
}
