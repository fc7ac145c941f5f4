/// New object uids: random (version 4) UUIDs in lowercase, as the API server makes them.
///
/// Drawn from the standard library's system generator (the `getrandom` call) rather than
/// Foundation's `UUID()`, which on Linux opens `/dev/urandom` for every one: a file
/// opened and closed for each object created was about 1% of a Deployment apply's time.
enum ObjectUID {
    static func make() -> String {
        var generator = SystemRandomNumberGenerator()
        return make(high: generator.next(), low: generator.next())
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)

    /// The uid for these 128 random bits, with the version and variant bits set.
    static func make(high: UInt64, low: UInt64) -> String {
        var bytes = [UInt8](repeating: 0, count: 16)
        for index in 0..<8 {
            bytes[index] = UInt8(truncatingIfNeeded: high >> (56 - 8 * index))
            bytes[8 + index] = UInt8(truncatingIfNeeded: low >> (56 - 8 * index))
        }
        bytes[6] = bytes[6] & 0x0F | 0x40  // version 4: random
        bytes[8] = bytes[8] & 0x3F | 0x80  // the RFC 4122 variant
        var text: [UInt8] = []
        text.reserveCapacity(36)
        for (index, byte) in bytes.enumerated() {
            if index == 4 || index == 6 || index == 8 || index == 10 { text.append(UInt8(ascii: "-")) }
            text.append(hexDigits[Int(byte >> 4)])
            text.append(hexDigits[Int(byte & 0x0F)])
        }
        return String(decoding: text, as: UTF8.self)
    }
}
