import CFuzzer
#if canImport(Glibc)
import Glibc
#endif

// SwiftPM links an executable's `main` to this module's entry point (libFuzzer's own `main`,
// which calls `LLVMFuzzerTestOneInput`, may be linked too): start its driver here.
var argc = CommandLine.argc
var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
exit(LLVMFuzzerRunDriver(&argc, &argv) { data, size in fuzzOneInput(data, size) })
