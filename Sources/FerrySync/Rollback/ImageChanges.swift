import FerryGit
import FerryKube

/// One container's image changed by a commit: `spark-worker  spark:2.1.0 → spark:1.6.3`.
public struct ImageChange: Sendable, Codable, Equatable, CustomStringConvertible {
    public var deployment: String
    public var container: String
    /// nil when the container (or Deployment) is new.
    public var from: String?
    /// nil when the container (or Deployment) is gone.
    public var to: String?

    public var description: String {
        let name = deployment == container ? deployment : "\(deployment)/\(container)"
        return "\(name)  \(from ?? "(none)") → \(to ?? "(removed)")"
    }
}

/// The manifests of one commit, as far as history needs them: file texts, each file's objects,
/// and Deployments.
struct RevisionManifests {
    /// Path → content.
    var files: [String: [UInt8]] = [:]
    /// Path → the objects read from that file, in the file's order.
    var objects: [String: [(key: ObjectKey, body: JSONValue)]] = [:]
    /// Files whose text must not be shown: they hold a Secret, or hold something that did not
    /// decode (which may be a Secret). Their diff is of their objects, with Secret values masked.
    var masked: Set<String> = []
    /// Every Secret by identity, for telling a changed value from an unchanged one.
    var secrets: [ObjectKey: JSONValue] = [:]
    /// Deployment name → body.
    var deployments: [String: JSONValue] = [:]
    var isValid = true

    init() {}

    init(store: ManifestStore, commit: Commit, defaultNamespace: String) throws {
        let snapshot: ManifestSnapshot
        do {
            snapshot = try store.manifests(at: commit)
        } catch let error as GitError where error.code == .notFound {
            return  // the manifest path does not exist yet at this commit: no manifests
        }
        for file in snapshot.files { files[file.path] = file.bytes }
        let set = ManifestSet.load(snapshot.files.map { ManifestSource(path: $0.path, bytes: $0.bytes) },
                                   defaultNamespace: defaultNamespace)
        isValid = set.isValid && snapshot.skipped.isEmpty
        for manifest in set.manifests where manifest.identity.group == "apps" && manifest.identity.kind == "Deployment" {
            deployments[manifest.identity.name] = JSONValue(manifest.body)
        }
        for manifest in set.manifests.sorted(by: { $0.source < $1.source }) {
            let body = JSONValue(manifest.body)
            objects[manifest.source.file, default: []].append((manifest.identity.objectKey, body))
            if manifest.identity.kind == "Secret" {
                masked.insert(manifest.source.file)
                secrets[manifest.identity.objectKey] = body
            }
        }
        masked.formUnion(set.problems.map(\.location.file))
    }

    /// Container name → image, init containers included.
    static func images(_ deployment: JSONValue?) -> [(String, String)] {
        guard let deployment else { return [] }
        return ["initContainers", "containers"].flatMap { field in
            (deployment[path: ["spec", "template", "spec", field]]?.array ?? []).compactMap { container in
                guard let name = container["name"]?.string else { return nil }
                return (name, container["image"]?.string ?? "")
            }
        }
    }

    /// The Deployments whose manifests differ from `parent`'s, sorted.
    func changedDeployments(since parent: RevisionManifests) -> [String] {
        Set(deployments.keys).union(parent.deployments.keys).filter { deployments[$0] != parent.deployments[$0] }.sorted()
    }

    /// The image changes from `parent` to this revision, by Deployment then container.
    func imageChanges(since parent: RevisionManifests) -> [ImageChange] {
        changedDeployments(since: parent).flatMap { name -> [ImageChange] in
            let before = Dictionary(Self.images(parent.deployments[name]), uniquingKeysWith: { first, _ in first })
            let after = Self.images(deployments[name])
            let afterNames = Set(after.map(\.0))
            var changes = after.compactMap { container, image -> ImageChange? in
                before[container] == image ? nil : ImageChange(deployment: name, container: container, from: before[container], to: image)
            }
            for (container, image) in Self.images(parent.deployments[name]) where !afterNames.contains(container) {
                changes.append(ImageChange(deployment: name, container: container, from: image, to: nil))
            }
            return changes
        }
    }
}
