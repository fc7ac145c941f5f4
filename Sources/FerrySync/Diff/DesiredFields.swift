import FerryKube

/// Whether a live object still holds every value a manifest sets: the test that lets
/// Ferry skip the server for an object it applied before and nobody has touched.
///
/// Only the fields the manifest names are compared, so server defaults and fields
/// other managers own are not drift. Resource quantities compare by value (`2000m`
/// equals `2`), since the API server stores them canonically.
public enum DesiredFields {
    public static func areHeld(_ desired: JSONValue, by live: JSONValue) -> Bool {
        isSubset(desired, of: live, path: [])
    }

    static func isSubset(_ desired: JSONValue, of live: JSONValue, path: [String]) -> Bool {
        switch (desired, live) {
        case (.object(let wanted), .object(let actual)):
            for (key, value) in wanted {
                if value == .null { if let present = actual[key], present != .null { return false } else { continue } }
                guard let actualValue = actual[key] else {
                    // An empty map or list in the manifest is the same as none.
                    if value.object?.isEmpty == true || value.array?.isEmpty == true { continue }
                    return false
                }
                if !isSubset(value, of: actualValue, path: path + [key]) { return false }
            }
            return true
        case (.array(let wanted), .array(let actual)):
            guard wanted.count == actual.count else { return false }
            return zip(wanted, actual).allSatisfy { isSubset($0, of: $1, path: path) }
        case (.int(let a), .double(let b)): return Double(a) == b
        case (.double(let a), .int(let b)): return a == Double(b)
        default:
            if desired == live { return true }
            if isQuantity(path), let a = quantity(desired), let b = quantity(live) { return a == b }
            return false
        }
    }

    /// `.../resources/requests/<name>` and `.../resources/limits/<name>`.
    static func isQuantity(_ path: [String]) -> Bool {
        path.count >= 3 && path[path.count - 3] == "resources" && ["requests", "limits"].contains(path[path.count - 2])
    }

    static func quantity(_ value: JSONValue) -> Quantity? {
        switch value {
        case .string(let text): return Quantity(text)
        case .int(let number): return Quantity(String(number))
        case .double: return Quantity(value.jsonText)
        default: return nil
        }
    }
}
