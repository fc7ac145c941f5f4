import CGit2

/// An error from libgit2, or from Ferry's use of a repository, with what Ferry was doing when it happened.
///
/// `description` reads "<context>: <libgit2 message>", e.g.
/// "revision 'nope' not found in /srv/repo: revspec 'nope' not found".
public struct GitError: Error, CustomStringConvertible, Sendable, Equatable {
    /// A libgit2 return code (`git_error_code`): what kind of failure this was.
    public struct Code: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
        /// The raw, negative libgit2 value.
        public let rawValue: Int32
        /// Wraps a raw `git_error_code` value.
        public init(rawValue: Int32) { self.rawValue = rawValue }

        /// A generic failure (`GIT_ERROR`).
        public static let generic = Code(rawValue: GIT_ERROR.rawValue)
        /// The requested object, reference, revision or path does not exist (`GIT_ENOTFOUND`).
        public static let notFound = Code(rawValue: GIT_ENOTFOUND.rawValue)
        /// A short object id matches more than one object (`GIT_EAMBIGUOUS`).
        public static let ambiguous = Code(rawValue: GIT_EAMBIGUOUS.rawValue)
        /// The operation needs a work tree and the repository is bare (`GIT_EBAREREPO`).
        public static let bareRepository = Code(rawValue: GIT_EBAREREPO.rawValue)
        /// HEAD names a branch without commits yet (`GIT_EUNBORNBRANCH`).
        public static let unbornBranch = Code(rawValue: GIT_EUNBORNBRANCH.rawValue)
        /// A revision spec or reference name is malformed (`GIT_EINVALIDSPEC`).
        public static let invalidSpec = Code(rawValue: GIT_EINVALIDSPEC.rawValue)
        /// An object cannot be peeled to the requested type, e.g. a tree to a commit (`GIT_EPEEL`).
        public static let peel = Code(rawValue: GIT_EPEEL.rawValue)
        /// An invalid operation or input (`GIT_EINVALID`).
        public static let invalid = Code(rawValue: GIT_EINVALID.rawValue)
        /// The repository is owned by another user and is not trusted (`GIT_EOWNER`).
        public static let owner = Code(rawValue: GIT_EOWNER.rawValue)

        /// The libgit2 constant's name, or the raw number for codes Ferry does not name.
        public var description: String {
            switch self {
            case .generic: "GIT_ERROR"
            case .notFound: "GIT_ENOTFOUND"
            case .ambiguous: "GIT_EAMBIGUOUS"
            case .bareRepository: "GIT_EBAREREPO"
            case .unbornBranch: "GIT_EUNBORNBRANCH"
            case .invalidSpec: "GIT_EINVALIDSPEC"
            case .peel: "GIT_EPEEL"
            case .invalid: "GIT_EINVALID"
            case .owner: "GIT_EOWNER"
            default: "git error \(rawValue)"
            }
        }
    }

    /// The libgit2 return code.
    public let code: Code
    /// The libgit2 error class (`git_error_t`, e.g. `GIT_ERROR_ODB` = 9); 0 when the error is Ferry's own.
    public let errorClass: Int32
    /// libgit2's own message (from `git_error_last()`), or Ferry's explanation when the error is Ferry's own.
    public let message: String
    /// What Ferry was doing, e.g. "resolving revision 'HEAD~9' in /srv/repo".
    public let context: String

    /// Makes an error; `message` may be empty when there is nothing to add to `context`.
    public init(code: Code, errorClass: Int32 = 0, message: String, context: String) {
        self.code = code
        self.errorClass = errorClass
        self.message = message
        self.context = context
    }

    /// "<context>: <message>", or just the context when there is no message.
    public var description: String {
        message.isEmpty ? context : "\(context): \(message)"
    }

    /// Takes libgit2's thread-local last error, its class and message (empty when libgit2 set
    /// none), and clears it so a later failure that sets no message cannot repeat this one.
    ///
    /// Must be read straight after the failing call: any later libgit2 call may replace it.
    static func takeLastLibgit2Error() -> (errorClass: Int32, message: String) {
        defer { git_error_clear() }
        guard let last = git_error_last() else { return (0, "") }
        return (last.pointee.klass, last.pointee.message.map { String(cString: $0) } ?? "")
    }
}

/// Runs a libgit2 call's result through one gate: a negative value becomes a thrown `GitError`.
///
/// `context` is only built on failure, after libgit2's message has been captured, so it may
/// itself call into libgit2 (e.g. to print a path) without clobbering the message.
///
/// `referenced` says the object was named by another one (a tree's entry, a commit's tree):
/// then its absence is damage too, not a typo, and the message says to run `git fsck`.
@discardableResult
func check(_ result: Int32, _ context: @autoclosure () -> String, referenced: Bool = false) throws -> Int32 {
    guard result < 0 else { return result }
    let code = GitError.Code(rawValue: result)
    var (errorClass, message) = GitError.takeLastLibgit2Error()
    if GitError.isDamage(code: code, errorClass: errorClass, message: message) {
        message += "; the repository is damaged: run `git fsck`"
    } else if referenced, code == .notFound {
        message += "; the object is missing, so the repository is damaged (or a partial clone lacks it): run `git fsck`"
    }
    throw GitError(
        code: code, errorClass: errorClass,
        message: message.isEmpty ? "libgit2 returned \(code)" : message,
        context: context())
}

extension GitError {
    /// Whether libgit2 found an object damaged (a hash that does not match, a stream or an object
    /// that does not parse), rather than missing or misnamed: what to do then is `git fsck`.
    static func isDamage(code: Code, errorClass: Int32, message: String) -> Bool {
        guard !message.contains("git fsck") else { return false }  // LooseObjectGuard's own words
        return code.rawValue == GIT_EMISMATCH.rawValue
            || errorClass == Int32(GIT_ERROR_ZLIB.rawValue)
            || message.hasPrefix("failed to parse")
            || message.hasPrefix("failed to read loose object")
            || message.contains("corrupt")
    }
}

/// Calls a libgit2 constructor (`git_x_lookup(&out, ...)`-style) and returns the object it made.
///
/// The caller owns the result and must free it (with a `defer` straight after the call).
func make(
    _ context: @autoclosure () -> String, referenced: Bool = false, _ body: (inout OpaquePointer?) -> Int32
) throws -> OpaquePointer {
    var object: OpaquePointer?
    let result = body(&object)
    try check(result, context(), referenced: referenced)
    guard let object else {
        throw GitError(code: .generic, message: "libgit2 reported success but returned no object", context: context())
    }
    return object
}

/// libgit2's process-wide state, set up exactly once.
enum Libgit2 {
    /// `git_libgit2_init()`'s result; Swift runs a static initialiser once, under a lock,
    /// so touching this from any thread initialises libgit2 exactly once.
    /// Ferry never calls `git_libgit2_shutdown`: the library lives as long as the process.
    private static let initialization: Int32 = git_libgit2_init()

    /// Makes sure libgit2 is initialised; throws if initialisation failed.
    static func initialize() throws {
        try check(initialization, "initialising libgit2")
    }
}

extension GitError {
    /// Whether this is Ferry's own complaint about the manifest path (absolute, leaving the
    /// repository, missing from the revision, or not a folder): a mistake in the input, not in
    /// the repository, which callers report as invalid input.
    public var isManifestPathProblem: Bool {
        errorClass == 0 && (context.hasPrefix("manifest path '") || context.hasPrefix("invalid manifest path '"))
    }
}
