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
            let state = try loadDesiredState(revision.request())
            guard let head = state.origin.commit else { throw ExitCodes.failure }
            let instance = cluster.instance(state)
            var options = try syncOptions(for: state, timeout: timeout)
            options.interruption = SignalTrap.install()
            let printer = ProgressPrinter()
            try await withCluster(cluster, state: state) { client in
                let record = try await RecordStore(client: client, instance: instance, namespace: options.recordNamespace).read()
                let choice = try choose(state: state, head: head, record: record)
                let target = try loadTarget(choice.target, state: state)
                if dryRun {
                    let desired = target.desiredObjects(instance: instance)
                    let plan = try await Planner(client: client, instance: instance)
                        .plan(desired, inventory: record.inventory.map(\.identity))
                    for entry in plan.entries where entry.action != .unchanged { printer.text(entry.diff) }
                    printer.line("rollback of \(instance) from \(choice.live.prefix(7)) to \(choice.target.id.short) \(choice.target.summary): \(plan.summary)")
                    printer.line("dry run: nothing was applied")
                    return
                }
                if revert {
                    try await revertAndSync(choice, state: state, client: client, instance: instance, options: options, printer: printer)
                    return
                }
                options.pinTo = Pin(commit: choice.target.id.hex,
                                    reason: "rolled back from \(choice.live.prefix(7)) by ferry rollback",
                                    rolledBackFrom: head.id.hex)
                let report = try await Syncer(client: client, instance: instance, options: options).sync(target) { printer.handle($0) }
                try finish(report, printer: printer)
                printer.line("rolled back \(instance) from \(choice.live.prefix(7)) to \(choice.target.id.short) \(choice.target.summary); pinned: periodic syncs leave it until a new commit lands on the branch or `ferry unpin`")
            }
        }

        /// The target, or a clear message and exit 1.
        func choose(state: DesiredState, head: Commit, record: InstanceRecord) throws -> RollbackChoice {
            do {
                let repository = try Repository(path: state.repositoryPath)
                let store = try ManifestStore(repository: repository, path: state.manifestPath)
                return try RollbackPlanner.choose(store: store, head: head, record: record, to: to, steps: steps)
            } catch let error as RollbackError {
                printError("error: \(error); nothing was changed")
                throw ExitCodes.failure
            } catch let error as GitError {
                printError("error: \(error); nothing was changed")
                throw ExitCodes.failure
            }
        }

        /// The target commit's desired state from the object database; invalid manifests stop here.
        func loadTarget(_ commit: Commit, state: DesiredState) throws -> DesiredState {
            var request = revision.request()
            request.revision = commit.id.hex
            request.path = revision.path ?? state.manifestPath
            let target = try loadDesiredState(request)
            guard target.manifests.isValid else {
                for problem in target.manifests.problems { printError("error: \(problem)") }
                printError("error: the manifests of \(commit.id.short) are invalid (\(target.manifests.problems.count) problem(s)); cannot roll back to it; nothing was changed")
                throw ExitCodes.invalid
            }
            return target
        }

        /// `--revert`: writes the revert commits (after checking the work tree and the lock), then syncs HEAD.
        func revertAndSync(_ choice: RollbackChoice, state: DesiredState, client: KubeClient, instance: String,
                           options: SyncOptions, printer: ProgressPrinter) async throws {
            guard state.uncommittedPaths.isEmpty else {
                printError("error: uncommitted changes under \(state.manifestPath.isEmpty ? "the repository" : state.manifestPath + "/") (\(state.uncommittedPaths.prefix(5).joined(separator: ", "))); commit or discard them before `ferry rollback --revert`; nothing was changed")
                throw ExitCodes.failure
            }
            // Refuse before git is touched when another run holds the lock.
            await (try await RunLease(client: client, instance: instance, namespace: options.recordNamespace).acquire()).release()
            let written: [Commit]
            do {
                written = try Repository(path: state.repositoryPath).revert(choice.undone)
            } catch let error as GitError {
                printError("error: \(error)")
                throw ExitCodes.failure
            }
            for commit in written { printer.line("wrote \(commit.id.short) \(commit.summary)") }
            let reverted = try loadValidState(revision)
            var syncOptions = options
            syncOptions.retryFailed = true
            let report = try await Syncer(client: client, instance: instance, options: syncOptions).sync(reverted) { printer.handle($0) }
            try finish(report, printer: printer)
            let commit = reverted.origin.commit.map { $0.id.short } ?? "?"
            printer.line("reverted \(choice.undone.count) commit(s) and synced \(commit) to \(instance): \(report.plan.summary)")
        }

        func finish(_ report: SyncReport, printer: ProgressPrinter) throws {
            for rollout in report.rollouts {
                if rollout.succeeded { printer.line(rollout.message) } else { printError("error: \(rollout.message)") }
            }
            if report.rolloutsFailed { throw ExitCodes.rolloutFailed }
        }
    }
}
