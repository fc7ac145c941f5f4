/// Reads the protobuf wire format: tags, varints, fixed-size numbers and
/// length-delimited fields, over a slice of bytes.
struct ProtobufReader {
    /// The wire types of protobuf fields.
    enum WireType: UInt64 {
        case varint = 0, fixed64 = 1, lengthDelimited = 2, startGroup = 3, endGroup = 4, fixed32 = 5
    }

    /// What is wrong with malformed input.
    struct Malformed: Error, CustomStringConvertible {
        var description: String
    }

    private let bytes: ArraySlice<UInt8>
    private var index: Int

    init(_ bytes: ArraySlice<UInt8>) {
        self.bytes = bytes
        self.index = bytes.startIndex
    }

    var isAtEnd: Bool { index >= bytes.endIndex }

    /// The next field's number and wire type, or nil at the end.
    mutating func nextTag() throws(Malformed) -> (field: Int, wireType: WireType)? {
        guard !isAtEnd else { return nil }
        let tag = try varint()
        guard let wireType = WireType(rawValue: tag & 7), tag >> 3 > 0, tag >> 3 <= UInt64(Int32.max) else {
            throw Malformed(description: "invalid field tag \(tag)")
        }
        return (Int(tag >> 3), wireType)
    }

    mutating func varint() throws(Malformed) -> UInt64 {
        var result: UInt64 = 0
        var shift: UInt64 = 0
        while index < bytes.endIndex, shift < 64 {
            let byte = bytes[index]
            index += 1
            result |= UInt64(byte & 0x7f) << shift
            if byte & 0x80 == 0 { return result }
            shift += 7
        }
        throw Malformed(description: "truncated varint")
    }

    mutating func fixed64() throws(Malformed) -> UInt64 {
        guard bytes.endIndex - index >= 8 else { throw Malformed(description: "truncated 64-bit field") }
        var value: UInt64 = 0
        for offset in 0..<8 { value |= UInt64(bytes[index + offset]) << (8 * UInt64(offset)) }
        index += 8
        return value
    }

    mutating func fixed32() throws(Malformed) -> UInt32 {
        guard bytes.endIndex - index >= 4 else { throw Malformed(description: "truncated 32-bit field") }
        var value: UInt32 = 0
        for offset in 0..<4 { value |= UInt32(bytes[index + offset]) << (8 * UInt32(offset)) }
        index += 4
        return value
    }

    mutating func lengthDelimited() throws(Malformed) -> ArraySlice<UInt8> {
        let length = try varint()
        guard length <= UInt64(bytes.endIndex - index) else { throw Malformed(description: "truncated length-delimited field") }
        let start = index
        index += Int(length)
        return bytes[start..<index]
    }

    /// Passes over a field this reader does not need.
    mutating func skip(_ wireType: WireType) throws(Malformed) {
        switch wireType {
        case .varint: _ = try varint()
        case .fixed64: _ = try fixed64()
        case .fixed32: _ = try fixed32()
        case .lengthDelimited: _ = try lengthDelimited()
        case .startGroup, .endGroup: throw Malformed(description: "groups are not supported")
        }
    }
}
