import CMalloc

/// How the server's heap grows. glibc gives each thread that allocates concurrently
/// an arena of its own, and grows such an arena one page at a time, each page an
/// `mprotect` call and a fresh fault: the store's objects and the watch history grow
/// by some 40 KB per Deployment, which under load was 33,000 `mprotect` calls in
/// 2.5 s, 3% of the server's CPU. A top pad as large as an arena's heap (64 MiB)
/// makes each heap writable at once instead. It is address space, not memory: a
/// page costs memory only once written. The price is that glibc then keeps up to
/// that much freed space at the top of each heap rather than giving it back.
enum HeapGrowth {
    static let topPad: Int32 = 64 << 20

    /// For the server process only. Arenas made before the call still grow page by
    /// page until full, so the server `ferry cluster start` spawns gets the setting
    /// from its start too, through glibc's tunables (``environment(_:)``).
    static func configure() {
        #if os(Linux)
        _ = mallopt(M_TOP_PAD, topPad)
        #endif
    }

    /// `GLIBC_TUNABLES` for a server child: the top pad added to what the caller has,
    /// unless the caller sets one of its own.
    static func environment(_ current: [String: String]) -> [String: String] {
        let existing = current["GLIBC_TUNABLES"] ?? ""
        if existing.contains("glibc.malloc.top_pad=") { return [:] }
        let pad = "glibc.malloc.top_pad=\(topPad)"
        return ["GLIBC_TUNABLES": existing.isEmpty ? pad : existing + ":" + pad]
    }
}
