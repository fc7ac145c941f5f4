/// A small seeded random number generator (SplitMix64): the same seed gives the same
/// sequence, so fault injection, generated benchmark input and randomised tests can be
/// replayed exactly.
public struct SplitMix64: RandomNumberGenerator, Sendable {
    private var state: UInt64

    /// A generator starting from `seed`.
    public init(seed: UInt64) { state = seed }

    /// The next 64 random bits.
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// True with probability `rate` (0...1).
    public mutating func chance(_ rate: Double) -> Bool {
        guard rate > 0 else { return false }
        return Double(next() >> 11) / Double(1 << 53) < rate
    }

    /// A number in `0..<bound`.
    public mutating func below(_ bound: Int) -> Int { Int(next() % UInt64(max(bound, 1))) }
}
