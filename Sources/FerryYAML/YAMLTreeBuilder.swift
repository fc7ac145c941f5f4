/// Builds document trees from parse events with explicit stacks, so input depth
/// never turns into call depth; applies anchors, aliases and merge keys, rejects
/// duplicate keys, and enforces the depth and alias-expansion limits as it goes.
///
/// Collections are built on one flat stack of values: a collection's items sit above
/// the index where it started, and become its array in one copy when it ends.
struct YAMLTreeBuilder {
    private struct Frame {
        var isMapping: Bool
        var start: Int
        var mark: YAMLMark
        var anchor: String?
        /// Nodes below this collection so far, alias expansions included.
        var size = 0
    }

    private struct Anchored {
        var node: YAMLNode
        /// Nodes in the anchored tree, alias expansions included: what an alias adds.
        var size: Int
    }

    let limits: YAMLLimits
    private(set) var documents: [YAMLDocument] = []
    private var values: [YAMLNode] = []
    private var frames: [Frame] = []
    /// Stack positions of the `<<` keys of open mappings, innermost last.
    private var mergeKeys: [Int] = []
    private var anchors: [String: Anchored] = [:]
    private var documentMark = YAMLMark(line: 1, column: 1)
    /// Nodes the document itself spells out.
    private var ownNodes = 0
    /// Nodes aliases have added to the document.
    private var expandedNodes = 0

    init(limits: YAMLLimits) {
        self.limits = limits
    }

    // MARK: documents

    mutating func startDocument(at mark: YAMLMark) {
        documentMark = mark
        values.removeAll(keepingCapacity: true)
        anchors.removeAll()
        ownNodes = 0
        expandedNodes = 0
    }

    mutating func endDocument() {
        let root = values.popLast() ?? YAMLNode(.null, mark: documentMark)
        documents.append(YAMLDocument(root: root, mark: documentMark))
    }

    // MARK: nodes

    /// Whether the next value pushed is a key of the innermost mapping.
    private var atKey: Bool {
        guard let top = frames.last else { return false }
        return top.isMapping && (values.count - top.start) & 1 == 0
    }

    private mutating func push(_ node: YAMLNode, size: Int) {
        let top = frames.count - 1
        if top >= 0 { frames[top].size += size }
        values.append(node)
    }

    mutating func scalar(_ node: YAMLNode, anchor: String?, isMergeKey: Bool) {
        ownNodes += 1
        if isMergeKey, atKey { mergeKeys.append(values.count) }
        if let anchor { anchors[anchor] = Anchored(node: node, size: 1) }
        push(node, size: 1)
    }

    mutating func startCollection(isMapping: Bool, anchor: String?, at mark: YAMLMark) throws {
        if frames.count >= limits.maxDepth {
            throw YAMLError(
                mark: mark,
                message: "nesting deeper than \(limits.maxDepth) levels at \(mark) (YAMLLimits.maxDepth)")
        }
        if atKey { throw complexKey(isMapping ? "a mapping" : "a list", at: mark) }
        ownNodes += 1
        frames.append(Frame(isMapping: isMapping, start: values.count, mark: mark, anchor: anchor))
    }

    mutating func endSequence() {
        guard let frame = frames.popLast() else { return }
        let items = Array(values[frame.start...])
        values.removeSubrange(frame.start...)
        finish(YAMLNode(.sequence(items), mark: frame.mark), frame)
    }

    mutating func endMapping() throws {
        guard let frame = frames.popLast() else { return }
        var firstMerge = mergeKeys.count
        while firstMerge > 0, mergeKeys[firstMerge - 1] >= frame.start { firstMerge -= 1 }
        let entries: [YAMLNode.Entry]
        if firstMerge == mergeKeys.count {
            entries = try uniqueEntries(from: frame.start)
        } else {
            let merges = Array(mergeKeys[firstMerge...])
            mergeKeys.removeSubrange(firstMerge...)
            entries = try mergedEntries(from: frame.start, mergeKeys: merges)
        }
        values.removeSubrange(frame.start...)
        finish(YAMLNode(.mapping(entries), mark: frame.mark), frame)
    }

    private mutating func finish(_ node: YAMLNode, _ frame: Frame) {
        let size = frame.size + 1
        if let anchor = frame.anchor { anchors[anchor] = Anchored(node: node, size: size) }
        push(node, size: size)
    }

    mutating func alias(_ name: String, at mark: YAMLMark) throws {
        guard let anchored = anchors[name] else {
            if frames.contains(where: { $0.anchor == name }) {
                throw YAMLError(
                    mark: mark, message: "alias *\(name) at \(mark) refers to &\(name), which contains it")
            }
            throw YAMLError(
                mark: mark, message: "undefined alias *\(name) at \(mark): no anchor &\(name) before it in this document")
        }
        if atKey {
            switch anchored.node.value {
            case .mapping: throw complexKey("a mapping", at: mark)
            case .sequence: throw complexKey("a list", at: mark)
            default: break
            }
        }
        expandedNodes += anchored.size
        let budget = limits.aliasBudget(ownNodes: ownNodes)
        if expandedNodes > budget {
            throw YAMLError(
                mark: mark,
                message: "alias *\(name) at \(mark) expands the document past \(budget) nodes from aliases "
                    + "(YAMLLimits alias expansion budget)")
        }
        var node = anchored.node
        node.mark = mark
        push(node, size: anchored.size)
    }

    private func complexKey(_ kind: String, at mark: YAMLMark) -> YAMLError {
        YAMLError(mark: mark, message: "\(kind) cannot be a mapping key (at \(mark)); keys must be scalars")
    }

    // MARK: mappings

    /// The key/value pairs from `start` to the top of the stack, which must have
    /// distinct keys.
    ///
    /// Keys are compared as JSON sees them (`keyString`), byte for byte, like
    /// Kubernetes: `1` and `"1"` are the same key. Small mappings, the common case,
    /// compare each key with those before it; large ones use a hash table.
    private func uniqueEntries(from start: Int) throws -> [YAMLNode.Entry] {
        let pairCount = (values.count - start) / 2
        if pairCount <= 12 {
            var index = start + 2
            while index < values.count {
                var earlier = start
                while earlier < index {
                    if MappingKey.same(values[earlier], values[index]) {
                        throw duplicate(values[index], first: values[earlier])
                    }
                    earlier += 2
                }
                index += 2
            }
            return (0..<pairCount).map { pair in
                YAMLNode.Entry(key: values[start + 2 * pair], value: values[start + 2 * pair + 1])
            }
        }
        var entries: [YAMLNode.Entry] = []
        entries.reserveCapacity(pairCount)
        var seen: [MappingKey: YAMLMark] = [:]
        seen.reserveCapacity(pairCount)
        var index = start
        while index + 1 < values.count {
            let key = values[index]
            if let first = seen.updateValue(key.mark, forKey: MappingKey(key)) {
                throw duplicate(key, firstMark: first)
            }
            entries.append(YAMLNode.Entry(key: key, value: values[index + 1]))
            index += 2
        }
        return entries
    }

    /// The pairs of a mapping with `<<` keys: each merged mapping's entries take the
    /// place of its `<<`, except keys the mapping sets itself (explicit keys win,
    /// wherever they are) and keys an earlier merged mapping gave (in `<<: [*a, *b]`,
    /// `*a` wins, as in go-yaml).
    private func mergedEntries(from start: Int, mergeKeys: [Int]) throws -> [YAMLNode.Entry] {
        if mergeKeys.count > 1 {
            throw duplicate(values[mergeKeys[1]], first: values[mergeKeys[0]])
        }
        var explicit: [MappingKey: YAMLMark] = [:]
        var index = start
        while index + 1 < values.count {
            if index != mergeKeys[0] {
                let key = values[index]
                if let first = explicit.updateValue(key.mark, forKey: MappingKey(key)) {
                    throw duplicate(key, firstMark: first)
                }
            }
            index += 2
        }
        var entries: [YAMLNode.Entry] = []
        var merged: Set<MappingKey> = []
        index = start
        while index + 1 < values.count {
            let key = values[index]
            let value = values[index + 1]
            index += 2
            guard index - 2 == mergeKeys[0] else {
                entries.append(YAMLNode.Entry(key: key, value: value))
                continue
            }
            for source in try mergeSources(value, key: key) {
                for entry in source {
                    let mappingKey = MappingKey(entry.key)
                    if explicit[mappingKey] == nil, merged.insert(mappingKey).inserted {
                        entries.append(entry)
                    }
                }
            }
        }
        return entries
    }

    /// The mappings a `<<` value merges, in order of precedence.
    private func mergeSources(_ value: YAMLNode, key: YAMLNode) throws -> [[YAMLNode.Entry]] {
        switch value.value {
        case .mapping(let entries):
            return [entries]
        case .sequence(let items):
            return try items.map { item in
                guard let entries = item.entries else { throw badMerge(item, key: key) }
                return entries
            }
        default:
            throw badMerge(value, key: key)
        }
    }

    private func badMerge(_ value: YAMLNode, key: YAMLNode) -> YAMLError {
        YAMLError(
            mark: value.mark,
            message: "merge key << at \(key.mark) needs a mapping or a list of mappings, "
                + "not \(value.kindDescription) (at \(value.mark))")
    }

    private func duplicate(_ key: YAMLNode, first: YAMLNode) -> YAMLError {
        duplicate(key, firstMark: first.mark)
    }

    private func duplicate(_ key: YAMLNode, firstMark: YAMLMark) -> YAMLError {
        YAMLError(
            mark: key.mark,
            message: "duplicate key \(JSONWriter.quoted(key.keyString)) at \(key.mark), first defined at \(firstMark)")
    }
}

/// A mapping key as Kubernetes compares keys: by the bytes of its JSON key string
/// (Swift's `==` on strings would also equate canonically equivalent Unicode).
struct MappingKey: Hashable {
    let text: String

    init(_ key: YAMLNode) {
        text = key.keyString
    }

    static func == (a: MappingKey, b: MappingKey) -> Bool {
        a.text == b.text && a.text.utf8.elementsEqual(b.text.utf8)
    }

    func hash(into hasher: inout Hasher) {
        var text = text
        text.withUTF8 { hasher.combine(bytes: UnsafeRawBufferPointer($0)) }
    }

    /// Whether two keys are the same key, without making strings for string keys.
    static func same(_ a: YAMLNode, _ b: YAMLNode) -> Bool {
        if case .string(let x) = a.value, case .string(let y) = b.value {
            return x == y && x.utf8.elementsEqual(y.utf8)
        }
        let x = a.keyString
        let y = b.keyString
        return x == y && x.utf8.elementsEqual(y.utf8)
    }
}
