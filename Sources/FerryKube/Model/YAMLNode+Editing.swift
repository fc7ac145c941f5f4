import FerryYAML

extension YAMLNode {
    /// Sets `key` in a mapping, replacing the entry if there is one and appending it
    /// otherwise. Does nothing to a value that is not a mapping.
    mutating func set(_ key: String, to newValue: YAMLNode) {
        guard case .mapping(var entries) = value else { return }
        if let index = entries.firstIndex(where: { $0.key.keyString == key }) {
            entries[index].value = newValue
        } else {
            entries.append(Entry(key: YAMLNode(.string(key), mark: newValue.mark), value: newValue))
        }
        value = .mapping(entries)
    }

    /// Sets the value at a path of keys, making the mappings on the way as needed.
    mutating func set(path: [String], to newValue: YAMLNode) {
        guard let first = path.first else {
            self = newValue
            return
        }
        var child = self[first] ?? YAMLNode(.mapping([]), mark: mark)
        if child.entries == nil, path.count > 1 { child = YAMLNode(.mapping([]), mark: child.mark) }
        child.set(path: Array(path.dropFirst()), to: newValue)
        set(first, to: child)
    }
}
