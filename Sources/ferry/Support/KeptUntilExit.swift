/// Values handed here live until the process exits. A sync or diff holds large trees
/// of small values (every manifest's YAML, every live object's JSON); freeing them one
/// by one as a command returns costs a fair part of a no-op sync, just before the
/// process exits and the system reclaims the memory wholesale anyway.
enum KeptUntilExit {
    nonisolated(unsafe) private static var values: [Any] = []

    /// Call from the command's own task only (commands run one at a time).
    static func keep(_ kept: Any...) {
        values.append(contentsOf: kept)
    }
}
