import FerryYAML

extension JSONValue {
    /// Compact JSON with object keys sorted by their UTF-8 bytes, so equal values serialise to equal bytes.
    public func serialized() -> [UInt8] {
        var writer = JSONByteWriter()
        defer { writer.deallocate() }
        writer.write(self)
        return writer.bytes()
    }

    /// ``serialized()`` as a String.
    public var jsonText: String { String(decoding: serialized(), as: UTF8.self) }

    /// Appends ``serialized()`` to `output`.
    public func write(to output: inout [UInt8]) {
        var writer = JSONByteWriter()
        defer { writer.deallocate() }
        writer.write(self)
        writer.append(to: &output)
    }
}

/// Writes compact JSON into a growable byte buffer it owns.
///
/// Object members are written in the byte order of their keys' UTF-8, as Go's encoding/json
/// orders map keys. For keys in Unicode normal form C (ASCII keys, and nearly every other key)
/// that is the order String's `<` gives; only keys that are not NFC can sort differently
/// from String's `<`, which compares the keys' canonical forms.
struct JSONByteWriter {
    /// An object member waiting to be written: where its key's bytes are in `keys`, their
    /// first 8 bytes as a big-endian integer, zero-padded (so that comparing prefixes compares
    /// bytes), and where the member is in its dictionary.
    struct Member {
        var prefix: UInt64
        var keyOffset: Int
        var keyLength: Int
        var index: Dictionary<String, JSONValue>.Index
    }

    var base: UnsafeMutablePointer<UInt8>
    var count = 0
    var capacity: Int
    /// The members of the objects being written, innermost object last: a stack of
    /// `memberCount` entries reused from object to object, so sorting keys allocates nothing.
    var members: [Member] = []
    var memberCount = 0
    /// The UTF-8 of those members' keys, copied once so that sorting and writing them
    /// compares and copies plain bytes; a stack of `keyCount` bytes like `members`.
    var keys: UnsafeMutablePointer<UInt8>
    var keyCount = 0
    var keyCapacity = 1024
    /// When set, the top-level object's `metadata.resourceVersion`, if the empty string,
    /// has the offset just after its opening quote recorded in `resourceVersionSlot`.
    var marksResourceVersion = false
    var resourceVersionSlot: Int?
    /// The nesting of the object being written (1: the top level), and whether it is
    /// the top level's `metadata`: kept only while `marksResourceVersion`.
    private var depth = 0
    private var inMetadata = false

    /// Most objects the cluster stores serialise to a few KB: start there, grow by doubling.
    init(capacity: Int = 4096) {
        self.capacity = capacity
        base = .allocate(capacity: capacity)
        keys = .allocate(capacity: keyCapacity)
    }

    func deallocate() {
        base.deallocate()
        keys.deallocate()
    }

    func bytes() -> [UInt8] { Array(UnsafeBufferPointer(start: base, count: count)) }

    func append(to output: inout [UInt8]) { output.append(contentsOf: UnsafeBufferPointer(start: base, count: count)) }

    @inline(__always)
    mutating func reserve(_ extra: Int) {
        if count + extra > capacity { grow(count + extra) }
    }

    private mutating func grow(_ needed: Int) {
        var newCapacity = capacity * 2
        while newCapacity < needed { newCapacity *= 2 }
        let newBase = UnsafeMutablePointer<UInt8>.allocate(capacity: newCapacity)
        newBase.update(from: base, count: count)
        base.deallocate()
        base = newBase
        capacity = newCapacity
    }

    @inline(__always)
    mutating func put(_ value: UInt8) {
        reserve(1)
        base[count] = value
        count += 1
    }

    mutating func raw(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard let start = bytes.baseAddress, !bytes.isEmpty else { return }
        reserve(bytes.count)
        Self.copy(start, to: base + count, count: bytes.count)
        count += bytes.count
    }

    /// Copies bytes between buffers that do not overlap. Most keys and values are short:
    /// two overlapping word moves beat a call to memmove for them.
    @inline(__always)
    private static func copy(_ source: UnsafePointer<UInt8>, to target: UnsafeMutablePointer<UInt8>, count: Int) {
        if count >= 16 {
            target.update(from: source, count: count)
        } else if count >= 8 {
            let (head, tail) = (UnsafeRawPointer(source).loadUnaligned(as: UInt64.self),
                                UnsafeRawPointer(source + count - 8).loadUnaligned(as: UInt64.self))
            UnsafeMutableRawPointer(target).storeBytes(of: head, as: UInt64.self)
            UnsafeMutableRawPointer(target + count - 8).storeBytes(of: tail, as: UInt64.self)
        } else if count >= 4 {
            let (head, tail) = (UnsafeRawPointer(source).loadUnaligned(as: UInt32.self),
                                UnsafeRawPointer(source + count - 4).loadUnaligned(as: UInt32.self))
            UnsafeMutableRawPointer(target).storeBytes(of: head, as: UInt32.self)
            UnsafeMutableRawPointer(target + count - 4).storeBytes(of: tail, as: UInt32.self)
        } else {
            for offset in 0..<count { target[offset] = source[offset] }
        }
    }

    mutating func raw(_ text: StaticString) {
        raw(UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
    }

    mutating func write(_ value: JSONValue) {
        switch value {
        case .null: raw("null")
        case .bool(let flag): raw(flag ? "true" : "false")
        case .int(let number): integer(number)
        case .double(let number):
            var text = YAMLNode.formatFloat(number)
            text.withUTF8 { raw($0) }
        case .string(let text): string(text)
        case .array(let items):
            put(UInt8(ascii: "["))
            var first = true
            for item in items {
                if !first { put(UInt8(ascii: ",")) }
                first = false
                write(item)
            }
            put(UInt8(ascii: "]"))
        case .object(let object): self.object(object)
        }
    }

    mutating func object(_ object: [String: JSONValue]) { self.object(object, reusing: nil) }

    /// Writes `object`; with `previous`, the members it shares with that earlier version
    /// are copied from the earlier JSON (see ``write(_:key:reusing:cursor:)``).
    mutating func object(_ object: [String: JSONValue], reusing previous: PreviousObject?) {
        guard !object.isEmpty else { return raw("{}") }
        let start = memberCount, keyStart = keyCount
        var index = object.startIndex
        while index != object.endIndex {
            let member = pushKey(object.keys[index], index: index)
            if memberCount < members.count { members[memberCount] = member } else { members.append(member) }
            memberCount += 1
            object.formIndex(after: &index)
        }
        sortMembers(start..<memberCount)
        var cursor = previous.map { PreviousObject.Cursor(encoded: $0.encoded) }
        if marksResourceVersion { depth += 1 }
        put(UInt8(ascii: "{"))
        for position in start..<memberCount {
            if position > start { put(UInt8(ascii: ",")) }
            let member = members[position]
            // `keys` may have moved while writing earlier values: take its address now.
            let key = UnsafeBufferPointer(start: keys + member.keyOffset, count: member.keyLength)
            escaped(key)
            put(UInt8(ascii: ":"))
            var entersMetadata = false
            if marksResourceVersion {
                if depth == 1 {
                    if case .object = object.values[member.index] { entersMetadata = Self.equal(key, "metadata") }
                } else if depth == 2, inMetadata, Self.equal(key, "resourceVersion"),
                          case .string(let text) = object.values[member.index], text.isEmpty {
                    resourceVersionSlot = count + 1
                }
                if entersMetadata { inMetadata = true }
            }
            if let previous, write(object.values[member.index], key: object.keys[member.index], reusing: previous,
                                   cursor: &cursor!) {
                // copied from the earlier JSON
            } else {
                write(object.values[member.index])
            }
            if entersMetadata { inMetadata = false }
        }
        put(UInt8(ascii: "}"))
        if marksResourceVersion { depth -= 1 }
        memberCount = start
        keyCount = keyStart
    }

    private static func equal(_ key: UnsafeBufferPointer<UInt8>, _ name: StaticString) -> Bool {
        key.count == name.utf8CodeUnitCount
            && key.elementsEqual(UnsafeBufferPointer(start: name.utf8Start, count: name.utf8CodeUnitCount))
    }

    /// Copies the key's UTF-8 onto the `keys` stack.
    mutating func pushKey(_ key: String, index: Dictionary<String, JSONValue>.Index) -> Member {
        let copied: Int? = key.utf8.withContiguousStorageIfAvailable { bytes in
            reserveKeys(bytes.count)
            if let start = bytes.baseAddress { Self.copy(start, to: keys + keyCount, count: bytes.count) }
            return bytes.count
        }
        let length: Int
        if let copied {
            length = copied
        } else {
            length = key.utf8.count
            reserveKeys(length)
            for (offset, byte) in key.utf8.enumerated() { keys[keyCount + offset] = byte }
        }
        let offset = keyCount
        keyCount += length
        var prefix: UInt64 = 0
        if length >= 8 {
            prefix = UInt64(bigEndian: UnsafeRawPointer(keys + offset).loadUnaligned(as: UInt64.self))
        } else {
            for position in 0..<8 { prefix = prefix << 8 | (position < length ? UInt64(keys[offset + position]) : 0) }
        }
        return Member(prefix: prefix, keyOffset: offset, keyLength: length, index: index)
    }

    private mutating func reserveKeys(_ extra: Int) {
        guard keyCount + extra > keyCapacity else { return }
        var newCapacity = keyCapacity * 2
        while newCapacity < keyCount + extra { newCapacity *= 2 }
        let newKeys = UnsafeMutablePointer<UInt8>.allocate(capacity: newCapacity)
        newKeys.update(from: keys, count: keyCount)
        keys.deallocate()
        keys = newKeys
        keyCapacity = newCapacity
    }

    /// Sorts `members[range]` by key bytes. Insertion sort: objects have few members
    /// (the stdlib sort takes over for large ones) and most comparisons end at the prefix.
    mutating func sortMembers(_ range: Range<Int>) {
        guard range.count > 1 else { return }
        let keys = self.keys
        let precedes = { (a: Member, b: Member) -> Bool in
            if a.prefix != b.prefix { return a.prefix < b.prefix }
            let common = min(a.keyLength, b.keyLength)
            for offset in 8..<max(8, common) {
                let (x, y) = (keys[a.keyOffset + offset], keys[b.keyOffset + offset])
                if x != y { return x < y }
            }
            return a.keyLength < b.keyLength
        }
        guard range.count <= 24 else { return members[range].sort(by: precedes) }
        members.withUnsafeMutableBufferPointer { buffer in
            for sorted in range.dropFirst() {
                let next = buffer[sorted]
                var slot = sorted
                while slot > range.lowerBound, precedes(next, buffer[slot - 1]) {
                    buffer[slot] = buffer[slot - 1]
                    slot -= 1
                }
                buffer[slot] = next
            }
        }
    }

    private mutating func integer(_ number: Int64) {
        var magnitude = number.magnitude
        var length = number < 0 ? 1 : 0
        var rest = magnitude
        repeat {
            length += 1
            rest /= 10
        } while rest != 0
        reserve(length)
        // Digits from the last one back, straight into the buffer.
        var position = count + length
        repeat {
            position -= 1
            base[position] = UInt8(ascii: "0") + UInt8(truncatingIfNeeded: magnitude % 10)
            magnitude /= 10
        } while magnitude != 0
        if number < 0 { base[count] = UInt8(ascii: "-") }
        count += length
    }

    /// A JSON string: `"`, `\` and control characters escaped, everything else copied as is.
    private mutating func string(_ text: String) {
        let done: Void? = text.utf8.withContiguousStorageIfAvailable { bytes in escaped(bytes) }
        if done == nil { escaped(Array(text.utf8)) }
    }

    private mutating func escaped(_ bytes: [UInt8]) {
        bytes.withUnsafeBufferPointer { escaped($0) }
    }

    mutating func escaped(_ bytes: UnsafeBufferPointer<UInt8>) {
        // Every byte of the text and the quotes, in one check; escapes reserve their own.
        reserve(bytes.count + 2)
        base[count] = UInt8(ascii: "\"")
        count += 1
        var runStart = 0
        while true {
            let offset = Self.firstEscaped(in: bytes, from: runStart)
            raw(UnsafeBufferPointer(rebasing: bytes[runStart..<offset]))
            guard offset < bytes.count else { break }
            runStart = offset + 1
            let byte = bytes[offset]
            switch byte {
            case UInt8(ascii: "\""): raw(#"\""#)
            case UInt8(ascii: "\\"): raw(#"\\"#)
            case 0x0A: raw(#"\n"#)
            case 0x0D: raw(#"\r"#)
            case 0x09: raw(#"\t"#)
            default:
                let hex: StaticString = "0123456789abcdef"
                raw(#"\u00"#)
                put(hex.utf8Start[Int(byte >> 4)])
                put(hex.utf8Start[Int(byte & 0xF)])
            }
        }
        put(UInt8(ascii: "\""))
    }

    /// The offset of the first byte at or after `start` that a JSON string must escape
    /// (`"`, `\`, a control character), or the end. Eight bytes at a time while none is found.
    @inline(__always)
    private static func firstEscaped(in bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
        guard let base = bytes.baseAddress else { return bytes.count }
        var offset = start
        while offset + 8 <= bytes.count {
            if needsEscape(UnsafeRawPointer(base + offset).loadUnaligned(as: UInt64.self)) { break }
            offset += 8
        }
        while offset < bytes.count {
            let byte = base[offset]
            if byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") { return offset }
            offset += 1
        }
        return offset
    }

    /// Whether any of the 8 bytes is below 0x20, `"` or `\`: the classic "has a zero byte" and
    /// "has a byte less than n" word tests, whose yes-or-no answer is exact.
    @inline(__always)
    private static func needsEscape(_ word: UInt64) -> Bool {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highs: UInt64 = 0x8080_8080_8080_8080
        let quotes = word ^ (ones &* UInt64(UInt8(ascii: "\"")))
        let backslashes = word ^ (ones &* UInt64(UInt8(ascii: "\\")))
        let control = (word &- ones &* 0x20) & ~word
        let quote = (quotes &- ones) & ~quotes
        let backslash = (backslashes &- ones) & ~backslashes
        return (control | quote | backslash) & highs != 0
    }
}

extension JSONValue {
    /// The JSON form of a YAML value, as Kubernetes converts manifests (keys become strings).
    public init(_ node: YAMLNode) {
        switch node.value {
        case .null: self = .null
        case .bool(let flag): self = .bool(flag)
        case .int(let number): self = .int(number)
        case .float(let number): self = .double(number)
        case .string(let text): self = .string(text)
        case .sequence(let items): self = .array(items.map(JSONValue.init))
        case .mapping(let entries):
            var members: [String: JSONValue] = [:]
            members.reserveCapacity(entries.count)
            for entry in entries { members[entry.key.keyString] = JSONValue(entry.value) }
            self = .object(members)
        }
    }

    /// The YAML form, for printing objects as YAML; every node carries the given mark.
    public func yamlNode(mark: YAMLMark = YAMLMark(line: 0, column: 0)) -> YAMLNode {
        switch self {
        case .null: return YAMLNode(.null, mark: mark)
        case .bool(let flag): return YAMLNode(.bool(flag), mark: mark)
        case .int(let number): return YAMLNode(.int(number), mark: mark)
        case .double(let number): return YAMLNode(.float(number), mark: mark)
        case .string(let text): return YAMLNode(.string(text), mark: mark)
        case .array(let items): return YAMLNode(.sequence(items.map { $0.yamlNode(mark: mark) }), mark: mark)
        case .object(let members):
            return YAMLNode(.mapping(members.sorted { $0.key < $1.key }.map { key, value in
                YAMLNode.Entry(key: YAMLNode(.string(key), mark: mark), value: value.yamlNode(mark: mark))
            }), mark: mark)
        }
    }
}
