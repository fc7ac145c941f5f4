import ArgumentParser
import FerryGit
import FerryHooks
import FerrySync

extension Ferry {
    struct HooksInstall: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "install",
            abstract: "Install ferry's git hooks (pre-commit, post-commit, post-merge; post-receive when bare).",
            discussion: "Installing again changes nothing; an existing hook is kept and runs first.")

        @OptionGroup var options: HookRepositoryOptions

        func run() throws {
            let repository = try options.changeHooks { installer, repository in
                try installer.install(GitHook.installed(bare: repository.isBare))
            }.repository
            let foreground = (try? repository.configBool(HookTrigger.hookSyncKey)) ?? nil
            if foreground == true {
                print("syncs run in the foreground (git config \(HookTrigger.hookSyncKey) is true)")
            } else {
                print("syncs run in the background; their output goes to \(repository.gitDirectory)/ferry/hook.log "
                      + "(git config \(HookTrigger.hookSyncKey) true to sync in the foreground)")
            }
        }
    }
}
