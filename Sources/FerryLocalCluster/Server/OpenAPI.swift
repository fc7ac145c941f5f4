import Crypto
import FerryKube

/// The OpenAPI v3 documents kubectl fetches before `apply` validates a manifest.
///
/// They are deliberately minimal: one PATCH operation per kind that declares the
/// `fieldValidation` query parameter. Seeing it, kubectl leaves validation to the
/// server (and sends `fieldValidation=Strict`) instead of failing with "failed to
/// download openapi". No request body schema is declared, so kubectl builds
/// strategic merge patches from its compiled-in types rather than from these
/// documents. `/openapi/v2` stays 404, which kubectl tolerates.
enum OpenAPI {
    /// `GET /openapi/v3`: where each group version's document is, with a hash of
    /// its content so that kubectl's cache notices a change.
    static func root(_ served: ServedResources) -> JSONValue {
        var paths: [String: JSONValue] = [:]
        for (group, version) in served.groupVersions {
            let key = group.isEmpty ? "api/\(version)" : "apis/\(group)/\(version)"
            let hash = document(group: group, version: version, served: served).map(hashOf) ?? ""
            paths[key] = ["serverRelativeURL": .string("/openapi/v3/\(key)?hash=\(hash)")]
        }
        return ["paths": .object(paths)]
    }

    /// `GET /openapi/v3/api/v1` or `/openapi/v3/apis/GROUP/VERSION`; nil when the
    /// group version is not served.
    static func document(group: String, version: String, served: ServedResources) -> JSONValue? {
        let resources = Discovery.resources(group: group, version: version, served: served)
        guard !resources.isEmpty else { return nil }
        var paths: [String: JSONValue] = [:]
        for resource in resources {
            let path = resource.namespaced
                ? "\(resource.groupVersionPath)/namespaces/{namespace}/\(resource.plural)/{name}"
                : "\(resource.groupVersionPath)/\(resource.plural)/{name}"
            paths[path] = ["patch": patchOperation(resource)]
        }
        return [
            "openapi": "3.0.0",
            "info": ["title": "Kubernetes", "version": "v1.32.0-ferry"],
            "paths": .object(paths),
        ]
    }

    private static func patchOperation(_ resource: ResourceType) -> JSONValue {
        let queryParameters: [JSONValue] = ["dryRun", "fieldManager", "fieldValidation", "force"].map { name in
            ["name": .string(name), "in": "query", "schema": ["type": name == "force" ? "boolean" : "string"]]
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
