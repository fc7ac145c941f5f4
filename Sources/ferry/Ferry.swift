import ArgumentParser

@main
struct Ferry: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ferry",
        abstract: "Keep a Kubernetes cluster in step with the manifests in a git repository.",
        discussion: """
            Ferry reads the manifests of a commit straight from git's object database, \
            checks them, applies what changed and follows each rollout: from a git hook, cron, \
            systemd, or as a long-running agent.
            """,
        version: "0.1.0",
        subcommands: [Validate.self, Render.self, Diff.self, Sync.self, Status.self, History.self, Rollback.self, Unpin.self, Agent.self, Cluster.self, Hooks.self])
}
