import Foundation

/// Installs ferry's git hooks into a hooks folder and removes them again.
///
/// An installed hook is a few lines of shell that run `ferry hooks run NAME`, with the absolute
/// path of the ferry that installed it (falling back to `PATH`). A hook that was there before is
/// renamed `NAME.ferry-chained`, byte for byte and with its mode, and ferry runs it first;
/// uninstalling renames it back. Installing twice is installing once.
public struct HookInstaller: Sendable {
    /// The suffix of a hook ferry's own hook runs before its part.
    public static let chainedSuffix = ".ferry-chained"
    /// The line that marks a hook as ferry's: only such a hook is ever replaced or removed.
    public static let marker = "# ferry-managed hook"

    /// What happened to one hook.
    public struct Change: Sendable, Equatable, CustomStringConvertible {
        public var hook: GitHook
        public var outcome: Outcome

        public init(_ hook: GitHook, _ outcome: Outcome) {
            self.hook = hook
            self.outcome = outcome
        }

        public var description: String {
            outcome == .chained ? "installed; the hook that was there runs first, kept as \(hook.chainedName)" : outcome.description
        }
    }

    /// What an install or uninstall did to a hook.
    public enum Outcome: Sendable, Equatable, CustomStringConvertible {
        /// Ferry's hook was written where there was none.
        case installed
        /// Ferry's hook was written and the existing one kept, to run first, as `NAME.ferry-chained`.
        case chained
        /// Ferry's hook was already there, as it would be written.
        case unchanged
        /// Ferry's hook was rewritten (e.g. for a ferry at another path).
        case updated
        /// Ferry's hook was removed, and there was nothing to restore.
        case removed
        /// Ferry's hook was removed and the one it chained put back.
        case restored

        public var description: String {
            switch self {
            case .installed: "installed"
            case .chained: "installed; the hook that was there runs first"
            case .unchanged: "already installed"
            case .updated: "updated"
            case .removed: "removed"
            case .restored: "removed; the hook that was there before is back"
            }
        }
    }

    /// Something in the hooks folder that stops an install or uninstall, said with what to do.
    public struct Problem: Error, Sendable, CustomStringConvertible {
        public let description: String
    }

    /// The hooks folder.
    public let directory: String
    /// The ferry the hooks run (absolute), tried before `PATH`.
    public let ferryPath: String

    public init(directory: String, ferryPath: String) {
        self.directory = directory
        self.ferryPath = ferryPath
    }

    /// Writes ferry's `hooks`, creating the folder if needed and chaining any hook already there.
    public func install(_ hooks: [GitHook]) throws -> [Change] {
        let files = FileManager.default
        do {
            try files.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw Problem(description: "cannot create the hooks folder \(directory): \(error.localizedDescription); check its permissions (or git config core.hooksPath)")
        }
        return try hooks.map { hook in
            let path = self.path(of: hook)
            let script = Self.script(for: hook, ferryPath: ferryPath)
            let existing = files.contents(atPath: path)
            if let existing, Self.isFerrys(existing) {
                if existing == Data(script.utf8) { return Change(hook, .unchanged) }
                try write(script, to: path)
                return Change(hook, .updated)
            }
            if existing != nil || isSymlink(path) {
                let chained = self.path(of: hook, chained: true)
                if files.fileExists(atPath: chained) || isSymlink(chained) {
                    throw Problem(description: "\(path) is not ferry's hook, and \(chained) already exists; move one of them away, then run `ferry hooks install` again")
                }
                // A rename keeps the old hook's bytes, mode and owner (and a symlink stays a symlink).
                guard rename(path, chained) == 0 else {
                    throw Problem(description: "cannot keep \(path) as \(chained): \(String(cString: strerror(errno)))")
                }
                try write(script, to: path)
                return Change(hook, .chained)
            }
            try write(script, to: path)
            return Change(hook, .installed)
        }
    }

    /// Removes ferry's hooks (any of them found) and puts back the hooks they chained.
    /// A hook that is not ferry's is left alone.
    public func uninstall() throws -> [Change] {
        let files = FileManager.default
        var changes: [Change] = []
        for hook in GitHook.allCases {
            let path = self.path(of: hook), chained = self.path(of: hook, chained: true)
            guard let existing = files.contents(atPath: path), Self.isFerrys(existing) else { continue }
            let hasChained = files.fileExists(atPath: chained) || isSymlink(chained)
            if hasChained {
                guard rename(chained, path) == 0 else {
                    throw Problem(description: "cannot put \(chained) back as \(path): \(String(cString: strerror(errno)))")
                }
                changes.append(Change(hook, .restored))
            } else {
                guard unlink(path) == 0 else {
                    throw Problem(description: "cannot remove \(path): \(String(cString: strerror(errno)))")
                }
                changes.append(Change(hook, .removed))
            }
        }
        return changes
    }

    /// The path of a hook in the folder, or of the hook it chains.
    public func path(of hook: GitHook, chained: Bool = false) -> String {
        directory + "/" + (chained ? hook.chainedName : hook.rawValue)
    }

    /// The shell script of ferry's hook: run the recorded ferry, else the one on `PATH`; with
    /// neither, say so and still run the chained hook, so that installing ferry's hooks never
    /// silently drops the repository's own.
    public static func script(for hook: GitHook, ferryPath: String) -> String {
        let quoted = "'" + ferryPath.replacingOccurrences(of: "'", with: #"'\''"#) + "'"
        return """
            #!/bin/sh
            \(marker): written by `ferry hooks install`; `ferry hooks uninstall` removes it and
            # puts back the hook that was here before (kept as \(hook.chainedName), which runs first).
            installed=\(quoted)
            ferry=$installed
            [ -x "$ferry" ] || ferry=$(command -v ferry) || {
                echo "ferry's \(hook) hook: ferry is neither at $installed nor on PATH; skipped (install ferry, then run \\`ferry hooks install\\` again)" >&2
                chained="$(dirname "$0")/\(hook.chainedName)"
                [ -x "$chained" ] && exec "$chained" "$@"
                exit 0
            }
            exec "$ferry" hooks run \(hook) --hooks-dir "$(dirname "$0")" -- "$@"

            """
    }

    static func isFerrys(_ contents: Data) -> Bool {
        String(decoding: contents.prefix(512), as: UTF8.self).contains(marker)
    }

    private func isSymlink(_ path: String) -> Bool {
        (try? FileManager.default.destinationOfSymbolicLink(atPath: path)) != nil
    }

    /// Writes through a temporary file and a rename, so that git never runs half a hook.
    private func write(_ script: String, to path: String) throws {
        let temporary = path + ".ferry-new"
        guard FileManager.default.createFile(atPath: temporary, contents: Data(script.utf8),
                                             attributes: [.posixPermissions: 0o755]),
              rename(temporary, path) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(temporary)
            throw Problem(description: "cannot write the hook \(path): \(reason); check the permissions of \(directory)")
        }
    }
}
