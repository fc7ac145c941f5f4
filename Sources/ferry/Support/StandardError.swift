import Foundation

/// Writes a line to standard error, where warnings and errors go so that standard
/// output stays clean for piping.
func printError(_ line: String) {
    FileHandle.standardError.write(Data((line + "\n").utf8))
}
