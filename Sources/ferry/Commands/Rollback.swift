import ArgumentParser
import FerryGit
import FerryKube
import FerryKubeClient
import FerrySync
import Foundation

extension Ferry {
    struct Rollback: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Deploy an earlier commit and hold the instance there (or revert the bad commits in git).",
            discussion: """
                By default deploys the last commit before the live one whose sync succeeded, read \
                from git's object database (the work tree is not touched), and waits for the rollouts \
                as `sync` does. Afterwards the instance is pinned to that commit: periodic syncs leave \
                it alone and say so, until a new commit lands on the branch or `ferry unpin`. \
                With --revert, writes a revert commit of each bad commit on the branch instead, then \
                syncs it, so git stays the one truth.

                Exit status: 0 rolled back; 1 no such commit, nothing to roll back to, or the revert \
                conflicts; 2 the target's manifests are invalid; 3 a rollout failed; 4 cluster \
                unreachable; 5 another run holds the lock.
                """)

        @OptionGroup var revision: RevisionOptions
        @OptionGroup var cluster: ClusterOptions
        @OptionGroup var output: OutputOptions

        @Option(help: ArgumentHelp("The commit to return to (a sha, tag, HEAD~2...).", valueName: "rev"))
        var to: String?

        @Option(help: ArgumentHelp("Go back this many revisions from the live one.", valueName: "n"))
        var steps: Int?

        @Flag(help: "Write revert commits of the bad commits on the branch, then sync them (no pin).")
        var revert = false

        @Flag(help: "Show the diff the rollback would apply; change nothing.")
        var dryRun = false

        @Option(help: ArgumentHelp("How long rollouts may take, e.g. 90s, 5m (default: ferry.yaml's timeout, else 5m).", valueName: "duration"))
        var timeout: String?

        func validate() throws {
            if to != nil, steps != nil { throw ValidationError("give --to or --steps, not both") }
        }

        func run() async throws {
            output.apply()
            let state = try loadDesiredState(revision.request())
            guard let head = state.origin.commit else { throw ExitCodes.failure }
            let instance = cluster.instance(state)
            var options = try syncOptions(for: state, timeout: timeout)
            options.interruption = SignalTrap.install()
            let printer = ProgressPrinter()
            try await withCluster(cluster, state: state) { client in
                let service = RollbackService(client: client, instance: instance, options: options)
                let prepared = try await refusingNothing { try await service.prepare(state, to: to, steps: steps) }
                let choice = prepared.choice
                let summary = "\(instance) from \(choice.live.prefix(7)) to \(choice.target.id.short) \(choice.target.summary)"
                if dryRun {
                    let plan = try await service.plan(prepared)
                    for entry in plan.entries where entry.action != .unchanged { printer.text(entry.diff) }
                    printer.line("rollback of \(summary): \(plan.summary)")
                    printer.line("dry run: nothing was applied")
                } else if revert {
                    let (written, report) = try await refusingNothing {
                        try await service.revert(prepared, state: state) { printer.handle($0) }
                    }
                    for commit in written { printer.line("wrote \(commit.id.short) \(commit.summary)") }
                    try finish(report, printer: printer)
                    printer.line("reverted \(choice.undone.count) commit(s) and synced \(written.last?.id.short ?? "?") to \(instance): \(report.plan.summary)")
                } else {
                    let report = try await service.deploy(prepared, from: head) { printer.handle($0) }
                    try finish(report, printer: printer)
                    printer.line("rolled back \(summary); pinned: periodic syncs leave it until a new commit lands on the branch or `ferry unpin`")
                }
            }
        }

        /// Runs `body`; a rollback that cannot start is one clear line (exit 2 for an
        /// invalid target, else 1), and nothing was changed.
        func refusingNothing<T>(_ body: () async throws -> T) async throws -> T {
            do {
                return try await body()
            } catch let error as RollbackError {
                if case .invalidTarget(_, let problems) = error {
                    for problem in problems { printError("error: \(problem)") }
                    printError("error: \(error); nothing was changed")
                    throw ExitCodes.invalid
                }
                printError("error: \(message(for: error)); nothing was changed")
                throw ExitCodes.failure
            } catch let error as GitError {
                printError("error: \(error); nothing was changed")
                throw ExitCodes.failure
            }
        }

        /// The error in this command's own words: the flags that named the target.
        func message(for error: RollbackError) -> String {
            switch error {
            case .noSuchCommit, .notOnBranch: return "--to \(error)"
            case .stepsNotPositive: return "--steps must be 1 or more"
            case .tooFewRevisions(let steps, let available, let live):
                return "--steps \(steps): there are only \(available) revision(s) before the live one \(live.prefix(7))"
            case .liveNotInHistory, .noEarlierGoodCommit: return "\(error) with --to REV"
            case .uncommitted: return "\(error) with `ferry rollback --revert`"
            default: return "\(error)"
            }
        }

        func finish(_ report: SyncReport, printer: ProgressPrinter) throws {
            if let skipped = report.skipped {
                printError("error: \(skipped)\(skipped.hint)")
                throw ExitCodes.failure
            }
            for rollout in report.rollouts {
                if rollout.succeeded { printer.line(rollout.message) } else { printError("error: \(rollout.message)") }
            }
            if report.rolloutsFailed { throw ExitCodes.rolloutFailed }
        }
    }
}
