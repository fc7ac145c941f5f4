import Crypto

/// Checks the bearer token of a request against the cluster's one token.
///
/// Both sides are hashed before the comparison, so the comparison runs over equal
/// lengths in constant time and tells an attacker nothing about how much of a guess
/// was right, nor how long the token is.
struct Authenticator: Sendable {
    private let expected: [UInt8]

    init(token: String) {
        expected = Array(SHA256.hash(data: Array(token.utf8)))
    }

    /// Whether an `Authorization` header value carries the token.
    func authenticates(authorization header: String?) -> Bool {
        guard let header else { return false }
        let parts = header.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: true)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else { return false }
        // Spaces and tabs around the token are HTTP's optional white space.
        let isSpace = { (byte: UInt8) in byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") }
        let token = parts[1].utf8.drop(while: isSpace).reversed().drop(while: isSpace).reversed()
        let presented = SHA256.hash(data: Array(token))
        var difference: UInt8 = 0
        for (left, right) in zip(presented, expected) { difference |= left ^ right }
        return difference == 0
    }
}
