/// One document of a YAML stream.
public struct YAMLDocument: Sendable, Hashable {
    /// The document's value; `.null` for an empty document.
    public var root: YAMLNode

    /// Where the document starts: its `---`, or its first token when it has none.
    public var mark: YAMLMark

    /// A document holding `root`, starting at `mark`.
    public init(root: YAMLNode, mark: YAMLMark) {
        self.root = root
        self.mark = mark
    }
}
