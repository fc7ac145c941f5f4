import CGit2
import Foundation

/// Who made a commit and when: a git signature.
public struct Signature: Sendable, Hashable, CustomStringConvertible {
    /// The person's name, as recorded.
    public let name: String
    /// The person's email address, as recorded (without angle brackets).
    public let email: String
    /// The moment recorded.
    public let time: Date
    /// The recorder's offset from UTC, in minutes (e.g. 120 for +0200).
    public let timeZoneOffsetMinutes: Int

    /// Makes a signature.
    public init(name: String, email: String, time: Date, timeZoneOffsetMinutes: Int = 0) {
        self.name = name
        self.email = email
        self.time = time
        self.timeZoneOffsetMinutes = timeZoneOffsetMinutes
    }

    /// Copies a libgit2 signature.
    init(_ signature: UnsafePointer<git_signature>) {
        let value = signature.pointee
        name = value.name.map { String(cString: $0) } ?? ""
        email = value.email.map { String(cString: $0) } ?? ""
        time = Date(timeIntervalSince1970: TimeInterval(value.when.time))
        timeZoneOffsetMinutes = Int(value.when.offset)
    }

    /// "Name <email>", as git prints it.
    public var description: String { "\(name) <\(email)>" }
}

/// A commit, copied out of the object database: it does not keep the repository open.
public struct Commit: Sendable, Hashable, Identifiable, CustomStringConvertible {
    /// The commit's own id.
    public let id: ObjectID
    /// The id of the root tree the commit records.
    public let treeID: ObjectID
    /// The parents' ids, first parent first; empty for a root commit.
    public let parents: [ObjectID]
    /// The subject: the message's first paragraph, joined into one line.
    public let summary: String
    /// The full message, as recorded (usually ending with a newline).
    public let message: String
    /// Who wrote the change.
    public let author: Signature
    /// Who recorded the commit.
    public let committer: Signature

    /// The committer's time: when the commit was made (what `git log` sorts by).
    public var time: Date { committer.time }

    /// The short id and summary, like `git log --oneline`.
    public var description: String { "\(id.short) \(summary)" }

    /// Copies a libgit2 commit.
    init(_ commit: OpaquePointer) throws {
        guard let id = git_commit_id(commit), let tree = git_commit_tree_id(commit) else {
            throw GitError(code: .generic, message: "libgit2 returned a commit without an id", context: "reading a commit")
        }
        self.id = ObjectID(id)
        treeID = ObjectID(tree)
        parents = (0..<git_commit_parentcount(commit)).compactMap { index in
            git_commit_parent_id(commit, index).map(ObjectID.init)
        }
        message = git_commit_message(commit).map { String(cString: $0) } ?? ""
        summary = git_commit_summary(commit).map { String(cString: $0) } ?? ""
        guard let author = git_commit_author(commit), let committer = git_commit_committer(commit) else {
            throw GitError(
                code: .generic, message: "libgit2 returned a commit without a signature",
                context: "reading commit \(self.id.hex)")
        }
        self.author = Signature(author)
        self.committer = Signature(committer)
    }
}
