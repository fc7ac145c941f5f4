// ferry-bench: prints figures and ratios measured in one run (`make bench`).
// Nothing here asserts a time; the goals are printed beside the figures.
import Foundation
import NIOCore
import NIOPosix

// The benchmarks' own clients run their tasks on NIO's event loops, where their
// connections' answers arrive, instead of hopping to the cooperative pool for each one:
// the load generator then costs less of the machine it shares with the server.
_ = NIOSingletons.unsafeTryInstallSingletonPosixEventLoopGroupAsConcurrencyGlobalExecutor()

let arguments = CommandLine.arguments.dropFirst()
let selected = Set(arguments)
func wants(_ name: String) -> Bool { selected.isEmpty || selected.contains(name) }

let startLoad = Bench.loadAverage()
if wants("yaml") { YAMLBenchmark.run() }
if wants("git") { GitBenchmark.run() }
if wants("cluster") { ClusterBenchmark.run() }
if wants("detection") { DetectionBenchmark.run() }
if wants("sync") { SyncBenchmark.run() }
if wants("scale") { ScaleBenchmark.run() }

// The report: one table of every figure above, kept under bench/results/ (run from the checkout).
let table = BenchReport.markdown(load: startLoad)
print("\n" + table)
do {
    let results = URL(fileURLWithPath: FileManager.default.currentDirectoryPath).appendingPathComponent("bench/results")
    let file = try BenchReport.save(table, in: results)
    print("saved \(file.path)")
} catch {
    print("report not saved: \(error)")
}
