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
    static func documents(served: ServedResources = .builtInOnly, only: Set<GroupVersion>? = nil,
                          extra: [GroupVersion: [String: JSONValue]] = [:]) -> [GroupVersion: JSONValue] {
        var documents: [GroupVersion: JSONValue] = [:]
        let all = Set(served.groupVersions.map { GroupVersion(group: $0.group, version: $0.version) }).union(extra.keys)
        for groupVersion in only.map({ all.intersection($0) }) ?? all {
            let resources = Discovery.resources(group: groupVersion.group, version: groupVersion.version, served: served)
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
    static let builtInRoot: JSONValue = rootIndex(of: builtIn)

    /// Every document of a cluster: the built-in ones, and those of the group
    /// versions its CRDs serve, built afresh (CRDs change at run time).
    static func documents(for served: ServedResources) -> [GroupVersion: JSONValue] {
        guard !served.custom.isEmpty else { return builtIn }
        let custom = Set(served.custom.map { GroupVersion(group: $0.group, version: $0.version) })
        var all = builtIn
        for (groupVersion, document) in documents(served: served, only: custom, extra: customSchemas(served)) {
            all[groupVersion] = document
        }
        return all
    }

    /// Each custom resource's `openAPIV3Schema`, named as upstream names them
    /// (`com.example.v1.Widget`) and marked with its group, version and kind.
    static func customSchemas(_ served: ServedResources) -> [GroupVersion: [String: JSONValue]] {
        var schemas: [GroupVersion: [String: JSONValue]] = [:]
        for resource in served.custom {
            guard var schema = resource.custom?.schema?.raw else { continue }
            schema["x-kubernetes-group-version-kind"] = [[
                "group": .string(resource.group), "version": .string(resource.version), "kind": .string(resource.kind),
            ]]
            let name = (resource.group.split(separator: ".").reversed().map(String.init) + [resource.version, resource.kind])
                .joined(separator: ".")
            schemas[GroupVersion(group: resource.group, version: resource.version), default: [:]][name] = schema
        }
        return schemas
    }

    /// `GET /openapi/v3`.
    static func root(_ served: ServedResources) -> JSONValue {
        served.custom.isEmpty ? builtInRoot : rootIndex(of: documents(for: served))
    }

    /// `GET /openapi/v3/api/v1` or `/openapi/v3/apis/GROUP/VERSION`; nil when the
    /// group version is not served.
    static func document(group: String, version: String, served: ServedResources) -> JSONValue? {
        let key = GroupVersion(group: group, version: version)
        if let document = builtIn[key] { return document }
        guard served.custom.contains(where: { $0.group == group && $0.version == version }) else { return nil }
        return documents(served: served, only: [key], extra: customSchemas(served))[key]
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
