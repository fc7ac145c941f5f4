import FerryYAML

/// Turns manifest files into objects: parses each file, splits its documents,
/// expands `List` objects, reads each object's identity and fills in the default
/// namespace. Every problem found is collected rather than thrown, so that a user
/// sees all of them at once.
struct ManifestDecoder {
    var defaultNamespace: String
    var limits: YAMLLimits = .default
    private(set) var problems: [ManifestProblem] = []

    init(defaultNamespace: String, limits: YAMLLimits = .default) {
        self.defaultNamespace = defaultNamespace
        self.limits = limits
    }

    /// One parsed object before its identity is read.
    struct Document {
        var file: String
        var root: YAMLNode
    }

    mutating func documents(in sources: [ManifestSource]) -> [Document] {
        var documents: [Document] = []
        // Files are parsed on every core; what they hold is taken in file order.
        let limits = limits
        let parsed = sources.concurrentMap { source in Result { try YAML.parse(source.bytes, limits: limits) } }
        for (source, result) in zip(sources, parsed) {
            do {
                for document in try result.get() {
                    documents += objects(in: document.root, file: source.path)
                }
            } catch let error as YAMLError {
                let mark = error.mark ?? YAMLMark(line: 1, column: 1)
                problems.append(ManifestProblem(
                    "invalid YAML: \(error.message)", at: SourceLocation(file: source.path, mark: mark)))
            } catch {
                problems.append(ManifestProblem(
                    "invalid YAML: \(error)", at: SourceLocation(file: source.path, line: 1, column: 1)))
            }
        }
        return documents
    }

    /// The objects a document holds: itself, the items of a `List`, or none when empty.
    private mutating func objects(in root: YAMLNode, file: String) -> [Document] {
        switch root.value {
        case .null:
            return []  // an empty document, e.g. a trailing `---`: kubectl skips these too
        case .mapping:
            if let kind = root["kind"]?.string, kind.hasSuffix("List"), let items = root["items"]?.items {
                return items.flatMap { objects(in: $0, file: file) }
            }
            return [Document(file: file, root: root)]
        default:
            problems.append(ManifestProblem(
                "a document must be a Kubernetes object (a mapping with apiVersion, kind and metadata), got \(root.kindDescription)",
                at: SourceLocation(file: file, mark: root.mark)))
            return []
        }
    }

    /// Reads identity, checks the fields every object needs and fills in the namespace.
    mutating func manifest(from document: Document, scope: ResourceScope) -> Manifest? {
        let root = document.root
        let here = { (node: YAMLNode?) in SourceLocation(file: document.file, mark: (node ?? root).mark) }
        let apiVersion = requiredString("apiVersion", in: root, example: "apiVersion: apps/v1", file: document.file)
        let kind = requiredString("kind", in: root, example: "kind: Deployment", file: document.file)
        guard let metadata = root["metadata"], metadata.entries != nil else {
            let found = root["metadata"].map { ", got \($0.kindDescription)" } ?? ""
            problems.append(ManifestProblem(
                "missing metadata\(found); every object needs metadata.name",
                at: here(root["metadata"]), object: nil))
            return nil
        }
        let name = requiredString("name", in: metadata, example: "name: spark-master", file: document.file,
                                  prefix: "metadata.")
        if name == nil, metadata["generateName"] != nil {
            problems.append(ManifestProblem(
                "metadata.generateName is not supported: Ferry tracks objects by name; set metadata.name",
                at: here(metadata["generateName"])))
        }
        guard let apiVersion, let kind, let name else { return nil }

        var identity = ObjectIdentity(apiVersion: apiVersion, kind: kind, namespace: nil, name: name)
        var body = root
        let namespaceNode = metadata["namespace"]
        if scope.isClusterScoped(group: identity.group, kind: kind) {
            if let namespaceNode, !namespaceNode.isNull {
                problems.append(ManifestProblem(
                    "\(kind) is cluster-scoped and cannot have metadata.namespace; remove it",
                    at: here(namespaceNode), object: identity))
            }
        } else if let namespace = namespaceNode?.string, !namespace.isEmpty {
            identity.namespace = namespace
        } else if let namespaceNode, !namespaceNode.isNull, namespaceNode.string == nil {
            problems.append(ManifestProblem(
                "metadata.namespace must be a string, got \(namespaceNode.kindDescription)",
                at: here(namespaceNode), object: identity))
            return nil
        } else {
            identity.namespace = defaultNamespace
            body.set(path: ["metadata", "namespace"], to: YAMLNode(.string(defaultNamespace), mark: metadata.mark))
        }
        return Manifest(identity: identity, body: body, source: here(root))
    }

    private mutating func requiredString(
        _ key: String, in mapping: YAMLNode, example: String, file: String, prefix: String = ""
    ) -> String? {
        guard let node = mapping[key], !node.isNull else {
            problems.append(ManifestProblem(
                "missing \(prefix)\(key); add e.g. `\(example)`",
                at: SourceLocation(file: file, mark: mapping.mark)))
            return nil
        }
        guard let text = node.string, !text.isEmpty else {
            problems.append(ManifestProblem(
                "\(prefix)\(key) must be a non-empty string, got \(node.kindDescription)",
                at: SourceLocation(file: file, mark: node.mark)))
            return nil
        }
        return text
    }
}
