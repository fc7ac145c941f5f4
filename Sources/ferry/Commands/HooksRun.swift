import ArgumentParser
import FerryGit
import FerryHooks
import FerrySync
import Foundation

extension Ferry {
    struct HooksRun: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "run",
            abstract: "Run one of ferry's git hooks (what the installed hook scripts call).",
            discussion: """
                Runs NAME.ferry-chained in the hooks folder first, when there is one (a failing \
                pre-commit refuses the commit), then ferry's part. Git runs hooks at the top of the \
                work tree, or in a bare repository's git directory: that is --repo's default.
                """)

        @Argument(help: ArgumentHelp("The hook: pre-commit, post-commit, post-merge or post-receive.", valueName: "name"))
        var name: String

        @Option(name: .customLong("repo"), help: ArgumentHelp("The git repository.", valueName: "dir"))
        var repository: String = "."

        @Option(help: ArgumentHelp("The hooks folder, where a chained hook would be.", valueName: "dir"))
        var hooksDir: String?

        @Argument(parsing: .postTerminator, help: ArgumentHelp("The arguments git gave the hook.", valueName: "arguments"))
        var hookArguments: [String] = []

        func validate() throws {
            if GitHook(rawValue: name) == nil {
                throw ValidationError("'\(name)' is not one of ferry's hooks: \(GitHook.allCases.map(\.rawValue).joined(separator: ", "))")
            }
        }

        func run() throws {
            guard let hook = GitHook(rawValue: name) else { return }
            // A chained hook that exits without reading its input must not end this one.
            signal(SIGPIPE, SIG_IGN)
            // post-receive's ref lines are read once: both the chained hook and ferry need them.
            let input: [UInt8]? = hook == .postReceive ? Array(FileHandle.standardInput.readDataToEndOfFile()) : nil
            try runChained(hook, input: input)

            if hook == .preCommit { return try validateStaged() }
            let repository: Repository
            do {
                repository = try Repository(path: self.repository)
            } catch {
                printError("ferry \(hook): \(error); not syncing")
                throw ExitCodes.failure
            }
            guard let (old, new) = try commits(for: hook, in: repository, input: input),
                  HookTrigger.changesDeployment(in: repository, from: old, to: new) else { return }
            try HookSyncStarter(hook: hook, repository: repository, commit: new).start()
        }

        /// Runs the hook that was there before ferry's, with the same arguments and input.
        private func runChained(_ hook: GitHook, input: [UInt8]?) throws {
            guard let hooksDir else { return }
            let chained = hooksDir + "/" + hook.chainedName
            // As git does: a hook that is not executable is not run.
            guard FileManager.default.isExecutableFile(atPath: chained) else { return }
            let status: Int32
            do {
                status = try HookProcess.run(chained, hookArguments, environment: ProcessInfo.processInfo.environment,
                                             input: input.map { .bytes($0) } ?? .inherited)
            } catch {
                printError("ferry \(hook): \(error); check \(chained)")
                if hook == .preCommit { throw ExitCodes.failure }
                return
            }
            guard status != 0 else { return }
            if hook == .preCommit {
                printError("ferry pre-commit: \(chained) refused the commit (exit \(status))")
                throw ExitCode(status)
            }
            printError("ferry \(hook): \(chained) exited \(status); going on with ferry's part")
        }

        /// pre-commit: what `ferry validate --staged` checks, silent when valid.
        private func validateStaged() throws {
            let request = RevisionRequest(repository: repository, staged: true,
                                          indexFile: ProcessInfo.processInfo.environment["GIT_INDEX_FILE"])
            let state = try loadDesiredState(request)
            let problems = state.manifests.problems
            guard !problems.isEmpty else { return }
            for problem in problems { printError("\(problem)") }
            printError("ferry pre-commit: commit refused: \(problems.count) problem\(problems.count == 1 ? "" : "s") in the staged manifests; fix them and `git add` the files (git commit --no-verify skips this check)")
            throw ExitCodes.invalid
        }

        /// The commit before and after what the hook reports; nil when there is nothing to deploy.
        private func commits(for hook: GitHook, in repository: Repository, input: [UInt8]?) throws -> (Commit?, Commit)? {
            do {
                switch hook {
                case .preCommit:
                    return nil
                case .postCommit:
                    let head = try repository.head()
                    return (try head.parents.first.map { try repository.commit($0) }, head)
                case .postMerge:
                    // A squash merge commits nothing: HEAD did not move.
                    if hookArguments.first == "1" { return nil }
                    let head = try repository.head()
                    let before = try? repository.resolve("ORIG_HEAD")
                    return (try before ?? head.parents.first.map { try repository.commit($0) }, head)
                case .postReceive:
                    guard let branch = try HookTrigger.deployBranch(of: repository) else { return nil }
                    let updates = HookTrigger.RefUpdate.parse(String(decoding: input ?? [], as: UTF8.self))
                    guard let update = updates.last(where: { $0.ref == branch }) else { return nil }
                    if update.isDeletion {
                        printError("ferry post-receive: \(branch) was deleted; nothing synced")
                        return nil
                    }
                    let new = try repository.resolve(update.new)
                    return (update.isCreation ? nil : try? repository.resolve(update.old), new)
                }
            } catch {
                printError("ferry \(hook): \(error); not syncing (run `ferry sync` once it is fixed)")
                throw ExitCodes.failure
            }
        }
    }
}

/// Starts the sync of a commit a hook found: in the foreground, or detached with its output
/// appended to GIT_DIR/ferry/hook.log.
struct HookSyncStarter {
    let hook: GitHook
    let repository: Repository
    let commit: Commit

    /// The environment the sync runs with: the hook's (KUBECONFIG and all), without the `GIT_*`
    /// variables git set for the hook (a relative GIT_DIR, the index of the commit in progress):
    /// the sync names its repository with an absolute --repo.
    static var environment: [String: String] {
        ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("GIT_") }
    }

    var syncArguments: [String] {
        ["sync", "--repo", repository.workDirectory ?? repository.gitDirectory, "--rev", commit.id.hex]
    }

    /// What stands when the sync fails: a hook cannot undo it.
    var whatStands: String { hook == .postReceive ? "the push stands" : "the commit stands" }

    func start() throws {
        let foreground: Bool
        do {
            foreground = try HookTrigger.syncsInForeground(repository, commit: commit)
        } catch {
            printError("ferry \(hook): \(error); not syncing")
            throw ExitCodes.failure
        }
        if foreground { try runInForeground() } else { try detach() }
    }

    private func runInForeground() throws {
        let status: Int32
        do {
            status = try HookProcess.run(ferryExecutablePath(), syncArguments, environment: Self.environment, input: .empty)
        } catch {
            printError("ferry \(hook): \(error); \(whatStands), run `ferry sync` to deploy it")
            throw ExitCodes.failure
        }
        guard status == 0 else {
            printError("ferry \(hook): the sync of \(commit.id.short) failed (exit \(status)); \(whatStands): fix what is reported above and commit again, or run `ferry sync` once the cause is gone")
            throw ExitCode(status)
        }
    }

    /// Past this size the log is moved to `hook.log.1` (replacing the one before), so a
    /// deploy host committing for years keeps at most twice this much.
    static let logLimit = 1 << 20

    static func rotate(_ log: String) {
        guard let size = (try? FileManager.default.attributesOfItem(atPath: log))?[.size] as? Int, size > logLimit else { return }
        _ = rename(log, log + ".1")
    }

    private func detach() throws {
        let directory = repository.gitDirectory + "/ferry"
        let log = directory + "/hook.log"
        try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        Self.rotate(log)
        let descriptor = open(log, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            printError("ferry \(hook): cannot open \(log): \(String(cString: strerror(errno))); not syncing \(commit.id.short): check the permissions of \(directory), then run `ferry sync`")
            throw ExitCodes.failure
        }
        defer { close(descriptor) }
        let arguments = ["hooks", "background-sync", "--hook", hook.rawValue, "--lock", directory + "/hook.lock", "--"] + syncArguments
        do {
            _ = try HookProcess.detach(ferryExecutablePath(), arguments, environment: Self.environment, output: descriptor)
        } catch {
            printError("ferry \(hook): \(error); not syncing \(commit.id.short): run `ferry sync`")
            throw ExitCodes.failure
        }
        printError("ferry \(hook): syncing \(commit.id.short) in the background; output in \(log)")
    }
}
