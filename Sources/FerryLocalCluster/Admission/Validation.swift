import FerryKube

/// The API server's validation of built-in kinds (upstream's `pkg/apis/*/validation`),
/// written here independently of Ferry's client-side validator so each checks the
/// other. Runs on the object about to be stored, after defaulting; `old` is the
/// stored object on an update (immutable fields).
enum Validation {
    static func errors(_ object: JSONValue, old: JSONValue?, resource: ResourceType) -> [FieldError] {
        var errors = meta(object, old: old, resource: resource)
        if let node = SchemaIndex.node(for: resource) {
            errors += SchemaRules.errors(object, node: node)
        }
        switch (resource.group, resource.kind) {
        case ("apps", "Deployment"), ("apps", "ReplicaSet"), ("apps", "StatefulSet"), ("apps", "DaemonSet"):
            errors += workload(object, old: old, kind: resource.kind)
        case ("batch", "Job"):
            errors += job(object, old: old, path: "spec")
        case ("batch", "CronJob"):
            errors += cronJob(object, old: old)
        case ("", "Pod"):
            errors += PodRules.spec(object["spec"], path: "spec", restartPolicies: nil)
        case ("", "Service"):
            errors += service(object, old: old)
        case ("", "ConfigMap"), ("", "Secret"):
            errors += configData(object, old: old, kind: resource.kind)
        case ("", "PersistentVolumeClaim"):
            errors += persistentVolumeClaim(object, old: old)
        default:
            break
        }
        return errors
    }

    /// ObjectMeta: the name's syntax for the kind, label and annotation syntax.
    static func meta(_ object: JSONValue, old: JSONValue?, resource: ResourceType) -> [FieldError] {
        var errors: [FieldError] = []
        let metadata = object["metadata"] ?? [:]
        if let name = metadata["name"]?.string, !name.isEmpty, let detail = NameSyntax.objectName(name, resource: resource) {
            errors.append(.invalid("metadata.name", .string(name), detail))
        }
        errors += labels(metadata["labels"], path: "metadata.labels")
        errors += annotations(metadata["annotations"], path: "metadata.annotations")
        return errors
    }

    static func labels(_ labels: JSONValue?, path: String) -> [FieldError] {
        guard let members = labels?.object, !members.isEmpty else { return [] }
        // Nearly every set of labels is valid: it is checked as it is, and sorted (for
        // upstream's order of errors) only when there is something to report.
        if members.allSatisfy({ key, value in
            NameSyntax.qualifiedName(key) == nil && value.string.map({ NameSyntax.labelValue($0) == nil }) ?? true
        }) {
            return []
        }
        var errors: [FieldError] = []
        for (key, value) in members.sorted(by: { $0.key < $1.key }) {
            if let detail = NameSyntax.qualifiedName(key) { errors.append(.invalid(path, .string(key), detail)) }
            if let text = value.string, let detail = NameSyntax.labelValue(text) {
                errors.append(.invalid("\(path).\(key)", .string(text), detail))
            }
        }
        return errors
    }

    static func annotations(_ annotations: JSONValue?, path: String) -> [FieldError] {
        guard let members = annotations?.object else { return [] }
        var errors: [FieldError] = []
        // Upstream checks each key lower-cased; an ASCII key without capitals is its own.
        func keyError(_ key: String) -> String? {
            let plain = key.utf8.allSatisfy { $0 < 0x80 && !($0 >= UInt8(ascii: "A") && $0 <= UInt8(ascii: "Z")) }
            return NameSyntax.qualifiedName(plain ? key : key.lowercased())
        }
        // Sorted, for upstream's order of errors, only when there is one to report.
        if members.keys.contains(where: { keyError($0) != nil }) {
            for key in members.keys.sorted() {
                if let detail = keyError(key) { errors.append(.invalid(path, .string(key), detail)) }
            }
        }
        let total = members.reduce(0) { $0 + $1.key.utf8.count + ($1.value.string?.utf8.count ?? 0) }
        if total > 256 * 1024 {
            errors.append(FieldError(field: path, kind: .tooLong, value: nil, detail: "may not be more than 262144 bytes"))
        }
        return errors
    }

    /// `field is immutable` when the value at `path` changed on update.
    static func immutable(_ object: JSONValue, old: JSONValue?, _ path: [String], rendered: (JSONValue?) -> String? = { _ in nil }) -> [FieldError] {
        guard let old, object[path: path] != old[path: path] else { return [] }
        let value = object[path: path]
        return [.immutable(path.joined(separator: "."), value, rendered: rendered(value))]
    }

    // Paths are autoclosures: written only for the error, not for each value checked.
    static func nonNegative(_ value: JSONValue?, _ path: @autoclosure () -> String) -> [FieldError] {
        guard let number = value?.int, number < 0 else { return [] }
        return [.invalid(path(), .int(number), "must be greater than or equal to 0")]
    }

    static func portNumber(_ value: JSONValue?, _ path: @autoclosure () -> String) -> [FieldError] {
        guard let number = value?.int, !(1...65535).contains(number) else { return [] }
        return [.invalid(path(), .int(number), "must be between 1 and 65535, inclusive")]
    }
}
