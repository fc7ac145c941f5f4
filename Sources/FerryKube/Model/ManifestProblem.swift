/// One thing wrong with the manifests, pinned to where it was written.
public struct ManifestProblem: Error, Sendable, Hashable, CustomStringConvertible {
    public var location: SourceLocation
    /// The object the problem is in, when it is known.
    public var object: ObjectIdentity?
    /// What is wrong and, where it helps, what to do.
    public var message: String

    public init(_ message: String, at location: SourceLocation, object: ObjectIdentity? = nil) {
        self.location = location
        self.object = object
        self.message = message
    }

    /// `file:line:col: Kind/namespace/name: message`.
    public var description: String {
        if let object { return "\(location): \(object): \(message)" }
        return "\(location): \(message)"
    }
}
