import FerryKube
import FerryYAML

/// Turning request bodies into what ``ResourceAPI`` takes, with the API server's
/// errors: 400 for a body that does not parse, 415 for a media type it does not
/// speak.
enum RequestDecoding {
    /// The largest body accepted, as the API server's 3 MiB limit.
    static let maxBodyBytes = 3 * 1024 * 1024

    /// The object of a POST or PUT. No Content-Type means JSON (kubectl's PUT of
    /// `/scale` sends none); YAML is accepted too, and protobuf for the kinds
    /// kubectl's typed clients create.
    static func object(_ bytes: [UInt8], contentType: String?) throws(APIError) -> JSONValue {
        let essence = contentType.map { MediaType($0).essence } ?? ""
        let value: JSONValue
        switch essence {
        case "", "application/json", "*/*":
            value = try json(bytes)
        case "application/yaml", "application/x-yaml", "text/yaml":
            value = try yaml(bytes)
        case KubernetesProtobuf.mediaType:
            value = try KubernetesProtobuf.decode(bytes)
        default:
            throw .unsupportedMediaType(contentType ?? "")
        }
        guard value.object != nil else { throw .badRequest("the request body must be a JSON object") }
        return value
    }

    /// The patch type named by a PATCH request's Content-Type.
    static func patchType(_ contentType: String?) throws(APIError) -> PatchType {
        guard let contentType, let type = PatchType(rawValue: MediaType(contentType).essence) else {
            throw .unsupportedMediaType(contentType ?? "")
        }
        return type
    }

    /// A PATCH body, checked: JSON for the three JSON patch types (a JSON patch
    /// must be an array, the others an object); an apply body is handed on as it is.
    static func patch(_ bytes: [UInt8], type: PatchType) throws(APIError) -> [UInt8] {
        switch type {
        case .json:
            guard try json(bytes).array != nil else { throw .badRequest("a JSON patch must be a JSON array of operations") }
            return bytes
        case .merge, .strategic:
            guard try json(bytes).object != nil else { throw .badRequest("a \(type.rawValue) body must be a JSON object") }
            return bytes
        case .apply:
            // JSON or YAML: the apply itself parses it (once) and says what is wrong with it.
            return bytes
        }
    }

    /// DeleteOptions from the body (may be empty) and the query, which kubectl uses
    /// interchangeably; the body wins.
    static func deleteOptions(_ bytes: [UInt8], contentType: String?, query: QueryParameters) throws(APIError) -> DeleteOptions {
        let isBlank = bytes.allSatisfy { $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }
        let isProtobuf = contentType.map { MediaType($0).essence == KubernetesProtobuf.mediaType } ?? false
        let body: JSONValue = isBlank ? [:] : isProtobuf ? try KubernetesProtobuf.decode(bytes) : try json(bytes)
        guard body.object != nil else { throw .badRequest("DeleteOptions must be a JSON object") }

        var options = DeleteOptions()
        let queryOrphan = try query.bool("orphanDependents")
        if (body["orphanDependents"]?.bool ?? queryOrphan) == true { options.propagation = .orphan }
        if let policy = body["propagationPolicy"]?.string ?? query["propagationPolicy"] {
            guard let propagation = DeleteOptions.Propagation(rawValue: policy) else {
                throw APIError(code: 422, reason: "Invalid",
                               message: "DeleteOptions.meta.k8s.io \"\" is invalid: propagationPolicy: Unsupported value: \"\(policy)\": supported values: \"Foreground\", \"Background\", \"Orphan\"")
            }
            options.propagation = propagation
        }
        let bodyDryRun = (body["dryRun"]?.array ?? []).compactMap(\.string)
        options.dryRun = try dryRun(bodyDryRun.isEmpty ? query.all("dryRun") : bodyDryRun)
        options.preconditionUID = body[path: ["preconditions", "uid"]]?.string
        options.preconditionResourceVersion = body[path: ["preconditions", "resourceVersion"]]?.string
        let queryGrace = try query.integer("gracePeriodSeconds")
        options.gracePeriodSeconds = body["gracePeriodSeconds"]?.int ?? queryGrace.map(Int64.init)
        return options
    }

    /// `dryRun=All` (the only value the API server knows).
    static func dryRun(_ values: [String]) throws(APIError) -> Bool {
        for value in values where value != "All" && !value.isEmpty {
            throw .badRequest("invalid dryRun value \"\(value)\": the only supported value is \"All\"")
        }
        return values.contains("All")
    }

    static func json(_ bytes: [UInt8]) throws(APIError) -> JSONValue {
        if bytes.isEmpty { throw .badRequest("the request body is empty") }
        do {
            return try JSONValue.parse(bytes)
        } catch {
            throw .badRequest("the request body is not valid JSON: \(error)")
        }
    }

    static func yaml(_ bytes: [UInt8]) throws(APIError) -> JSONValue {
        let documents: [YAMLDocument]
        do {
            documents = try YAML.parse(bytes)
            for document in documents { try YAML.validateJSONCompatible(document.root) }
        } catch {
            throw .badRequest("the request body is not valid YAML: \(error)")
        }
        guard documents.count == 1, let document = documents.first else {
            throw .badRequest("the request body must hold exactly one YAML document, found \(documents.count)")
        }
        return JSONValue(document.root)
    }
}
