import Foundation

/// What one `ferry sync` did, kept in the cluster so that every machine running
/// Ferry sees the same history.
public struct SyncRecord: Sendable, Codable, Equatable {
    /// How a run ended.
    public enum Outcome: String, Sendable, Codable {
        /// Applied and every rollout finished.
        case succeeded
        /// Nothing needed doing.
        case unchanged
        /// A rollout failed or timed out.
        case failed
        /// A failed rollout was followed by a rollback to an earlier commit.
        case rolledBack = "rolled-back"
        /// Applying was refused or broke off.
        case error
        /// Everything was applied, but the run was stopped (SIGTERM) while rollouts were
        /// still going: the next run follows them again.
        case interrupted
    }

    /// One object's action in the run.
    public struct ObjectAction: Sendable, Codable, Equatable {
        public var object: String
        public var action: Action
        public init(object: String, action: Action) {
            self.object = object
            self.action = action
        }
    }

    /// One Deployment's rollout in the run.
    public struct Rollout: Sendable, Codable, Equatable {
        public var deployment: String
        public var succeeded: Bool
        public var message: String
        public init(deployment: String, succeeded: Bool, message: String) {
            self.deployment = deployment
            self.succeeded = succeeded
            self.message = message
        }
    }

    public var commit: String
    public var subject: String
    public var startedAt: Date
    public var durationSeconds: Double
    public var host: String
    public var outcome: Outcome
    /// Why it failed, when it did.
    public var reason: String?
    public var actions: [ObjectAction]
    public var rollouts: [Rollout]

    public init(commit: String, subject: String, startedAt: Date, durationSeconds: Double, host: String,
                outcome: Outcome, reason: String? = nil, actions: [ObjectAction], rollouts: [Rollout]) {
        self.commit = commit
        self.subject = subject
        self.startedAt = startedAt
        self.durationSeconds = durationSeconds
        self.host = host
        self.outcome = outcome
        self.reason = reason
        self.actions = actions
        self.rollouts = rollouts
    }
}
