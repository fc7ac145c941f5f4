import ArgumentParser
import FerryKube
import FerryKubeClient
import FerrySync

/// Runs `body` with a client for the chosen cluster, mapping the errors every
/// cluster command shares to one line and its exit code.
func withCluster<Result>(_ options: ClusterOptions, state: DesiredState,
                         _ body: (KubeClient) async throws -> Result) async throws -> Result {
    let config: ClusterConfig
    do {
        let resolved = try options.connection(state).resolve()
        config = resolved.config
        if resolved.usedFallback {
            printError("note: no kubeconfig found; using the local cluster (\(config.source))")
        }
    } catch {
        printError("error: \(error)")
        throw ExitCodes.unreachable
    }
    do {
        var clientOptions = KubeClientOptions()
        clientOptions.rateLimit = options.rateLimit(state)
        if Output.format == .json { clientOptions.logger = JSONLines.standardError }
        return try await KubeClient.withClient(config, options: clientOptions) { client in try await body(client) }
    } catch let error as KubeError {
        printError("error: \(error)")
        switch error {
        case .unreachable, .unauthorized, .configuration, .credentials: throw ExitCodes.unreachable
        case .unknownKind: throw ExitCodes.invalid
        default: throw ExitCodes.failure
        }
    } catch let error as RunLease.Held {
        printError("error: \(error)")
        throw ExitCodes.locked
    } catch let error as RecordStore.CorruptRecord {
        printError("error: \(error)")
        throw ExitCodes.failure
    } catch let error as PlanError {
        printError("error: \(error); nothing was applied")
        throw ExitCodes.failure
    } catch let error as SyncError {
        printError("error: \(error)\(hint(for: error))")
        switch error {
        case .leaseLost: throw ExitCodes.locked
        case .interrupted(let reason, _): throw ExitCodes.interrupted(by: reason)
        default: throw ExitCodes.failure
        }
    }
}

/// What the user can do about a refused sync, in the CLI's own flags.
private func hint(for error: SyncError) -> String {
    switch error {
    case .wouldPruneEverything: return ". Pass --allow-empty if that is what you want"
    case .contested: return " with --adopt"
    default: return ""
    }
}

/// Loads a revision for a cluster command: invalid manifests stop it before any cluster is asked.
func loadValidState(_ revision: RevisionOptions) throws -> DesiredState {
    let state = try loadDesiredState(revision.request())
    guard state.manifests.isValid else {
        for problem in state.manifests.problems { printError("error: \(problem)") }
        printError("error: \(state.manifests.problems.count) problem(s) in the manifests; nothing was applied")
        throw ExitCodes.invalid
    }
    return state
}

/// Sync options for `state` with the `--timeout` flag; a bad duration is a usage error.
func syncOptions(for state: DesiredState, timeout: String?) throws -> SyncOptions {
    do {
        return try SyncOptions(for: state, timeout: timeout)
    } catch {
        throw ValidationError(error.problems.first?.message ?? "\(error)")
    }
}

extension SkipReason {
    /// What the user can do, in the CLI's words.
    var hint: String {
        switch self {
        case .pinned: return "; left alone until a new commit lands or `ferry unpin`"
        case .failedBefore: return ": push a fix, or pass --retry-failed"
        }
    }
}
