import Foundation

/// A request's query string, decoded as Go's `url.ParseQuery` does: `+` is a space
/// and `%XX` a byte. Foundation's `URLComponents` leaves `+` alone, which would turn
/// `tier+in+%28be%2Cfe%29` into a selector that matches nothing.
struct QueryParameters: Sendable {
    private var values: [String: [String]] = [:]

    init(_ query: String?) {
        guard let query, !query.isEmpty else { return }
        for pair in query.split(separator: "&", omittingEmptySubsequences: true) {
            let key: Substring, value: Substring
            if let equals = pair.firstIndex(of: "=") {
                key = pair[..<equals]
                value = pair[pair.index(after: equals)...]
            } else {
                key = pair
                value = ""
            }
            values[Self.decode(key), default: []].append(Self.decode(value))
        }
    }

    static func decode(_ text: Substring) -> String {
        // Most parameters (fieldManager=ferry, force=true) have nothing to decode, and
        // Foundation's replacing and percent-decoding cost more than the rest of parsing.
        if !text.utf8.contains(where: { $0 == UInt8(ascii: "+") || $0 == UInt8(ascii: "%") }) { return String(text) }
        let spaced = text.replacingOccurrences(of: "+", with: " ")
        return spaced.removingPercentEncoding ?? spaced
    }

    /// The first value of a parameter.
    subscript(_ name: String) -> String? { values[name]?.first }

    /// Every value of a parameter (`dryRun=All&dryRun=All`).
    func all(_ name: String) -> [String] { values[name] ?? [] }

    /// A boolean parameter: `true`/`1` or `false`/`0`; absent or empty is nil.
    func bool(_ name: String) throws(APIError) -> Bool? {
        guard let text = self[name], !text.isEmpty else { return nil }
        switch text.lowercased() {
        case "true", "1": return true
        case "false", "0": return false
        default: throw .badRequest("invalid value \"\(text)\" for query parameter \(name): expected true or false")
        }
    }

    /// A non-negative integer parameter; absent or empty is nil.
    func integer(_ name: String) throws(APIError) -> Int? {
        guard let text = self[name], !text.isEmpty else { return nil }
        guard let number = Int(text), number >= 0 else {
            throw .badRequest("invalid value \"\(text)\" for query parameter \(name): expected a non-negative integer")
        }
        return number
    }
}
