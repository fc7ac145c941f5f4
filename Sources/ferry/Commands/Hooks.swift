import ArgumentParser
import FerryGit
import FerryHooks
import FerrySync
import Foundation

extension Ferry {
    struct Hooks: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Install git hooks that validate commits and sync them, or pushes to a deploy host.",
            discussion: """
                In a work tree:
                  pre-commit    refuses a commit whose staged manifests are invalid (file:line:col: problem)
                  post-commit   syncs the new commit when it changed the manifest path or ferry.yaml
                  post-merge    the same after a merge or pull that moved HEAD
                In a bare repository (a deploy host that is pushed to):
                  post-receive  syncs a push to the deploy branch: git config ferry.branch, else the \
                branch HEAD points at

                Syncs run in the background, their output appended to GIT_DIR/ferry/hook.log; with \
                `git config ferry.hookSync true` (or `hookSync: true` in ferry.yaml) they run in the \
                foreground and print their output. The cluster is the one `ferry sync` picks \
                (KUBECONFIG, ferry.yaml's context).

                Hooks go where git looks for them (core.hooksPath, else .git/hooks). A hook already \
                there is kept as NAME.ferry-chained and runs first; uninstall puts it back.
                """,
            subcommands: [HooksInstall.self, HooksUninstall.self, HooksRun.self, HooksBackgroundSync.self])
    }
}

/// What `hooks install` and `hooks uninstall` work on.
struct HookRepositoryOptions: ParsableArguments {
    @Option(name: .customLong("repo"), help: ArgumentHelp("The git repository: a work tree or a bare repository.", valueName: "dir"))
    var repository: String = "."

    /// Opens the repository, or says where none was found and what to do.
    func open() throws -> Repository {
        do {
            return try Repository(path: repository)
        } catch {
            printError("error: no git repository at \(repository) (\(error)); run this inside a repository, or pass --repo DIR")
            throw ExitCodes.failure
        }
    }

    /// Opens the repository, lets `body` change the hooks in its hooks folder, and prints
    /// each change; an installer error is one line and exit 1.
    func changeHooks(_ body: (HookInstaller, Repository) throws -> [HookInstaller.Change]) throws
        -> (repository: Repository, directory: String, changes: [HookInstaller.Change]) {
        let repository = try open()
        let directory = try hooksDirectory(of: repository)
        let installer = HookInstaller(directory: directory, ferryPath: ferryExecutablePath())
        let changes: [HookInstaller.Change]
        do {
            changes = try body(installer, repository)
        } catch {
            printError("error: \(error)")
            throw ExitCodes.failure
        }
        for change in changes { print("\(installer.path(of: change.hook)): \(change)") }
        return (repository, directory, changes)
    }

    /// The hooks folder git uses, or an error saying how to fix `core.hooksPath`.
    func hooksDirectory(of repository: Repository) throws -> String {
        do {
            return try repository.hooksDirectory()
        } catch {
            printError("error: \(error); fix core.hooksPath (git config --unset core.hooksPath) and run this again")
            throw ExitCodes.failure
        }
    }
}

/// The absolute path of this ferry, which the hooks record and which runs the syncs.
func ferryExecutablePath() -> String {
    #if os(Linux)
    if let path = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") { return path }
    #endif
    if let path = Bundle.main.executablePath { return URL(fileURLWithPath: path).resolvingSymlinksInPath().path }
    return CommandLine.arguments[0]
}
