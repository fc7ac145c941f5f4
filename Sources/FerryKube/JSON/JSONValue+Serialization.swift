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
private struct JSONByteWriter {
    /// An object member waiting to be written: the first 8 bytes of its key, big-endian and
    /// zero-padded (so comparing prefixes as integers compares the bytes), and where it is.
    private struct Member {
        var prefix: UInt64
        var index: Dictionary<String, JSONValue>.Index
    }

    private var base: UnsafeMutablePointer<UInt8>
    private var count = 0
    private var capacity: Int
    /// The members of the objects being written, innermost object last: a stack of
    /// `memberCount` entries reused from object to object, so sorting keys allocates nothing.
    private var members: [Member] = []
    private var memberCount = 0

    /// Most objects the cluster stores serialise to a few KB: start there, grow by doubling.
    init(capacity: Int = 4096) {
        self.capacity = capacity
        base = .allocate(capacity: capacity)
    }

    func deallocate() { base.deallocate() }

    func bytes() -> [UInt8] { Array(UnsafeBufferPointer(start: base, count: count)) }

    func append(to output: inout [UInt8]) { output.append(contentsOf: UnsafeBufferPointer(start: base, count: count)) }

    @inline(__always)
    private mutating func reserve(_ extra: Int) {
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
    private mutating func put(_ value: UInt8) {
        reserve(1)
        base[count] = value
        count += 1
    }

    private mutating func raw(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard let start = bytes.baseAddress, !bytes.isEmpty else { return }
        reserve(bytes.count)
        (base + count).update(from: start, count: bytes.count)
        count += bytes.count
    }

    private mutating func raw(_ text: StaticString) {
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

    private mutating func object(_ object: [String: JSONValue]) {
        guard !object.isEmpty else { return raw("{}") }
        let start = memberCount
        var index = object.startIndex
        while index != object.endIndex {
            let member = Member(prefix: Self.prefix(object.keys[index]), index: index)
            if memberCount < members.count { members[memberCount] = member } else { members.append(member) }
            memberCount += 1
            object.formIndex(after: &index)
        }
        sortMembers(start..<memberCount, in: object)
        put(UInt8(ascii: "{"))
        for position in start..<memberCount {
            if position > start { put(UInt8(ascii: ",")) }
            let (key, value) = object[members[position].index]
            string(key)
            put(UInt8(ascii: ":"))
            write(value)
        }
        put(UInt8(ascii: "}"))
        memberCount = start
    }

    /// Sorts `members[range]` by key bytes. Insertion sort: objects have few members
    /// (the stdlib sort takes over for large ones) and most comparisons end at the prefix.
    private mutating func sortMembers(_ range: Range<Int>, in object: [String: JSONValue]) {
        let precedes = { (a: Member, b: Member) -> Bool in
            if a.prefix != b.prefix { return a.prefix < b.prefix }
            return Self.precedes(object.keys[a.index], object.keys[b.index])
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

    /// The first 8 bytes of the key's UTF-8 as a big-endian integer, zero-padded.
    @inline(__always)
    private static func prefix(_ key: String) -> UInt64 {
        key.utf8.withContiguousStorageIfAvailable { bytes -> UInt64 in
            var prefix: UInt64 = 0
            for offset in 0..<8 {
                prefix <<= 8
                if offset < bytes.count { prefix |= UInt64(bytes[offset]) }
            }
            return prefix
        } ?? {
            var prefix: UInt64 = 0
            var taken = 0
            for byte in key.utf8.prefix(8) {
                prefix = prefix << 8 | UInt64(byte)
                taken += 1
            }
            return prefix << (8 * UInt64(8 - taken))
        }()
    }

    /// Whether `a`'s UTF-8 bytes sort before `b`'s.
    private static func precedes(_ a: String, _ b: String) -> Bool {
        let fast = a.utf8.withContiguousStorageIfAvailable { x in
            b.utf8.withContiguousStorageIfAvailable { y -> Bool in
                let common = min(x.count, y.count)
                if common > 0, let xStart = x.baseAddress, let yStart = y.baseAddress {
                    for offset in 0..<common where xStart[offset] != yStart[offset] {
                        return xStart[offset] < yStart[offset]
                    }
                }
                return x.count < y.count
            }
        }
        if let fast, let result = fast { return result }
        return a.utf8.lexicographicallyPrecedes(b.utf8)
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

    private mutating func escaped(_ bytes: UnsafeBufferPointer<UInt8>) {
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

    /// Whether any of the 8 bytes is below 0x20, `"` or `\` (exact: the classic
    /// "has a zero byte" / "has a byte less than n" word tests, no false positives).
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
