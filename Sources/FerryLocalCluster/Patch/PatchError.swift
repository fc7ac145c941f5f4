/// Why a patch or an apply could not be applied, in the terms the HTTP layer needs to
/// answer with a `Status`: a kind that fixes the code and reason, a message kubectl
/// prints verbatim, and, for apply conflicts, one cause per contested field.
public struct PatchError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The family of failure; it decides the HTTP code and the Status reason.
    public enum Kind: Sendable, Hashable {
        /// The patch document itself is malformed (not JSON of the right shape, an
        /// unknown operation or directive): 400 `BadRequest`.
        case badRequest
        /// The patch is well formed but cannot be applied to this object (a missing
        /// path, a list element without its merge key): 422 `Invalid`.
        case invalid
        /// A JSON patch `test` operation found a different value: 422 `Invalid`, as
        /// kube-apiserver answers every JSON patch that fails to apply.
        case testFailed
        /// Server-side apply would overwrite fields other managers own: 409 `Conflict`.
        case conflict
    }

    /// One field another manager owns, as a Status cause reports it.
    public struct FieldConflict: Sendable, Hashable {
        /// The owner as the apiserver prints it: `"kubectl-set" using apps/v1` for an
        /// Update entry, `"kubectl"` for an Apply entry.
        public var manager: String
        /// The field path, e.g. `.spec.template.spec.containers[name="nginx"].image`.
        public var field: String

        /// Creates a conflict on `field` with the printed `manager`.
        public init(manager: String, field: String) {
            self.manager = manager
            self.field = field
        }
    }

    /// One `details.causes` entry of the Status.
    public struct Cause: Sendable, Hashable {
        /// `FieldManagerConflict` for apply conflicts.
        public var reason: String
        /// `conflict with "kubectl-set" using apps/v1`.
        public var message: String
        /// The contested field path.
        public var field: String

        /// Creates a cause.
        public init(reason: String, message: String, field: String) {
            self.reason = reason
            self.message = message
            self.field = field
        }
    }

    /// What went wrong, which fixes ``code`` and ``reason``.
    public var kind: Kind
    /// The Status message; for conflicts exactly the apiserver's wording.
    public var message: String
    /// The contested fields of a ``Kind/conflict``; empty otherwise.
    public var conflicts: [FieldConflict]

    /// Creates an error; `conflicts` only matters for ``Kind/conflict``.
    public init(_ kind: Kind, _ message: String, conflicts: [FieldConflict] = []) {
        self.kind = kind
        self.message = message
        self.conflicts = conflicts
    }

    /// The HTTP status code of the response.
    public var code: Int {
        switch kind {
        case .badRequest: 400
        case .invalid, .testFailed: 422
        case .conflict: 409
        }
    }

    /// The Status `reason`.
    public var reason: String {
        switch kind {
        case .badRequest: "BadRequest"
        case .invalid, .testFailed: "Invalid"
        case .conflict: "Conflict"
        }
    }

    /// The Status `details.causes`: one `FieldManagerConflict` per contested field.
    public var causes: [Cause] {
        conflicts.map { Cause(reason: "FieldManagerConflict", message: "conflict with \($0.manager)", field: $0.field) }
    }

    /// `409 Conflict: Apply failed with …`, for logs.
    public var description: String { "\(code) \(reason): \(message)" }

    static func badRequest(_ message: String) -> PatchError { PatchError(.badRequest, message) }
    static func invalid(_ message: String) -> PatchError { PatchError(.invalid, message) }
}
