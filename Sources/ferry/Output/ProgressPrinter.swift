import FerryKube
import FerrySync
import Foundation
import Logging
import Synchronization

/// Prints a sync as it happens. What it says depends on who reads:
/// - the journal, cron mail, a log file (not a terminal): nothing when nothing changed,
///   a timestamped line per change otherwise; `-v` adds the plan and each rollout's progress;
/// - a terminal: the same, with one updating line per Deployment while it rolls out;
/// - a log collector (`--log-format json`): the same lines, each a JSON object.
final class ProgressPrinter: Sendable {
    private struct State {
        var rows: [String] = []
        var lines: [String: String] = [:]
    }

    private let state = Mutex(State())
    let isTerminal: Bool
    let verbose: Bool
    let format: LogFormat

    init(isTerminal: Bool = isatty(STDOUT_FILENO) == 1, verbose: Bool = Output.verbose, format: LogFormat = Output.format) {
        self.isTerminal = isTerminal && format == .text
        self.verbose = verbose
        self.format = format
    }

    func handle(_ event: SyncEvent) {
        switch event {
        case .planned(let plan):
            detail("plan: \(plan.summary)", event: "planned")
        case .upToDate:
            // Silence is the answer cron and the journal want; a person at a terminal wants a word.
            if verbose || isTerminal { line("in sync: nothing to apply", event: "up-to-date") }
        case .applied(let identity, let action):
            line("\(identity) \(action.rawValue)", event: "applied", ["object": "\(identity)", "action": action.rawValue])
        case .kept(let identity):
            line("\(identity) not pruned (--no-prune)", event: "kept", ["object": "\(identity)"])
        case .keptNamespace(let identity, let because):
            line("\(identity) not pruned: \(because) (annotate it \(FerryMetadata.pruneWithForeignObjectsAnnotation)=true, or pass --prune-namespaces-with-foreign-objects, to prune it anyway)",
                 event: "kept", ["object": "\(identity)"])
        case .adopting(let identity):
            line("\(identity) adopted: it exists without ferry's labels (made by hand or by another tool); ferry manages it from now on",
                 event: "adopted", ["object": "\(identity)"])
        case .takingOver(let identity, let other):
            line("\(identity) taken over from ferry instance \"\(other)\" (--adopt)", event: "adopted",
                 ["object": "\(identity)", "from": other])
        case .rollout(let identity, let status):
            // A deadline passing changes no count: say so, or the line would just repeat.
            let deadline = status.phase == .deadlineExceeded ? "  progress deadline exceeded" : ""
            let text = "\(identity.name)  \(status.progress)\(deadline)"
            if isTerminal {
                rollout(identity.name, text)
            } else {
                detail(text, event: "rollout", ["object": "\(identity)"])
            }
        }
    }

    /// A line that is always said: on a terminal it goes above the rollout rows.
    func line(_ text: String, event: String = "message", _ fields: [String: String] = [:]) {
        if format == .json {
            JSONLines.standardOutput.info("\(text)", metadata: Self.metadata(event, fields))
            return
        }
        state.withLock { state in
            if isTerminal {
                write(clearRows(state) + text + "\n" + state.rows.map { (state.lines[$0] ?? "") + "\n" }.joined())
            } else {
                write("\(LogTime.now) \(text)\n")
            }
        }
    }

    /// A line said only with `-v`.
    func detail(_ text: String, event: String, _ fields: [String: String] = [:]) {
        guard verbose else { return }
        line(text, event: event, fields)
    }

    /// Text as it is (a diff), with no timestamp; on a terminal it goes above the rollout rows.
    /// Written straight to standard output like every other line, so it keeps its place
    /// among them when the output is a pipe or a file (`print` would buffer it until exit).
    func text(_ text: String) {
        guard !text.isEmpty else { return }
        if format == .json {
            JSONLines.standardOutput.info("\(text)", metadata: ["event": "diff"])
            return
        }
        let block = text.hasSuffix("\n") ? text : text + "\n"
        state.withLock { state in
            if isTerminal {
                write(clearRows(state) + block + state.rows.map { (state.lines[$0] ?? "") + "\n" }.joined())
            } else {
                write(block)
            }
        }
    }

    private static func metadata(_ event: String, _ fields: [String: String]) -> Logger.Metadata {
        var metadata: Logger.Metadata = ["event": .string(event)]
        for (key, value) in fields { metadata[key] = .string(value) }
        return metadata
    }

    private func rollout(_ name: String, _ text: String) {
        state.withLock { state in
            let clear = clearRows(state)
            if state.lines[name] == nil { state.rows.append(name) }
            state.lines[name] = text
            write(clear + state.rows.map { (state.lines[$0] ?? "") + "\n" }.joined())
        }
    }

    /// Moves the cursor up over the rollout rows and clears them.
    private func clearRows(_ state: State) -> String {
        guard !state.rows.isEmpty else { return "" }
        return "\u{1B}[\(state.rows.count)A" + String(repeating: "\u{1B}[2K\n", count: state.rows.count)
            + "\u{1B}[\(state.rows.count)A"
    }

    private func write(_ text: String) {
        FileHandle.standardOutput.write(Data(text.utf8))
    }
}

enum LogTime {
    static var now: String { Date().formatted(.iso8601) }
}
