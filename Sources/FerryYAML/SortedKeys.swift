/// A mapping's entries with their JSON keys, ordered by the keys' bytes (as Go orders
/// map keys); entries whose keys read the same keep their order.
struct SortedKeys: RandomAccessCollection {
    typealias Keyed = (key: String, entry: YAMLNode.Entry)
    private let sorted: [Keyed]

    init(_ entries: [YAMLNode.Entry]) {
        var keyed = entries.map { (key: $0.key.keyString, entry: $0) }
        let inOrder = zip(keyed, keyed.dropFirst()).allSatisfy { !$1.key.utf8.lexicographicallyPrecedes($0.key.utf8) }
        if !inOrder {
            // Sorting indices with a tie-break keeps equal keys in their order whatever
            // the sort algorithm's stability.
            let order = keyed.indices.sorted { a, b in
                let (x, y) = (keyed[a].key.utf8, keyed[b].key.utf8)
                if x.elementsEqual(y) { return a < b }
                return x.lexicographicallyPrecedes(y)
            }
            keyed = order.map { keyed[$0] }
        }
        sorted = keyed
    }

    var startIndex: Int { sorted.startIndex }
    var endIndex: Int { sorted.endIndex }
    subscript(position: Int) -> Keyed { sorted[position] }
}
