/// Why a YAML input was rejected, and where.
public struct YAMLError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Where the problem is; nil when it concerns the input as a whole (its size).
    public var mark: YAMLMark?

    /// What is wrong, for a person to read. It names the positions it is about, so it
    /// reads on its own: `duplicate key "name" at 7:3, first defined at 4:3`.
    public var message: String

    /// An error at `mark` (nil: the whole input).
    public init(mark: YAMLMark?, message: String) {
        self.mark = mark
        self.message = message
    }

    /// `line:column: message`, or the message alone when there is no position.
    public var description: String {
        guard let mark else { return message }
        return "\(mark): \(message)"
    }
}
