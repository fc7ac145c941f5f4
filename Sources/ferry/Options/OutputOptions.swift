import ArgumentParser

/// How a command that runs unattended reports: quiet when nothing changed (for cron
/// mail and the journal), a line per change otherwise; more with `-v`; JSON lines for
/// log collectors.
struct OutputOptions: ParsableArguments {
    @Flag(name: .shortAndLong, help: "Say more: the plan, each rollout's progress, the steps taken.")
    var verbose = false

    @Option(help: ArgumentHelp("text, or json: one JSON object per line on standard output (errors on standard error).", valueName: "format"))
    var logFormat: LogFormat = .text

    /// Makes these settings the process's, before anything is printed.
    func apply() {
        Output.verbose = verbose
        Output.format = logFormat
    }
}

/// How lines are written.
enum LogFormat: String, ExpressibleByArgument, CaseIterable, Sendable {
    case text, json
}

/// The process's output settings, set once by ``OutputOptions/apply()`` before any task starts.
enum Output {
    nonisolated(unsafe) static var verbose = false
    nonisolated(unsafe) static var format = LogFormat.text
}
