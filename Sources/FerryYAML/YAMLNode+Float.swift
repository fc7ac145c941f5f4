extension YAMLNode {
    /// Placeholder until the emitter lands.
    static func formatFloat(_ number: Double) -> String { "\(number)" }
}
