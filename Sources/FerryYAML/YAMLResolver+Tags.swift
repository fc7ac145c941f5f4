extension YAMLResolver {
    /// The prefix libyaml gives `!!` tags.
    static let coreTagPrefix = "tag:yaml.org,2002:"

    /// The core tag libyaml spells `tag:yaml.org,2002:merge`.
    static let mergeTag = "tag:yaml.org,2002:merge"

    /// A tagged scalar's value (nil: a string made from the text), or go-yaml's complaint
    /// when the text is not of the tag's type.
    static func resolveTagged(tag: String, text: UnsafeBufferPointer<UInt8>) -> Result<YAMLNode.Value?, YAMLError> {
        guard tag.hasPrefix(coreTagPrefix) else { return .success(nil) }
        let expected = tag.dropFirst(coreTagPrefix.count)
        let found: Substring
        var value: YAMLNode.Value?
        switch expected {
        case "bool", "int", "float", "null", "timestamp":
            (found, value) = kind(of: text, timestampAllowed: expected == "timestamp")
        default:
            // !!str and !!binary are strings; go-yaml leaves tags it does not resolve
            // (!!merge, !!map, !!seq, !!set…) as the plain text too.
            return .success(nil)
        }
        if found == expected { return .success(value) }
        if expected == "float", found == "int", let number = value {
            switch number {
            case .int(let integer): return .success(.float(Double(integer)))
            default: return .success(number)
            }
        }
        var shown = String(decoding: text, as: UTF8.self)
        if shown.count > 60 { shown = String(shown.prefix(57)) + "..." }
        return .failure(YAMLError(mark: nil, message: "cannot decode !!\(found) `\(shown)` as a !!\(expected)"))
    }

    /// go-yaml's `resolve` with a tag: the type the text has, and its value.
    private static func kind(of text: UnsafeBufferPointer<UInt8>, timestampAllowed: Bool) -> (Substring, YAMLNode.Value?) {
        if timestampAllowed, GoTimestamp.isTimestamp(text) { return ("timestamp", nil) }
        // Through the number rules directly, to tell integers beyond Int64 (floats in
        // this model) from real floats.
        if let first = text.first, first &- UInt8(ascii: "0") < 10 || first == UInt8(ascii: "+") || first == UInt8(ascii: "-"),
           let number = GoNumber.resolve(text) {
            switch number {
            case .int, .wideInt: return ("int", number.value)
            case .float: return ("float", number.value)
            }
        }
        switch resolvePlain(text) {
        case nil, .string?: return ("str", nil)
        case .null?: return ("null", .null)
        case .bool(let flag)?: return ("bool", .bool(flag))
        case .int(let number)?: return ("int", .int(number))
        case .float(let number)?: return ("float", .float(number))
        case .sequence?, .mapping?: return ("str", nil)
        }
    }
}
