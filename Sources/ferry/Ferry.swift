import ArgumentParser

@main
struct Ferry: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ferry",
        abstract: "Keep a Kubernetes cluster in step with the manifests in a git repository.")
}
