/// Reuses the `String` made for a scalar text seen before, so the many repeats of a
/// manifest stream (`app.kubernetes.io/name`, image names, label values) share one
/// allocation instead of one each.
///
/// Strings of up to 15 UTF-8 bytes are stored inline by Swift and need no cache.
/// Longer ones go through a small direct-mapped table: a hash of the bytes picks a
/// slot, a byte comparison confirms it, and a miss replaces the slot.
struct StringCache {
    private static let slotCount = 1024
    private static let longest = 64
    private var slots = [String?](repeating: nil, count: slotCount)

    mutating func string(_ text: UnsafeBufferPointer<UInt8>) -> String {
        guard text.count > 15, text.count <= Self.longest else { return String(decoding: text, as: UTF8.self) }
        var hash: UInt32 = 2_166_136_261
        for byte in text { hash = (hash ^ UInt32(byte)) &* 16_777_619 }
        let slot = Int(hash % UInt32(Self.slotCount))
        if let cached = slots[slot],
           cached.utf8.withContiguousStorageIfAvailable({ $0.elementsEqual(text) }) == true {
            return cached
        }
        let made = String(decoding: text, as: UTF8.self)
        slots[slot] = made
        return made
    }
}
