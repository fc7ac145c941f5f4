// ferry-bench: prints figures and ratios measured in one run (`make bench`).
// Nothing here asserts a time; the goals are printed beside the figures.
import Foundation

let arguments = CommandLine.arguments.dropFirst()
let selected = Set(arguments)
func wants(_ name: String) -> Bool { selected.isEmpty || selected.contains(name) }

if wants("yaml") { YAMLBenchmark.run() }
if wants("git") { GitBenchmark.run() }
if wants("cluster") { ClusterBenchmark.run() }
if wants("sync") { SyncBenchmark.run() }
