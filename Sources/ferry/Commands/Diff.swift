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
                Exit status, as kubectl diff's: 0 in sync, 1 differences, above 1 an error: 2 invalid \
                manifests or any other failure (a revision or record that cannot be read, a refused \
                dry run), 4 cluster unreachable or unauthorized.
                """)

        /// Every failure but the unreachable cluster: 1 means "differences" for diff alone, so
        /// a script can tell drift from a diff that did not run.
        static let failed = ExitCode(2)

        @OptionGroup var revision: RevisionOptions
        @OptionGroup var cluster: ClusterOptions

        @Option(name: .shortAndLong, help: "Output format: text or json.")
        var output: ReportFormat = .text

        func run() async throws {
            let hasChanges: Bool
            do {
                hasChanges = try await printDiff()
            } catch let code as ExitCode {
                // The shared helpers say 1 for "anything else", which would read as differences here.
                throw code == ExitCodes.failure ? Self.failed : code
            } catch let error as ValidationError {
                throw error
            } catch {
                printError("error: \(error)")
                throw Self.failed
            }
            if hasChanges { throw ExitCodes.differences }
        }

        /// Prints the plan's diff; whether the cluster differs from the revision.
        func printDiff() async throws -> Bool {
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
            return plan.hasChanges
        }
    }
}
