import AsyncHTTPClient
import FerryKube
import FerrySync
import Foundation
import NIOCore
import NIOHTTP1

/// What one sync did, as the JSON event a notification carries.
public struct SyncNotification: Sendable {
    public var instance: String
    public var commit: String
    public var outcome: String
    /// `Deployment/spark/spark-worker configured`, one per changed object.
    public var changed: [String]
    /// One per Deployment followed: name, whether it rolled out, and kubectl's sentence or the cause.
    public var rollouts: [(deployment: String, succeeded: Bool, message: String)]
    public var durationSeconds: Double
    /// Why it failed, when it did (never a Secret's value: messages are the ones printed).
    public var reason: String?

    public init(instance: String, commit: String, outcome: String, changed: [String],
                rollouts: [(deployment: String, succeeded: Bool, message: String)], durationSeconds: Double, reason: String?) {
        self.instance = instance
        self.commit = commit
        self.outcome = outcome
        self.changed = changed
        self.rollouts = rollouts
        self.durationSeconds = durationSeconds
        self.reason = reason
    }

    /// The event for a sync that ended with `report` (nil when it threw before one).
    public init(instance: String, commit: String, outcome: String, report: SyncReport?, durationSeconds: Double,
                reason: String?) {
        self.init(instance: instance, commit: commit, outcome: outcome,
                  changed: report?.record?.actions.filter { $0.action != .unchanged }.map { "\($0.object) \($0.action.rawValue)" } ?? [],
                  rollouts: report?.rollouts.map { ("\($0.object)", $0.succeeded, $0.message) } ?? [],
                  durationSeconds: durationSeconds, reason: reason)
    }

    public var json: JSONValue {
        var object: [String: JSONValue] = [
            "instance": .string(instance), "commit": .string(commit), "outcome": .string(outcome),
            "changed": .array(changed.map { .string($0) }),
            "rollouts": .array(rollouts.map { ["deployment": .string($0.deployment), "succeeded": .bool($0.succeeded),
                                               "message": .string($0.message)] }),
            "durationSeconds": .double((durationSeconds * 1000).rounded() / 1000),
        ]
        if let reason { object["reason"] = .string(reason) }
        return .object(object)
    }
}

/// POSTs a JSON event per sync outcome to a URL (a chat webhook, an alert manager).
/// Bounded: each try times out after `attemptTimeout`, and all tries end within
/// `budget`, so a dead receiver delays a sync by a few seconds at most and never fails it.
public struct Notifier: Sendable {
    public let url: String
    public var attemptTimeout: Duration = .seconds(2)
    public var attempts = 3
    public var budget: Duration = .seconds(5)

    public init(url: String) { self.url = url }

    /// Why the URL cannot be used, or nil.
    public static func problem(with url: String) -> String? {
        guard let parsed = URL(string: url), let scheme = parsed.scheme, ["http", "https"].contains(scheme), parsed.host != nil else {
            return "'\(url)' is not an http or https URL"
        }
        return nil
    }

    /// Sends `event`; returns nil when a receiver took it (2xx), else why not.
    @discardableResult
    public func send(_ event: SyncNotification) async -> String? {
        let body = event.json.serialized()
        let deadline = ContinuousClock.now + budget
        var lastProblem = "not sent"
        for attempt in 0..<attempts {
            if attempt > 0 {
                let pause = Duration.milliseconds(250 * (1 << attempt))
                guard ContinuousClock.now + pause < deadline else { break }
                try? await Task.sleep(for: pause)
            }
            let left = deadline - ContinuousClock.now
            guard left > .zero else { break }
            var request = HTTPClientRequest(url: url)
            request.method = .POST
            request.headers.add(name: "Content-Type", value: "application/json")
            request.headers.add(name: "User-Agent", value: "ferry")
            request.body = .bytes(ByteBuffer(bytes: body))
            do {
                let timeout = min(attemptTimeout, left)
                let response = try await HTTPClient.shared.execute(request, timeout: .milliseconds(Int64(timeout / .milliseconds(1))))
                if (200..<300).contains(response.status.code) { return nil }
                lastProblem = "the receiver answered \(response.status.code)"
                if (400..<500).contains(response.status.code), response.status.code != 429 { break }
            } catch {
                lastProblem = "\(error)"
            }
        }
        return "notification to \(url) not delivered: \(lastProblem)"
    }
}
