import FerryKube
import FerrySync
import Foundation
import Synchronization

/// Prints a sync as it happens: on a terminal, one updating line per Deployment;
/// otherwise (cron, CI, a log file) plain timestamped lines.
final class ProgressPrinter: Sendable {
    private struct State {
        var rows: [String] = []
        var lines: [String: String] = [:]
    }

    private let state = Mutex(State())
    let isTerminal: Bool

    init(isTerminal: Bool = isatty(STDOUT_FILENO) == 1) {
        self.isTerminal = isTerminal
    }

    func handle(_ event: SyncEvent) {
        switch event {
        case .planned(let plan):
            line("plan: \(plan.summary)")
        case .upToDate:
            line("in sync: nothing to apply")
        case .applied(let identity, let action):
            line("\(identity) \(action.rawValue)")
        case .kept(let identity):
            line("\(identity) not pruned (--no-prune)")
        case .keptNamespace(let identity, let because):
            line("\(identity) not pruned: \(because) (annotate it \(FerryMetadata.pruneWithForeignObjectsAnnotation)=true, or pass --prune-namespaces-with-foreign-objects, to prune it anyway)")
        case .adopting(let identity):
            line("\(identity) adopted: it exists without ferry's labels (made by hand or by another tool); ferry manages it from now on")
        case .takingOver(let identity, let other):
            line("\(identity) taken over from ferry instance \"\(other)\" (--adopt)")
        case .rollout(let identity, let status):
            // A deadline passing changes no count: say so, or the line would just repeat.
            let deadline = status.phase == .deadlineExceeded ? "  progress deadline exceeded" : ""
            rollout(identity.name, "\(identity.name)  \(status.progress)\(deadline)")
        }
    }

    /// A line that stays: on a terminal it goes above the rollout rows.
    func line(_ text: String) {
        state.withLock { state in
            if isTerminal {
                write(clearRows(state) + text + "\n" + state.rows.map { (state.lines[$0] ?? "") + "\n" }.joined())
            } else {
                write("\(LogTime.now) \(text)\n")
            }
        }
    }

    /// Text as it is (a diff), with no timestamp; on a terminal it goes above the rollout rows.
    /// Written straight to standard output like every other line, so it keeps its place
    /// among them when the output is a pipe or a file (`print` would buffer it until exit).
    func text(_ text: String) {
        guard !text.isEmpty else { return }
        let block = text.hasSuffix("\n") ? text : text + "\n"
        state.withLock { state in
            if isTerminal {
                write(clearRows(state) + block + state.rows.map { (state.lines[$0] ?? "") + "\n" }.joined())
            } else {
                write(block)
            }
        }
    }

    private func rollout(_ name: String, _ text: String) {
        state.withLock { state in
            guard isTerminal else {
                write("\(LogTime.now) \(text)\n")
                return
            }
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
