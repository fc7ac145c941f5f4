import FerryYAML

/// Where something was written: a file in the repository and a position in it.
public struct SourceLocation: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The path relative to the repository root, e.g. `manifests/spark-worker.yaml`.
    public var file: String
    public var line: Int
    public var column: Int

    public init(file: String, line: Int, column: Int) {
        self.file = file
        self.line = line
        self.column = column
    }

    public init(file: String, mark: YAMLMark) {
        self.init(file: file, line: mark.line, column: mark.column)
    }

    /// `file:line:col`, as compilers print it, so editors can jump to it.
    public var description: String { "\(file):\(line):\(column)" }

    public static func < (a: SourceLocation, b: SourceLocation) -> Bool {
        (a.file, a.line, a.column) < (b.file, b.line, b.column)
    }
}
