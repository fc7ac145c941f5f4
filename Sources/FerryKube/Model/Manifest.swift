import FerryYAML

/// One Kubernetes object as the repository declares it.
public struct Manifest: Sendable, Hashable {
    public var identity: ObjectIdentity
    /// The object as it will be sent, with the default namespace filled in.
    public var body: YAMLNode
    /// Where the object's document starts.
    public var source: SourceLocation

    public init(identity: ObjectIdentity, body: YAMLNode, source: SourceLocation) {
        self.identity = identity
        self.body = body
        self.source = source
    }

    /// The place of the node at `path` in the body, or of the object itself when absent.
    public func location(of path: [String]) -> SourceLocation {
        guard let node = body[path: path] else { return source }
        return SourceLocation(file: source.file, mark: node.mark)
    }
}

/// The bytes of one manifest file and its repository-relative path.
public struct ManifestSource: Sendable {
    public var path: String
    public var bytes: [UInt8]

    public init(path: String, bytes: [UInt8]) {
        self.path = path
        self.bytes = bytes
    }
}
