import Foundation

/// Writes a line to standard error, where warnings and errors go so that standard
/// output stays clean for piping.
/// With `--log-format json`, the line is a JSON object (`level` error or warning).
func printError(_ line: String) {
    guard Output.format == .json else {
        FileHandle.standardError.write(Data((line + "\n").utf8))
        return
    }
    if line.hasPrefix("warning: ") {
        JSONLines.standardError.warning("\(line.dropFirst("warning: ".count))")
    } else if line.hasPrefix("error: ") {
        JSONLines.standardError.error("\(line.dropFirst("error: ".count))")
    } else {
        JSONLines.standardError.notice("\(line)")
    }
}
