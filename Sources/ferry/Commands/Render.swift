import ArgumentParser
import FerryKube
import FerrySync
import FerryYAML

extension Ferry {
    struct Render: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print the objects of a revision exactly as ferry will send them.",
            discussion: """
                The default namespace is filled in, Ferry's labels and annotations (instance, \
                managed-by, applied hash, commit, change cause) are added, and the objects come in apply order. \
                -o yaml prints one YAML stream; -o json prints one v1 List, which kubectl \
                and jq both read. Invalid manifests print their problems and exit 2.
                """)

        @OptionGroup var revision: RevisionOptions

        @Option(name: .shortAndLong, help: "Output format: yaml or json.")
        var output: ObjectFormat = .yaml

        @Option(help: ArgumentHelp("The instance name that labels the objects (default: ferry.yaml's instance, else the repository folder's name).", valueName: "name"))
        var instance: String?

        func run() throws {
            let state = try loadDesiredState(revision.request())
            guard state.manifests.isValid else {
                for problem in state.manifests.problems { printError("error: \(problem)") }
                throw ExitCodes.invalid
            }
            let bodies = state.desiredObjects(instance: instance ?? state.instanceName).map { $0.body.yamlNode() }
            switch output {
            case .yaml:
                print(YAML.emitStream(bodies), terminator: "")
            case .json:
                let list = YAMLNode(.mapping([
                    .init(key: YAMLNode(.string("apiVersion")), value: YAMLNode(.string("v1"))),
                    .init(key: YAMLNode(.string("kind")), value: YAMLNode(.string("List"))),
                    .init(key: YAMLNode(.string("items")), value: YAMLNode(.sequence(bodies))),
                ]))
                print(YAML.json(list, pretty: true))
            }
        }
    }
}
