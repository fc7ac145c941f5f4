/// A container image reference, checked against the grammar of the
/// distribution/reference package that container runtimes use:
/// `[host[:port]/]path[:tag][@algorithm:hex]`.
public struct ImageReference: Sendable, Hashable {
    public var domain: String?
    public var path: String
    public var tag: String?
    public var digest: String?

    /// Parses `text`, throwing a sentence that says what is wrong with it.
    public init(parsing text: String) throws(ImageReferenceError) {
        func fail(_ reason: String) -> ImageReferenceError { ImageReferenceError(reference: text, reason: reason) }
        if text.isEmpty { throw fail("is empty") }
        if text.contains(where: { $0.isWhitespace }) { throw fail("contains white space") }

        var rest = Substring(text)
        if let at = rest.firstIndex(of: "@") {
            let digest = String(rest[rest.index(after: at)...])
            guard Self.isDigest(digest) else {
                throw fail("has an invalid digest '\(digest)' (expected e.g. sha256: and 64 hex digits)")
            }
            self.digest = digest
            rest = rest[..<at]
        }
        let lastSlash = rest.lastIndex(of: "/")
        if let colon = rest.lastIndex(of: ":"), lastSlash.map({ colon > $0 }) ?? true {
            let tag = String(rest[rest.index(after: colon)...])
            guard Self.isTag(tag) else {
                throw fail("has an invalid tag '\(tag)' (letters, digits, '_', '.' and '-', at most 128, not starting with '.' or '-')")
            }
            self.tag = tag
            rest = rest[..<colon]
        }
        if rest.utf8.count > 255 { throw fail("has a repository name longer than 255 characters") }

        var components = rest.split(separator: "/", omittingEmptySubsequences: false)
        if components.count > 1, let first = components.first,
           first.contains(".") || first.contains(":") || first == "localhost" {
            guard Self.isDomain(first) else { throw fail("has an invalid registry host '\(first)'") }
            domain = String(first)
            components.removeFirst()
        }
        for component in components where !Self.isPathComponent(component) {
            if component.contains(where: { $0.isUppercase }) {
                throw fail("must be lowercase in its repository name ('\(component)')")
            }
            throw fail("has an invalid repository name component '\(component)' (lowercase letters and digits, separated by '.', '_', '__' or '-')")
        }
        path = components.joined(separator: "/")
    }

    private static func isAlnumLower(_ c: Character) -> Bool {
        c.isASCII && (c.isLowercase || c.isNumber)
    }

    /// `[a-z0-9]+((\.|_|__|-+)[a-z0-9]+)*`
    static func isPathComponent(_ text: Substring) -> Bool {
        var chars = Array(text)[...]
        guard let first = chars.first, isAlnumLower(first), let last = chars.last, isAlnumLower(last) else {
            return false
        }
        while let c = chars.first {
            if isAlnumLower(c) { chars.removeFirst(); continue }
            // a separator: '.', '_', '__' or a run of '-'
            var separator = ""
            while let s = chars.first, !isAlnumLower(s) { separator.append(s); chars.removeFirst() }
            let valid = separator == "." || separator == "_" || separator == "__"
                || (!separator.isEmpty && separator.allSatisfy { $0 == "-" })
            if !valid { return false }
        }
        return true
    }

    /// `[\w][\w.-]{0,127}`
    static func isTag(_ tag: String) -> Bool {
        let isWord = { (c: Character) in c.isASCII && (c.isLetter || c.isNumber || c == "_") }
        guard let first = tag.first, isWord(first), tag.count <= 128 else { return false }
        return tag.allSatisfy { isWord($0) || $0 == "." || $0 == "-" }
    }

    /// `host[:port]`, host being dot-separated components of letters, digits and inner '-'.
    static func isDomain(_ text: Substring) -> Bool {
        var host = text
        if let colon = text.lastIndex(of: ":") {
            let port = text[text.index(after: colon)...]
            guard !port.isEmpty, port.allSatisfy({ $0.isASCII && $0.isNumber }) else { return false }
            host = text[..<colon]
        }
        return host.split(separator: ".", omittingEmptySubsequences: false).allSatisfy { part in
            guard let first = part.first, let last = part.last,
                  first.isASCII, first.isLetter || first.isNumber,
                  last.isASCII, last.isLetter || last.isNumber else { return false }
            return part.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") }
        }
    }

    /// `algorithm:hex`, with at least 32 hex digits.
    static func isDigest(_ text: String) -> Bool {
        guard let colon = text.firstIndex(of: ":") else { return false }
        let algorithm = text[..<colon]
        let hex = text[text.index(after: colon)...]
        guard let first = algorithm.first, first.isASCII, first.isLetter,
              algorithm.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "+._-".contains($0)) })
        else { return false }
        return hex.count >= 32 && hex.allSatisfy { $0.isHexDigit }
    }
}

/// Why an image reference is not valid.
public struct ImageReferenceError: Error, Sendable, CustomStringConvertible {
    public var reference: String
    public var reason: String
    public var description: String { "invalid image reference '\(reference)': it \(reason)" }
}
