import FerryKube
import FerryYAML

extension RevisionManifests {
    /// A unified diff of every manifest file from `parent` to this revision.
    ///
    /// A file is diffed as text, unless it holds a Secret (or something that did not decode,
    /// which may be one) on either side: then it is diffed as the objects Ferry reads from it,
    /// with each Secret value masked as `ferry diff` masks it, `*** (before)` when unchanged and
    /// `*** (after)` when changed. So the diff still shows which keys changed, never a value.
    func diff(since parent: RevisionManifests) -> String {
        Set(files.keys).union(parent.files.keys).sorted().map { path in
            let old: String?, new: String?
            if masked.contains(path) || parent.masked.contains(path) {
                old = parent.files[path].map { _ in parent.maskedText(of: path, before: nil) }
                new = files[path].map { _ in maskedText(of: path, before: parent) }
            } else {
                old = parent.files[path].map { String(decoding: $0, as: UTF8.self) }
                new = files[path].map { String(decoding: $0, as: UTF8.self) }
            }
            return UnifiedDiff.diff(old ?? "", new ?? "", oldName: old == nil ? "/dev/null" : "a/\(path)",
                                    newName: new == nil ? "/dev/null" : "b/\(path)")
        }.joined()
    }

    /// The objects of the file at `path` as one YAML stream, Secret values masked against
    /// `before`'s Secrets (all `*** (before)` without one).
    func maskedText(of path: String, before: RevisionManifests?) -> String {
        let bodies = (objects[path] ?? []).map { key, body -> YAMLNode in
            let shown = before.map { SecretMasking.masked(live: $0.secrets[key], desired: body).desired }
                ?? SecretMasking.masked(live: body, desired: nil).live
            return (shown ?? body).yamlNode()
        }
        return "# \(path): the objects Ferry reads from this file; Secret values are masked\n" + YAML.emitStream(bodies)
    }
}
