import FerryKube

/// A JSON pointer (RFC 6901): `/metadata/annotations/deployment.kubernetes.io~1revision`.
public struct JSONPointer: Sendable, Hashable, CustomStringConvertible {
    /// The unescaped reference tokens; empty for the whole document.
    public var tokens: [String]

    /// Creates a pointer from unescaped tokens.
    public init(tokens: [String]) { self.tokens = tokens }

    /// Parses the pointer text; `~1` stands for `/` and `~0` for `~`.
    public init(_ text: String) throws(PatchError) {
        if text.isEmpty {
            tokens = []
            return
        }
        guard text.first == "/" else {
            throw .badRequest("invalid JSON pointer \"\(text)\": it must be empty or start with \"/\"")
        }
        var parsed: [String] = []
        for raw in text.dropFirst().split(separator: "/", omittingEmptySubsequences: false) {
            parsed.append(try Self.unescape(raw, in: text))
        }
        tokens = parsed
    }

    /// The pointer text, escaped.
    public var description: String {
        tokens.map { token in
            var escaped = "/"
            for character in token {
                switch character {
                case "~": escaped += "~0"
                case "/": escaped += "~1"
                default: escaped.append(character)
                }
            }
            return escaped
        }.joined()
    }

    /// The pointer to the containing value; nil for the whole document.
    public var parent: JSONPointer? { tokens.isEmpty ? nil : JSONPointer(tokens: Array(tokens.dropLast())) }

    /// Whether `self` lies strictly inside `other`'s value.
    public func isStrictlyInside(_ other: JSONPointer) -> Bool {
        tokens.count > other.tokens.count && Array(tokens.prefix(other.tokens.count)) == other.tokens
    }

    /// Decoding in one left-to-right pass keeps `~01` as the literal `~1` (RFC 6901 §4).
    private static func unescape(_ raw: Substring, in text: String) throws(PatchError) -> String {
        guard raw.contains("~") else { return String(raw) }
        var result = ""
        var iterator = raw.makeIterator()
        while let character = iterator.next() {
            guard character == "~" else {
                result.append(character)
                continue
            }
            switch iterator.next() {
            case "0": result.append("~")
            case "1": result.append("/")
            default: throw .badRequest("invalid JSON pointer \"\(text)\": \"~\" must be followed by 0 or 1")
            }
        }
        return result
    }
}
