import FerryKube

/// How the simulated runtime decides a finishing container's exit code, since it
/// runs no program: a container whose command line (`command` then `args`) ends in
/// `exit N` (`sh -c "exit 1"`, `sh -c "work; exit 3"`) exits with N; one whose
/// last word is `false` (`false`, `/bin/false`, `sh -c "false"`) exits with 1;
/// anything else exits with 0. Only pods that run to completion (restartPolicy
/// `Never` or `OnFailure`) ever exit; long-running ones keep running.
enum ContainerExit {
    /// The exit code of `container` (a pod spec's container object).
    static func code(of container: JSONValue) -> Int64 {
        let words = ((container["command"]?.array ?? []) + (container["args"]?.array ?? []))
            .compactMap(\.string)
            .flatMap { $0.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == ";" }) }
            .map(String.init)
        guard let last = words.last else { return 0 }
        if words.count >= 2, words[words.count - 2] == "exit", let code = Int64(last) {
            // The shell keeps the low 8 bits.
            return code & 0xff
        }
        if last == "false" || last.hasSuffix("/false") { return 1 }
        return 0
    }

    /// The container's terminated reason: `Completed` for 0, `Error` otherwise.
    static func reason(_ code: Int64) -> String { code == 0 ? "Completed" : "Error" }

    /// Whether a pod's containers exit rather than run until deleted.
    static func runsToCompletion(_ pod: JSONValue) -> Bool {
        let policy = pod[path: ["spec", "restartPolicy"]]?.string
        return policy == "Never" || policy == "OnFailure"
    }
}
