#if canImport(Glibc)
import Glibc
#endif

/// How the server process's allocator keeps memory it has freed.
///
/// glibc's malloc gives the free memory at the top of a heap back to the kernel as soon
/// as more than 128 KiB of it is free, and serves blocks over 128 KiB from fresh
/// mappings that are unmapped again when freed. A request's JSON, field sets and
/// answers are allocated and freed by the megabyte many times a second, so under load
/// the heaps shrank and grew again continuously: the kernel zeroing the pages it handed
/// back (`clear_page`) and `mprotect`/`mmap` calls took about a tenth of the server's
/// CPU time in a profile of 4,000 Deployment applies. Keeping a few megabytes of slack
/// per heap ends that churn; the memory stays reused, not grown.
enum AllocatorTuning {
    /// Free memory a heap keeps before trimming, the padding it grows by, and the size
    /// from which blocks get mappings of their own.
    static let trimThreshold: Int32 = 32 << 20
    static let topPad: Int32 = 4 << 20
    static let mmapThreshold: Int32 = 8 << 20

    /// Applies the settings; for a long-running server process only (a library must not
    /// change its host's allocator). Does nothing where the C library is not glibc.
    static func keepFreedMemoryForReuse() {
        #if canImport(Glibc)
        // mallopt is declared in <malloc.h>, which Swift's Glibc module leaves out: look it
        // up (RTLD_DEFAULT is the null handle) and call it with C's convention.
        guard let symbol = dlsym(nil, "mallopt") else { return }
        typealias Mallopt = @convention(c) (Int32, Int32) -> Int32
        let mallopt = unsafeBitCast(symbol, to: Mallopt.self)
        // <malloc.h>'s M_TRIM_THRESHOLD, M_TOP_PAD and M_MMAP_THRESHOLD.
        _ = mallopt(-1, trimThreshold)
        _ = mallopt(-2, topPad)
        _ = mallopt(-3, mmapThreshold)
        #endif
    }
}
