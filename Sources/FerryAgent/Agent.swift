import FerryGit
import FerryKube
import FerryKubeClient
import FerrySync
import Foundation
import Logging
import ServiceLifecycle
import Synchronization

/// `ferry agent`: keeps an instance at its branch for as long as it runs.
///
/// It syncs a new commit within a poll of the branch (a cheap ref read, every
/// `pollInterval`), checks and heals drift every `interval` (a sync that finds nothing
/// to do writes nothing), and backs off while a commit keeps failing. A bad commit is
/// reported and waited out; the agent never exits for one. A newer commit abandons a
/// sync still waiting for its rollouts, so a stuck rollout never blocks its own fix.
/// Graceful shutdown (SIGTERM, SIGINT) stops the current sync at its next step, which
/// releases the lease.
public final class Agent: Service, Sendable {
    public struct Settings: Sendable {
        public var repository: String
        public var revision = "HEAD"
        public var path: String?
        public var namespace: String?
        public var instance: String?
        public var interval: Duration = .seconds(60)
        public var pollInterval: Duration = .milliseconds(250)
        public var sync = SyncOptions()
        public var timeout: String?
        public init(repository: String) { self.repository = repository }
    }

    /// What the agent tells its operator: one line per change or problem, as `ferry sync` does.
    public struct Reporter: Sendable {
        public var event: @Sendable (SyncEvent) -> Void
        public var line: @Sendable (String) -> Void
        public var error: @Sendable (String) -> Void
        public init(event: @escaping @Sendable (SyncEvent) -> Void, line: @escaping @Sendable (String) -> Void,
                    error: @escaping @Sendable (String) -> Void) {
            self.event = event
            self.line = line
            self.error = error
        }
    }

    let settings: Settings
    let client: any ClusterAccess
    let reporter: Reporter
    let metrics: AgentMetrics?
    let health: AgentHealth
    let notifier: Notifier?
    private let stopping = Interruption()
    /// The running sync's stop request, tripped by a newer commit or by shutdown.
    private let current = Mutex<Interruption?>(nil)

    public init(settings: Settings, client: any ClusterAccess, reporter: Reporter, metrics: AgentMetrics?,
                health: AgentHealth, notifier: Notifier?) {
        self.settings = settings
        self.client = client
        self.reporter = reporter
        self.metrics = metrics
        self.health = health
        self.notifier = notifier
    }

    public func run() async throws {
        let started = ContinuousClock.now
        var schedule = AgentSchedule(interval: settings.interval)
        var unreadable: String?
        await withGracefulShutdownHandler {
            while stopping.reason == nil {
                guard let head = readHead(&unreadable) else {
                    await pause(settings.interval)
                    continue
                }
                switch schedule.next(head: head, now: ContinuousClock.now - started) {
                case .wait(let until):
                    await pause(min(until - (ContinuousClock.now - started), settings.pollInterval))
                case .sync(let commit, let reason):
                    if reason == .newCommit || reason == .start { reporter.line("syncing \(commit.prefix(7)) (\(reason.rawValue))") }
                    let succeeded = await syncOnce(commit)
                    schedule.finished(commit: commit, succeeded: succeeded, at: ContinuousClock.now - started)
                    if !succeeded, stopping.reason == nil {
                        reporter.line("next try of \(commit.prefix(7)) in \(schedule.delay.formatted) unless a new commit lands")
                    }
                }
            }
        } onGracefulShutdown: {
            self.stopping.request("SIGTERM")
            self.current.withLock { $0?.request("SIGTERM") }
        }
        reporter.line("agent stopped")
    }

    /// The branch's commit, or nil (said once until it reads again) when it cannot be read.
    private func readHead(_ unreadable: inout String?) -> String? {
        do {
            let head = try headCommit()
            unreadable = nil
            return head
        } catch {
            let message = "\(error)"
            if unreadable != message { reporter.error("cannot read \(settings.revision) in \(settings.repository): \(message)") }
            unreadable = message
            return nil
        }
    }

    /// The commit the branch points at: a ref read, cheap enough to poll.
    private func headCommit() throws -> String {
        try Repository(path: settings.repository).resolve(settings.revision).id.hex
    }

    /// Sleeps, unless shutdown comes first.
    private func pause(_ duration: Duration) async {
        guard duration > .zero else { return }
        await withTaskGroup(of: Void.self) { group in
            group.addTask { try? await Task.sleep(for: duration) }
            group.addTask { await self.stopping.wait() }
            await group.next()
            group.cancelAll()
        }
    }

    /// One sync of `commit`; returns whether it succeeded (in sync and healthy).
    private func syncOnce(_ commit: String) async -> Bool {
        let started = Date()
        let state: DesiredState
        do {
            state = try RevisionLoader.load(RevisionRequest(repository: settings.repository, revision: commit,
                                                            path: settings.path, namespace: settings.namespace))
        } catch {
            reporter.error("\(commit.prefix(7)): \(error); waiting for the next commit")
            account(commit, instance: settings.instance ?? "", outcome: "invalid", started: started, report: nil, reason: "\(error)")
            return false
        }
        guard state.manifests.isValid else {
            for problem in state.manifests.problems { reporter.error("\(problem)") }
            reporter.error("\(commit.prefix(7)): \(state.manifests.problems.count) problem(s) in the manifests; nothing was applied; waiting for the next commit")
            account(commit, instance: settings.instance ?? state.instanceName, outcome: "invalid", started: started, report: nil,
                    reason: "invalid manifests")
            return false
        }
        var options = settings.sync
        // The record's namespace and the timeout come from this commit's ferry.yaml, as for `ferry sync`.
        if let defaults = try? SyncOptions(for: state, timeout: settings.timeout) {
            options.recordNamespace = defaults.recordNamespace
            options.timeout = defaults.timeout
        }
        let interruption = Interruption()
        options.interruption = interruption
        current.withLock { $0 = interruption }
        defer { current.withLock { $0 = nil } }
        if let reason = stopping.reason { interruption.request(reason) }
        let instance = settings.instance ?? state.instanceName
        // A newer commit abandons this sync: watched for while it runs.
        let watcher = Task {
            while !Task.isCancelled {
                try? await Task.sleep(for: settings.pollInterval)
                if let head = try? headCommit(), head != commit {
                    interruption.request("a newer commit \(head.prefix(7))")
                    return
                }
            }
        }
        defer { watcher.cancel() }
        do {
            let report = try await Syncer(client: client, instance: instance, options: options).sync(state, events: reporter.event)
            return finish(commit, instance: instance, report: report, started: started)
        } catch let error as SyncError {
            if case .interrupted(let reason, _) = error {
                reporter.line("\(commit.prefix(7)): stopped for \(reason)")
            } else {
                reporter.error("\(error)")
            }
            account(commit, instance: instance, outcome: "error", started: started, report: nil, reason: "\(error)")
            return false
        } catch let error as KubeError where error.isUnreachable || error.isUnauthorized {
            reporter.error("\(error)")
            health.set(ready: false, reason: "\(error)")
            account(commit, instance: instance, outcome: "unreachable", started: started, report: nil, reason: "\(error)")
            return false
        } catch {
            reporter.error("\(error)")
            account(commit, instance: instance, outcome: error is RunLease.Held ? "locked" : "error", started: started,
                    report: nil, reason: "\(error)")
            return false
        }
    }

    /// Reports a finished sync; returns whether it succeeded.
    private func finish(_ commit: String, instance: String, report: SyncReport, started: Date) -> Bool {
        if let skipped = report.skipped {
            account(commit, instance: instance, outcome: "skipped", started: started, report: report, reason: "\(skipped)")
            return true
        }
        for rollout in report.rollouts {
            if rollout.succeeded { reporter.line(rollout.message) } else { reporter.error(rollout.message) }
        }
        if let reason = report.interrupted {
            reporter.line("\(commit.prefix(7)): rollout wait abandoned for \(reason)")
        } else if report.record != nil {
            reporter.line("synced \(commit.prefix(7)): \(report.plan.summary)")
        }
        let reason = report.rollouts.filter { !$0.succeeded }.map(\.message).joined(separator: "; ")
        account(commit, instance: instance, outcome: report.outcome.rawValue, started: started, report: report,
                reason: reason.isEmpty ? nil : reason)
        return report.outcome == .succeeded || report.outcome == .unchanged
    }

    /// Counts a sync in the metrics and health, and notifies it when it changed or failed something.
    private func account(_ commit: String, instance: String, outcome: String, started: Date, report: SyncReport?,
                         reason: String?) {
        let seconds = Date().timeIntervalSince(started)
        let succeeded = outcome == "succeeded" || outcome == "unchanged"
        if report != nil { health.set(ready: true, reason: "ok") }
        metrics?.record(outcome: outcome, duration: seconds,
                        drifted: report.map { $0.plan.entries.filter { $0.action.isChange }.count },
                        pinned: report.map { if case .pinned = $0.skipped { true } else { false } }, succeeded: succeeded)
        if succeeded { metrics?.current(commit: commit) }
        // A drift check that found nothing is no news.
        guard let notifier, outcome != "unchanged", outcome != "skipped" else { return }
        let event = SyncNotification(instance: instance, commit: commit, outcome: outcome, report: report,
                                     durationSeconds: seconds, reason: reason)
        let reporter = reporter
        Task {
            if let problem = await notifier.send(event) { reporter.error(problem) }
        }
    }
}
