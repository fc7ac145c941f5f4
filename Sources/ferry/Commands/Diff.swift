import ArgumentParser
import FerryKube
import FerrySync
import Foundation

extension Ferry {
    struct Diff: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show what a sync would change: live objects against a revision.",
            discussion: """
                Prints a unified YAML diff per object, then a summary line. Server-set fields \
                are left out, quantities compare by value, defaults are not drift, and Secret \
                values are masked. Objects that may have changed are checked with a server-side \
                dry run, so the diff is exactly what an apply would do.
                Exit status: 0 in sync, 1 differences, 2 invalid manifests, 4 cluster unreachable or unauthorized.
                """)

        @OptionGroup var revision: RevisionOptions
        @OptionGroup var cluster: ClusterOptions

        @Option(name: .shortAndLong, help: "Output format: text or json.")
        var output: ReportFormat = .text

        func run() async throws {
            let state = try loadValidState(revision)
            guard let commit = state.origin.commit else { throw ExitCodes.failure }
            let instance = cluster.instance(state)
            let plan = try await withCluster(cluster, state: state) { client in
                try await Planner(client: client, instance: instance).plan(state, recordNamespace: state.recordNamespace).plan
            }
            KeptUntilExit.keep(state, plan)
            switch output {
            case .json: print(try PlanReport(plan, commit: commit.id.hex, instance: instance).json())
            case .text:
                for entry in plan.entries where entry.action != .unchanged {
                    print(entry.diff, terminator: entry.diff.hasSuffix("\n") ? "" : "\n")
                }
                print(plan.summary)
            }
            if plan.hasChanges { throw ExitCodes.differences }
        }
    }
}
