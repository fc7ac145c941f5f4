/// Image references the way the container runtime resolves them.
public enum ImageReference {
    /// The fully qualified form of a reference, as containerd reports it:
    /// `spark:2.1.0` → `docker.io/library/spark:2.1.0`, `bitnami/spark` →
    /// `docker.io/bitnami/spark:latest`. Follows distribution's ParseNormalizedNamed:
    /// a first path component with a `.` or `:` (or `localhost`) is a registry, a
    /// missing tag means `latest` (unless a digest pins the image).
    public static func normalize(_ reference: String) -> String {
        var name = Substring(reference)
        var digest: Substring?
        if let at = name.firstIndex(of: "@") {
            digest = name[name.index(after: at)...]
            name = name[..<at]
        }
        var tag: Substring?
        let lastSlash = name.lastIndex(of: "/")
        if let colon = name.lastIndex(of: ":"), lastSlash.map({ colon > $0 }) ?? true {
            tag = name[name.index(after: colon)...]
            name = name[..<colon]
        }
        var domain = "docker.io"
        var path = String(name)
        if let slash = name.firstIndex(of: "/") {
            let first = name[..<slash]
            if first.contains(".") || first.contains(":") || first == "localhost" {
                domain = first == "index.docker.io" ? "docker.io" : String(first)
                path = String(name[name.index(after: slash)...])
            }
        }
        if domain == "docker.io", !path.contains("/") { path = "library/" + path }
        var result = domain + "/" + path
        if let tag { result += ":" + tag } else if digest == nil { result += ":latest" }
        if let digest { result += "@" + digest }
        return result
    }

    /// The repository part of a normalised reference, without tag or digest
    /// (`docker.io/library/spark`), as image IDs name it.
    static func repository(ofNormalized reference: String) -> String {
        var name = Substring(reference)
        if let at = name.firstIndex(of: "@") { name = name[..<at] }
        if let colon = name.lastIndex(of: ":"), name.lastIndex(of: "/").map({ colon > $0 }) ?? true {
            name = name[..<colon]
        }
        return String(name)
    }

    /// The digest of a reference that pins one (`sha256:...`), if any.
    static func digest(of reference: String) -> String? {
        guard let at = reference.firstIndex(of: "@") else { return nil }
        return String(reference[reference.index(after: at)...])
    }
}

/// The images the simulated runtime can pull.
struct ImageCatalog: Sendable {
    /// Normalised references; nil when every image exists.
    private let images: Set<String>?

    init(_ images: Set<String>?) {
        self.images = images.map { Set($0.map(ImageReference.normalize)) }
    }

    /// Whether an image (as a pod spec names it) can be pulled.
    func contains(_ image: String) -> Bool {
        guard let images else { return true }
        return images.contains(ImageReference.normalize(image))
    }
}
