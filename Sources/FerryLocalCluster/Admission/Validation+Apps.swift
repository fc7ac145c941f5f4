import FerryKube

/// apps/v1 validation: selectors and templates, replicas, rolling-update bounds, and
/// what may not change once created.
extension Validation {
    static func workload(_ object: JSONValue, old: JSONValue?, kind: String) -> [FieldError] {
        guard let spec = object["spec"], spec.object != nil else { return [.required("spec")] }
        var errors: [FieldError] = []
        errors += selectorAndTemplate(spec, kind: kind)
        // A StatefulSet's pods also mount the claims made from its volumeClaimTemplates.
        let claims = Set((spec["volumeClaimTemplates"]?.array ?? []).compactMap { $0[path: ["metadata", "name"]]?.string })
        errors += PodRules.spec(spec[path: ["template", "spec"]], path: "spec.template.spec", restartPolicies: ["Always"],
                                claimTemplates: claims)
        errors += labels(spec[path: ["template", "metadata", "labels"]], path: "spec.template.metadata.labels")
        for field in ["replicas", "minReadySeconds", "revisionHistoryLimit"] {
            errors += nonNegative(spec[field], "spec.\(field)")
        }
        switch kind {
        case "Deployment": errors += deploymentStrategy(spec)
        case "DaemonSet":
            if let rolling = spec[path: ["updateStrategy", "rollingUpdate"]] {
                errors += rollingBounds(rolling, path: "spec.updateStrategy.rollingUpdate", surgeAllowed: true)
            }
        case "StatefulSet":
            errors += nonNegative(spec[path: ["updateStrategy", "rollingUpdate", "partition"]], "spec.updateStrategy.rollingUpdate.partition")
        default: break
        }
        guard let old else { return errors }
        errors += immutable(object, old: old, ["spec", "selector"], rendered: Rendering.labelSelector)
        if kind == "StatefulSet" { errors += statefulSetUpdate(spec, old: old["spec"] ?? [:]) }
        return errors
    }

    /// The selector must select something, and the pods the template makes.
    static func selectorAndTemplate(_ spec: JSONValue, kind: String, templatePath: [String] = ["template"]) -> [FieldError] {
        guard let selector = spec["selector"], selector.object != nil else { return [] }  // Required is the schema's
        let isEmpty = (selector["matchLabels"]?.object ?? [:]).isEmpty && (selector["matchExpressions"]?.array ?? []).isEmpty
        if isEmpty {
            return [.invalid("spec.selector", rendered: Rendering.labelSelector(selector),
                             "empty selector is invalid for \(kind.lowercased())")]
        }
        guard let parsed = try? LabelSelector(json: selector) else {
            return [.invalid("spec.selector", rendered: Rendering.labelSelector(selector), "invalid label selector")]
        }
        let labelsValue = spec[path: templatePath + ["metadata", "labels"]]
        let labels = (labelsValue?.object ?? [:]).compactMapValues(\.string)
        guard !parsed.matches(labels) else { return [] }
        let rendered = "map[string]string{" + labels.keys.sorted().map { "\(Rendering.quoted($0)):\(Rendering.quoted(labels[$0] ?? ""))" }
            .joined(separator: ", ") + "}"
        return [.invalid((["spec"] + templatePath + ["metadata", "labels"]).joined(separator: "."), rendered: labels.isEmpty ? "map[string]string(nil)" : rendered,
                         "`selector` does not match template `labels`")]
    }

    private static func deploymentStrategy(_ spec: JSONValue) -> [FieldError] {
        var errors: [FieldError] = []
        let strategy = spec["strategy"] ?? [:]
        let rolling = strategy["rollingUpdate"]
        if strategy["type"]?.string == "Recreate", let rolling, !rolling.isNull {
            errors.append(.forbidden("spec.strategy.rollingUpdate", "may not be specified when strategy `type` is 'Recreate'"))
        }
        if let rolling, !rolling.isNull {
            errors += rollingBounds(rolling, path: "spec.strategy.rollingUpdate", surgeAllowed: true)
        }
        if let deadline = spec["progressDeadlineSeconds"]?.int {
            errors += nonNegative(.int(deadline), "spec.progressDeadlineSeconds")
            if let minReady = spec["minReadySeconds"]?.int, deadline <= minReady {
                errors.append(.invalid("spec.progressDeadlineSeconds", .int(deadline), "must be greater than minReadySeconds"))
            }
        }
        return errors
    }

    /// `maxSurge`/`maxUnavailable`: a non-negative count or a percentage, not both zero,
    /// and no more than everything unavailable.
    static func rollingBounds(_ rolling: JSONValue, path: String, surgeAllowed: Bool) -> [FieldError] {
        var errors: [FieldError] = []
        let surge = rolling["maxSurge"]
        let unavailable = rolling["maxUnavailable"]
        errors += intOrPercent(surge, "\(path).maxSurge")
        errors += intOrPercent(unavailable, "\(path).maxUnavailable")
        if let unavailable, let percent = PercentValue.percent(unavailable), percent > 100 {
            errors.append(.invalid("\(path).maxUnavailable", unavailable, "must not be greater than 100%"))
        }
        if let unavailable, let surge, PercentValue.isZero(unavailable), PercentValue.isZero(surge) {
            errors.append(.invalid("\(path).maxUnavailable", unavailable, "may not be 0 when `maxSurge` is 0"))
        }
        return errors
    }

    static func intOrPercent(_ value: JSONValue?, _ path: @autoclosure () -> String) -> [FieldError] {
        guard let value, !value.isNull else { return [] }
        if let number = value.int { return nonNegative(.int(number), path()) }
        if PercentValue.percent(value) == nil {
            return [.invalid(path(), value, "a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')")]
        }
        return []
    }

    /// Only some StatefulSet fields may change after creation.
    private static func statefulSetUpdate(_ spec: JSONValue, old: JSONValue) -> [FieldError] {
        let mutable: Set<String> = ["replicas", "ordinals", "template", "updateStrategy", "persistentVolumeClaimRetentionPolicy",
                                    "minReadySeconds", "revisionHistoryLimit"]
        var new = spec.object ?? [:]
        var previous = old.object ?? [:]
        for field in mutable {
            new[field] = nil
            previous[field] = nil
        }
        guard JSONValue.object(new) != JSONValue.object(previous) else { return [] }
        return [.forbidden("spec", "updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden")]
    }
}

/// `intstr.IntOrString` values read as upstream's validation reads them.
enum PercentValue {
    /// The percentage of a `"25%"` string; nil for anything else.
    static func percent(_ value: JSONValue) -> Int? {
        guard let text = value.string else { return nil }
        let bytes = text.utf8
        if bytes.allSatisfy({ $0 < 0x80 }) {
            // ASCII: the same checks by byte (an ASCII digit is the only ASCII number).
            guard bytes.count > 1, bytes.last == UInt8(ascii: "%"),
                  bytes.dropLast().allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }) else { return nil }
            return Int(text.dropLast())
        }
        return percent(byCharacters: text)
    }

    /// The general reading, character by character.
    static func percent(byCharacters text: String) -> Int? {
        guard text.hasSuffix("%"), text.count > 1 else { return nil }
        let digits = text.dropLast()
        guard digits.allSatisfy(\.isASCII), digits.allSatisfy(\.isNumber) else { return nil }
        return Int(digits)
    }

    static func isZero(_ value: JSONValue) -> Bool {
        value.int == 0 || percent(value) == 0
    }
}
