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
            let (_, directory, changes) = try options.changeHooks { installer, _ in try installer.uninstall() }
            if changes.isEmpty { print("no ferry hooks in \(directory)") }
        }
    }
}
