/// Writes block-style YAML for people and diffs (see ``YAML/emit(_:)``), in the layout
/// kubectl uses: two-space indentation, a list under a key at the key's indentation,
/// a mapping inside a list item starting on the `- ` line.
struct YAMLWriter {
    private(set) var out: [UInt8] = []

    /// Simple keys are limited to 1024 characters by libyaml; longer ones use `? key`.
    private static let longKey = 1000

    init() {
        out.reserveCapacity(1024)
    }

    var text: String { String(decoding: out, as: UTF8.self) }

    mutating func separator() {
        out.append(contentsOf: "---\n".utf8)
    }

    mutating func document(_ node: YAMLNode) {
        switch node.value {
        case .mapping(let entries) where !entries.isEmpty:
            mapping(entries, indent: 0, continuesLine: false)
        case .sequence(let items) where !items.isEmpty:
            sequence(items, indent: 0, continuesLine: false)
        default:
            scalarLine(node, indent: 0)
        }
    }

    /// Entries at `indent`; when `continuesLine`, the first goes where the cursor is
    /// (after a `- `).
    private mutating func mapping(_ entries: [YAMLNode.Entry], indent: Int, continuesLine: Bool) {
        for (index, keyed) in SortedKeys(entries).enumerated() {
            if index > 0 || !continuesLine { spaces(indent) }
            let key = ScalarText.key(keyed.entry.key)
            if key.count > Self.longKey {
                out.append(contentsOf: "? ".utf8)
                out.append(contentsOf: key)
                out.append(UInt8(ascii: "\n"))
                spaces(indent)
            } else {
                out.append(contentsOf: key)
            }
            out.append(UInt8(ascii: ":"))
            let value = keyed.entry.value
            switch value.value {
            case .mapping(let nested) where !nested.isEmpty:
                out.append(UInt8(ascii: "\n"))
                mapping(nested, indent: indent + 2, continuesLine: false)
            case .sequence(let items) where !items.isEmpty:
                out.append(UInt8(ascii: "\n"))
                sequence(items, indent: indent, continuesLine: false)
            default:
                out.append(UInt8(ascii: " "))
                scalarLine(value, indent: indent)
            }
        }
    }

    private mutating func sequence(_ items: [YAMLNode], indent: Int, continuesLine: Bool) {
        for (index, item) in items.enumerated() {
            if index > 0 || !continuesLine { spaces(indent) }
            out.append(contentsOf: "- ".utf8)
            switch item.value {
            case .mapping(let entries) where !entries.isEmpty:
                mapping(entries, indent: indent + 2, continuesLine: true)
            case .sequence(let nested) where !nested.isEmpty:
                sequence(nested, indent: indent + 2, continuesLine: true)
            default:
                scalarLine(item, indent: indent)
            }
        }
    }

    /// A scalar (or empty collection) and the end of its line; a literal block's lines
    /// are indented two more than `indent`.
    private mutating func scalarLine(_ node: YAMLNode, indent: Int) {
        guard case .string(let text) = node.value, let block = ScalarText.literalBlock(text) else {
            out.append(contentsOf: ScalarText.value(node))
            out.append(UInt8(ascii: "\n"))
            return
        }
        out.append(contentsOf: block.header.utf8)
        out.append(UInt8(ascii: "\n"))
        for line in block.lines {
            if !line.isEmpty {
                spaces(indent + 2)
                out.append(contentsOf: line)
            }
            out.append(UInt8(ascii: "\n"))
        }
    }

    private mutating func spaces(_ count: Int) {
        out.append(contentsOf: repeatElement(UInt8(ascii: " "), count: count))
    }
}
