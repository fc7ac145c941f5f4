import CGit2

/// The SHA-1 name of a git object (commit, tree, blob or tag), held as 40 lowercase hex digits.
public struct ObjectID: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The full id, 40 lowercase hex digits.
    public let hex: String

    /// Parses a full 40-digit hex id (either case); nil for anything else, including short ids
    /// (resolve those with `Repository.resolve(_:)`, which knows the objects they could name).
    public init?(hex: String) {
        let digits = hex.utf8
        guard digits.count == 40, digits.allSatisfy(\.isHexDigit) else { return nil }
        self.hex = hex.lowercased()
    }

    /// Copies a libgit2 id.
    init(_ oid: UnsafePointer<git_oid>) {
        // git_oid_fmt writes exactly 40 hex digits and no NUL; it cannot fail.
        hex = String(unsafeUninitializedCapacity: 40) { utf8 in
            utf8.withMemoryRebound(to: CChar.self) { _ = git_oid_fmt($0.baseAddress, oid) }
            return 40
        }
    }

    /// Copies a libgit2 id held by value.
    init(_ oid: git_oid) {
        var copy = oid
        self.init(&copy)
    }

    /// The id as a libgit2 `git_oid`.
    var oid: git_oid {
        var oid = git_oid()
        // Cannot fail: `hex` was validated (or produced by libgit2) as 40 hex digits.
        _ = git_oid_fromstrn(&oid, hex, 40)
        return oid
    }

    /// The first 7 hex digits, as `git log --oneline` prints them.
    public var short: String { String(hex.prefix(7)) }

    /// The full hex id.
    public var description: String { hex }

    /// Orders ids by their hex digits (which is also their byte order).
    public static func < (lhs: ObjectID, rhs: ObjectID) -> Bool { lhs.hex < rhs.hex }
}

extension UInt8 {
    fileprivate var isHexDigit: Bool {
        (0x30...0x39).contains(self) || (0x41...0x46).contains(self) || (0x61...0x66).contains(self)
    }
}
