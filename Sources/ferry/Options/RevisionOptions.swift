import ArgumentParser
import Foundation
import FerrySync

/// The options that say which manifests to read: shared by every command.
struct RevisionOptions: ParsableArguments {
    @Option(name: .customLong("repo"), help: ArgumentHelp("The git repository: a work tree or a bare repository.", valueName: "dir"))
    var repository: String = "."

    @Option(help: ArgumentHelp("The manifest folder inside the repository (default: ferry.yaml's path, else the root).", valueName: "subdir"))
    var path: String?

    @Option(name: .customLong("rev"), help: ArgumentHelp("The revision to read: HEAD, a branch, a tag, HEAD~2, a sha.", valueName: "rev"))
    var revision: String = "HEAD"

    @Option(name: [.customShort("n"), .long], help: ArgumentHelp("The namespace for objects that name none (default: ferry.yaml's namespace, else 'default').", valueName: "name"))
    var namespace: String?

    /// With `staged`, the index is the one git names in `GIT_INDEX_FILE` when set: in a pre-commit
    /// hook of `git commit -a`, only that temporary index holds what is about to be committed.
    func request(staged: Bool = false) -> RevisionRequest {
        RevisionRequest(repository: repository, revision: revision, staged: staged, path: path, namespace: namespace,
                        indexFile: staged ? ProcessInfo.processInfo.environment["GIT_INDEX_FILE"] : nil)
    }
}
