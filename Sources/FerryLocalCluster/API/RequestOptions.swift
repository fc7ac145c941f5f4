import Foundation

/// How a write request asked to be treated (query parameters and headers).
public struct WriteOptions: Sendable {
    /// `?fieldManager=`, or the User-Agent's product name (before '/') as the API server derives it.
    public var fieldManager: String
    /// `?dryRun=All`: everything but storing.
    public var dryRun: Bool
    /// `?force=true` on server-side apply: take fields owned by other managers.
    public var force: Bool
    public var fieldValidation: FieldValidation
    /// What the response's `Warning` headers say (unknown fields under `Warn`).
    public let warnings = ResponseWarnings()

    public init(fieldManager: String, dryRun: Bool = false, force: Bool = false, fieldValidation: FieldValidation = .warn) {
        self.fieldManager = fieldManager
        self.dryRun = dryRun
        self.force = force
        self.fieldValidation = fieldValidation
    }
}

/// Warnings gathered while a write is handled, for the HTTP layer to send as
/// `Warning: 299 - "..."` headers (kubectl prints each as `Warning: ...`).
public final class ResponseWarnings: @unchecked Sendable {
    private let lock = NSLock()
    private var messages: [String] = []

    public init() {}

    public var all: [String] { lock.withLock { messages } }

    /// A write's change may run more than once: each message is kept once.
    func add(_ message: String) {
        lock.withLock { if !messages.contains(message) { messages.append(message) } }
    }
}

/// `?fieldValidation=`: what to do with fields the schema does not know.
public enum FieldValidation: String, Sendable {
    case ignore = "Ignore", warn = "Warn", strict = "Strict"
}

/// The media types of PATCH bodies.
public enum PatchType: String, Sendable, CaseIterable {
    case json = "application/json-patch+json"
    case merge = "application/merge-patch+json"
    case strategic = "application/strategic-merge-patch+json"
    case apply = "application/apply-patch+yaml"
}

/// DELETE's options, from the DeleteOptions body and the query.
public struct DeleteOptions: Sendable {
    public enum Propagation: String, Sendable { case background = "Background", foreground = "Foreground", orphan = "Orphan" }

    public var propagation: Propagation
    public var dryRun: Bool
    /// `preconditions.uid` and `preconditions.resourceVersion`.
    public var preconditionUID: String?
    public var preconditionResourceVersion: String?
    /// `gracePeriodSeconds`: how long a pod may take to stop (0 deletes it at once;
    /// nil takes the pod's `terminationGracePeriodSeconds`).
    public var gracePeriodSeconds: Int64?

    public init(propagation: Propagation = .background, dryRun: Bool = false,
                preconditionUID: String? = nil, preconditionResourceVersion: String? = nil,
                gracePeriodSeconds: Int64? = nil) {
        self.propagation = propagation
        self.dryRun = dryRun
        self.preconditionUID = preconditionUID
        self.preconditionResourceVersion = preconditionResourceVersion
        self.gracePeriodSeconds = gracePeriodSeconds
    }
}

/// LIST and WATCH options.
public struct ListOptions: Sendable {
    public var labelSelector: LabelSelector?
    public var fieldSelector: FieldSelector?
    public var limit: Int?
    public var continueToken: String?
    /// The resourceVersion to watch from; nil or "0" means "the current state first".
    public var resourceVersion: String?

    public init(labelSelector: LabelSelector? = nil, fieldSelector: FieldSelector? = nil, limit: Int? = nil,
                continueToken: String? = nil, resourceVersion: String? = nil) {
        self.labelSelector = labelSelector
        self.fieldSelector = fieldSelector
        self.limit = limit
        self.continueToken = continueToken
        self.resourceVersion = resourceVersion
    }
}
