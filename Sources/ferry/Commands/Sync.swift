import ArgumentParser
import FerryKube
import FerryAgent
import FerrySync
import Foundation

extension Ferry {
    struct Sync: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Make the cluster match a revision and follow its rollouts.",
            discussion: """
                Validates the whole revision first, takes the instance's lock, applies what changed \
                by server-side apply (field manager "ferry", forcing: git wins over edits made by hand) \
                in dependency order, prunes objects removed from git (only those in ferry's inventory), \
                then watches every changed Deployment until its rollout completes or fails. An unchanged \
                object gets no write at all.

                Output: nothing when nothing changed (cron mail and the journal stay quiet), a \
                line per change otherwise; -v adds the plan and each rollout's progress; \
                --log-format json writes each line as a JSON object.

                Exit status:
                  0  synced and healthy (or nothing to do)
                  1  the cluster refused an object or a prune, an object belongs to another \
                instance, a namespace is missing, a refused empty revision
                  2  invalid manifests (or a kind the cluster does not serve); nothing applied
                  3  a rollout failed or timed out (with --auto-rollback: and was rolled back)
                  4  the cluster is unreachable or refused the credentials
                  5  another run holds the lock (or took it over)
                  130, 143  stopped by SIGINT or SIGTERM; the lock was released
                """)

        @OptionGroup var revision: RevisionOptions
        @OptionGroup var cluster: ClusterOptions
        @OptionGroup var output: OutputOptions

        @Flag(help: "Do everything but write: plan with server dry runs, apply nothing.")
        var dryRun = false

        @Flag(inversion: .prefixedNo, help: "Delete objects removed from git (only those ferry applied before).")
        var prune = true

        @Flag(help: "Allow a revision that would delete every object ferry manages.")
        var allowEmpty = false

        @Option(help: ArgumentHelp("How long rollouts may take, e.g. 90s, 5m (default: ferry.yaml's timeout, else 5m).", valueName: "duration"))
        var timeout: String?

        @Flag(inversion: .prefixedNo, help: "Follow the rollouts of what changed before exiting (--no-wait: record the run and exit once everything is applied and pruned, without following the rollouts).")
        var wait = true

        @Flag(help: "When a rollout fails, record the commit as failed, return to the last good commit and exit 3.")
        var autoRollback = false

        @Flag(help: "Sync the commit even though its rollout failed before.")
        var retryFailed = false

        @Flag(help: "Take over objects another ferry instance manages (refused otherwise).")
        var adopt = false

        @Flag(help: "Prune a Namespace removed from git even when it holds objects ferry does not manage.")
        var pruneNamespacesWithForeignObjects = false

        /// A bad --timeout is a usage error, reported with sync's usage before anything is read.
        @Option(help: ArgumentHelp("POST a JSON event to this URL when the sync changed or failed something (default: ferry.yaml's notify).", valueName: "url"))
        var notify: String?

        func validate() throws {
            if let timeout, GoDuration.seconds(timeout) == nil {
                throw ValidationError("--timeout must be a duration such as 90s, 5m or 1h30m, got '\(timeout)'")
            }
            if let notify, let problem = Notifier.problem(with: notify) { throw ValidationError("--notify: \(problem)") }
        }

        func run() async throws {
            output.apply()
            let state = try loadValidState(revision)
            var options = try syncOptions(for: state, timeout: timeout)
            options.dryRun = dryRun
            options.autoRollback = autoRollback
            options.wait = wait
            options.retryFailed = retryFailed
            options.prune = prune
            options.allowEmpty = allowEmpty
            options.adopt = adopt
            options.pruneNamespacesWithForeignObjects = pruneNamespacesWithForeignObjects
            options.interruption = SignalTrap.install()
            let printer = ProgressPrinter()
            let instance = cluster.instance(state)
            let started = Date()
            let notifier = dryRun ? nil : (notify ?? state.config.notify).map(Notifier.init(url:))
            let report: SyncReport
            do {
                report = try await withCluster(cluster, state: state) { client in
                    try await Syncer(client: client, instance: instance, options: options).sync(state) { printer.handle($0) }
                }
            } catch {
                // A refused sync is news too; the exit code is the sync's, whatever the receiver does.
                if let notifier, let commit = state.origin.commit {
                    await deliver(notifier, SyncNotification(instance: instance, commit: commit.id.hex, outcome: "error", report: nil,
                                                             durationSeconds: Date().timeIntervalSince(started),
                                                             reason: (error as? ExitCode).map { "the sync failed with exit status \($0.rawValue); its output says why" } ?? "\(error)"))
                }
                throw error
            }
            if let notifier, let commit = state.origin.commit, let record = report.record {
                await deliver(notifier, SyncNotification(instance: instance, commit: commit.id.hex, outcome: report.outcome.rawValue,
                                                         report: report, durationSeconds: Date().timeIntervalSince(started),
                                                         reason: record.reason))
            }
            KeptUntilExit.keep(state, report)
            if let skipped = report.skipped {
                // Nothing changed: said to a person, not to cron mail every minute (`status` shows a pin too).
                if printer.verbose || printer.isTerminal { printer.line("skipped: \(skipped)\(skipped.hint)", event: "skipped") }
                return
            }
            if dryRun {
                for entry in report.plan.entries where entry.action != .unchanged {
                    printer.text(entry.diff)
                }
                printer.line("dry run: nothing was applied")
                return
            }
            for rollout in report.rollouts {
                if rollout.succeeded {
                    printer.line(rollout.message)
                } else {
                    printError("error: \(rollout.message)")
                }
            }
            if let reason = report.interrupted {
                printError("error: stopped by \(reason) while waiting for the rollouts; everything was applied, and the next run follows them again")
                throw ExitCodes.interrupted(by: reason)
            }
            if let good = report.rolledBackTo {
                let bad = state.origin.commit.map { $0.id.short } ?? "?"
                printError("error: rolled back \(instance) from \(bad) to \(good.prefix(7)); \(bad) is recorded as failed and periodic syncs will not retry it (push a fix, or pass --retry-failed)")
            } else if let reason = report.notRolledBack {
                printError("error: not rolled back: \(reason)")
            }
            if report.rolloutsFailed { throw ExitCodes.rolloutFailed }
            let commit = state.origin.commit.map { $0.id.short } ?? "?"
            if report.record != nil || printer.verbose || printer.isTerminal {
                printer.line("synced \(commit) to \(instance): \(report.plan.summary)", event: "synced", ["commit": commit])
            }
        }

        /// Sends the event within the notifier's few seconds; a failure is one line, never the sync's failure.
        func deliver(_ notifier: Notifier, _ event: SyncNotification) async {
            if let problem = await notifier.send(event) { printError("warning: \(problem)") }
        }
    }
}
