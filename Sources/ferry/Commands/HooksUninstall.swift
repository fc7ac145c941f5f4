import ArgumentParser
import FerryGit
import FerryHooks
import FerrySync

extension Ferry {
    struct HooksUninstall: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "uninstall",
            abstract: "Remove ferry's git hooks and put back the hooks they chained.")

        @OptionGroup var options: HookRepositoryOptions

        func run() throws {
            let repository = try options.open()
            let directory = try options.hooksDirectory(of: repository)
            let installer = HookInstaller(directory: directory, ferryPath: ferryExecutablePath())
            let changes: [HookInstaller.Change]
            do {
                changes = try installer.uninstall()
            } catch {
                printError("error: \(error)")
                throw ExitCodes.failure
            }
            if changes.isEmpty { print("no ferry hooks in \(directory)") }
            for change in changes { print("\(installer.path(of: change.hook)): \(change)") }
        }
    }
}
