/// Bounds that keep a parse of untrusted YAML finite in time and memory.
///
/// Manifests come from git repositories anyone with push access can write to, so
/// every way YAML has of making a small input large (deep nesting, aliases) is
/// capped, and the input itself is capped before libyaml sees a byte of it.
public struct YAMLLimits: Sendable, Hashable {
    /// The largest input accepted, in bytes; larger input is rejected before parsing.
    public var maxInputBytes: Int

    /// The deepest nesting of collections accepted (a document `a: b` has depth 1).
    ///
    /// Trees are walked recursively by `==`, `hash` and the emitters, so this also
    /// bounds their stack use; values beyond a few thousand are not safe.
    public var maxDepth: Int

    /// Nodes that alias expansion may add to a document however small it is.
    public var aliasExpansionMinimum: Int

    /// Nodes that alias expansion may add per node the document itself holds.
    ///
    /// A document may expand aliases to `max(aliasExpansionMinimum,
    /// aliasExpansionFactor × its own nodes)` nodes: generous for real reuse of
    /// anchors, fatal for "billion laughs".
    public var aliasExpansionFactor: Int

    /// Limits with every bound given; the defaults are those of ``default``.
    public init(
        maxInputBytes: Int = 32 << 20,
        maxDepth: Int = 256,
        aliasExpansionMinimum: Int = 100_000,
        aliasExpansionFactor: Int = 10
    ) {
        self.maxInputBytes = maxInputBytes
        self.maxDepth = maxDepth
        self.aliasExpansionMinimum = aliasExpansionMinimum
        self.aliasExpansionFactor = aliasExpansionFactor
    }

    /// 32 MiB of input, 256 levels of nesting, alias expansion up to
    /// max(100,000, 10 × the document's own nodes).
    public static let `default` = YAMLLimits()

    /// The alias expansion allowed to a document that holds `ownNodes` nodes so far.
    func aliasBudget(ownNodes: Int) -> Int {
        let (scaled, overflow) = aliasExpansionFactor.multipliedReportingOverflow(by: ownNodes)
        return overflow ? Int.max : max(aliasExpansionMinimum, scaled)
    }
}
