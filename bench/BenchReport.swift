// The benchmark report: every benchmark adds its figures as rows while it measures, and
// `make bench` ends with them as one markdown table, printed and saved under bench/results/.
import Foundation
import Synchronization

/// One figure of the report: what was measured, Ferry's value beside its baseline's (the
/// bare library, git's CLI or kubectl, measured in the same run), their ratio and the goal.
struct ReportRow: Sendable {
    /// The part of Ferry measured: `yaml`, `git`, `cluster`, `sync 1,000 objects`, ...
    var area: String
    /// What was measured, e.g. `no-op sync` or `applies/s (Deployments, controllers running)`.
    var figure: String
    /// Ferry's figure with its unit.
    var ferry: String
    /// The baseline's figure with its unit, or `-` when there is none.
    var baseline: String = "-"
    /// How Ferry compares, e.g. `12.3x faster`, or `-`.
    var ratio: String = "-"
    /// The goal, e.g. `>= 10x`, and whether this run met it.
    var goal: String = "-"
}

enum BenchReport {
    private static let rows = Mutex<[ReportRow]>([])

    /// Adds a row; rows keep the order the benchmarks measured them in.
    static func add(_ row: ReportRow) {
        rows.withLock { $0.append(row) }
    }

    /// `goal` with a verdict: `>= 10x (met)` or `>= 10x (missed)`.
    static func goal(_ text: String, met: Bool) -> String {
        "\(text) (\(met ? "met" : "missed"))"
    }

    /// The rows as a markdown table under a heading that gives the date, the machine and its load.
    static func markdown(date: Date = Date(), load: String) -> String {
        let all = rows.withLock { $0 }
        var lines = [
            "## ferry-bench, \(ISO8601DateFormatter().string(from: date))",
            "",
            "Machine: \(ProcessInfo.processInfo.activeProcessorCount) cores, load average at start \(load). "
                + "Every ratio compares two figures measured in this run.",
            "",
            "| area | figure | ferry | baseline | ratio | goal |",
            "|---|---|---|---|---|---|",
        ]
        for row in all {
            let cells = [row.area, row.figure, row.ferry, row.baseline, row.ratio, row.goal]
                .map { $0.replacingOccurrences(of: "|", with: "\\|") }
            lines.append("| " + cells.joined(separator: " | ") + " |")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Writes the table to `directory/<timestamp>.md` and `directory/latest.md`; returns the file written.
    @discardableResult
    static func save(_ table: String, in directory: URL, date: Date = Date()) throws -> URL {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyyMMdd-HHmmss"
        let file = directory.appendingPathComponent("\(formatter.string(from: date)).md")
        try table.write(to: file, atomically: true, encoding: .utf8)
        try table.write(to: directory.appendingPathComponent("latest.md"), atomically: true, encoding: .utf8)
        return file
    }
}
