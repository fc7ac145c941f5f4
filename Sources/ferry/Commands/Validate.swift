import ArgumentParser
import FerrySync

extension Ferry {
    struct Validate: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check the manifests of a revision without touching any cluster.",
            discussion: """
                Prints every problem, not just the first, as file:line:col: message.
                Exit status: 0 when valid, 2 when invalid, 1 when the repository cannot be read.
                With --staged it checks what is staged for the next commit (see hooks/pre-commit).
                """)

        @OptionGroup var revision: RevisionOptions

        @Flag(help: "Check the staged content of the index instead of a commit.")
        var staged = false

        @Option(name: .shortAndLong, help: "Output format: text or json.")
        var output: ReportFormat = .text

        func run() throws {
            let state = try loadDesiredState(revision.request(staged: staged))
            let set = state.manifests
            switch output {
            case .json:
                print(try ValidationReport(state).json())
            case .text:
                for problem in set.problems { print(problem) }
                let place = state.manifestPath.isEmpty ? "" : "\(state.manifestPath)/ "
                if set.isValid {
                    print("\(place)at \(state.origin): \(set.manifests.count) objects in \(state.fileCount) files, valid")
                } else {
                    let count = set.problems.count
                    print("\(place)at \(state.origin): \(count) problem\(count == 1 ? "" : "s") in \(state.fileCount) files; nothing will be applied until they are fixed")
                }
            }
            if !set.isValid { throw ExitCodes.invalid }
        }
    }
}
