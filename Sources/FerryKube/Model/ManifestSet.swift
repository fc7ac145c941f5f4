import FerryYAML

/// The objects of one revision, decoded and validated together.
///
/// Loading never stops at the first problem: every file is parsed and every object
/// checked, so that one run of `ferry validate` lists all that is wrong. A set with
/// any problem must not be applied.
public struct ManifestSet: Sendable {
    /// The objects in apply order (see ``KindOrder``).
    public var manifests: [Manifest]
    /// Every problem found, ordered by file and position.
    public var problems: [ManifestProblem]

    public var isValid: Bool { problems.isEmpty }

    public init(manifests: [Manifest], problems: [ManifestProblem]) {
        self.manifests = manifests
        self.problems = problems
    }

    /// Decodes and validates manifest files.
    ///
    /// - Parameters:
    ///   - sources: the files, with repository-relative paths.
    ///   - defaultNamespace: given to namespaced objects that name none.
    public static func load(
        _ sources: [ManifestSource], defaultNamespace: String = "default", limits: YAMLLimits = .default
    ) -> ManifestSet {
        var decoder = ManifestDecoder(defaultNamespace: defaultNamespace, limits: limits)
        let documents = decoder.documents(in: sources)
        let scope = scopeDeclaredByCRDs(in: documents)

        var manifests: [Manifest] = []
        for document in documents {
            if let manifest = decoder.manifest(from: document, scope: scope) { manifests.append(manifest) }
        }
        var problems = decoder.problems
        problems += manifests.concurrentMap(ManifestValidator.problems(in:)).flatMap { $0 }
        problems += duplicates(in: manifests)

        manifests.sort { KindOrder.areInApplyOrder($0.identity, $1.identity) }
        problems.sort { ($0.location, $0.message) < ($1.location, $1.message) }
        return ManifestSet(manifests: manifests, problems: problems)
    }

    /// One problem for each object defined again, naming where it was defined first.
    static func duplicates(in manifests: [Manifest]) -> [ManifestProblem] {
        var first: [ObjectKey: Manifest] = [:]
        var problems: [ManifestProblem] = []
        for manifest in manifests.sorted(by: { $0.source < $1.source }) {
            if let earlier = first[manifest.identity.objectKey] {
                problems.append(ManifestProblem(
                    "defined twice: here and at \(earlier.source); remove one of them",
                    at: manifest.source, object: manifest.identity))
            } else {
                first[manifest.identity.objectKey] = manifest
            }
        }
        return problems
    }

    /// Kinds whose CustomResourceDefinition is among the manifests take its scope.
    static func scopeDeclaredByCRDs(in documents: [ManifestDecoder.Document]) -> ResourceScope {
        var scope = ResourceScope()
        for document in documents where document.root["kind"]?.string == "CustomResourceDefinition" {
            let spec = document.root["spec"]
            if let group = spec?["group"]?.string, let kind = spec?[path: ["names", "kind"]]?.string {
                scope.learn(group: group, kind: kind, clusterScoped: spec?["scope"]?.string == "Cluster")
            }
        }
        return scope
    }
}
