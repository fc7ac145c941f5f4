import ArgumentParser
import FerryGit
import FerrySync

/// Loads a revision for a command, turning failures into one clear line and the
/// right exit code, and printing warnings about what was not read.
func loadDesiredState(_ request: RevisionRequest) throws -> DesiredState {
    let state: DesiredState
    do {
        state = try RevisionLoader.load(request)
    } catch let error as ConfigError {
        for problem in error.problems { printError("error: \(problem)") }
        throw ExitCodes.invalid
    } catch let error as GitError {
        printError("error: \(error)")
        throw ExitCodes.failure
    }
    if !state.uncommittedPaths.isEmpty, !request.staged {
        let paths = state.uncommittedPaths.prefix(5).joined(separator: ", ")
        let more = state.uncommittedPaths.count > 5 ? " and \(state.uncommittedPaths.count - 5) more" : ""
        printError("warning: uncommitted changes under \(state.manifestPath.isEmpty ? "the repository" : state.manifestPath + "/") (\(paths)\(more)) are not read: ferry deploys commits only")
    }
    return state
}
