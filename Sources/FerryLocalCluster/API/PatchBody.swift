import FerryKube
import FerryYAML

/// Reads request bodies: JSON for patches, JSON or YAML for objects and apply configurations.
enum PatchBody {
    static func parse(_ bytes: [UInt8], type: PatchType) throws(APIError) -> JSONValue {
        do {
            return try JSONValue.parse(bytes)
        } catch {
            throw .badRequest("the body of the \(type.rawValue) request could not be read: \(error)")
        }
    }

    /// kubectl sends apply configurations as JSON under a YAML content type; other
    /// clients send YAML. JSON is tried first since it is both faster and exact.
    static func parseApplied(_ bytes: [UInt8]) throws(APIError) -> JSONValue {
        try parseObject(bytes, what: "apply configuration")
    }

    /// One object, as JSON or as a single YAML document.
    static func parseObject(_ bytes: [UInt8], what: String = "object") throws(APIError) -> JSONValue {
        if let value = try? JSONValue.parse(bytes) {
            guard value.object != nil else { throw .badRequest("the \(what) must be a JSON object, got \(value.jsonText.prefix(40))") }
            return value
        }
        let documents: [YAMLDocument]
        do {
            documents = try YAML.parse(bytes)
        } catch let error as YAMLError {
            throw .badRequest("the \(what) is neither JSON nor YAML: \(error)")
        } catch {
            throw .badRequest("the \(what) is neither JSON nor YAML: \(error)")
        }
        let roots = documents.map(\.root).filter { !$0.isNull }
        guard roots.count == 1, let root = roots.first, root.entries != nil else {
            throw .badRequest("the \(what) must be exactly one YAML mapping")
        }
        return JSONValue(root)
    }
}
