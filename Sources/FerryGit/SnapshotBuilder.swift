import CGit2

/// Collects the files and skipped entries of one snapshot, reading blobs through one repository.
///
/// Shared by the tree walk (`manifests(at:)`) and the index listing (`stagedManifests()`), so both
/// apply the same rules to symlinks, submodules and oversize files.
struct SnapshotBuilder {
    /// Link targets longer than this are reported by size rather than read: no file system accepts
    /// a path this long, so such a "link" is junk and not worth loading.
    static let maxLinkTargetSize = 64 << 10

    let repository: Repository
    let maxFileSize: Int
    private(set) var files: [ManifestFile] = []
    private(set) var skipped: [SkippedEntry] = []

    init(repository: Repository, maxFileSize: Int) {
        self.repository = repository
        self.maxFileSize = maxFileSize
    }

    /// Reads a regular-file blob at `path`, or records it as too large without loading it.
    mutating func addBlob(path: String, id: UnsafePointer<git_oid>) throws {
        let place = "'\(path)'"
        let size = try repository.blobSize(id, describing: place)
        guard size <= maxFileSize else {
            skipped.append(SkippedEntry(path: path, reason: .tooLarge(size: size, limit: maxFileSize)))
            return
        }
        files.append(ManifestFile(path: path, blobID: ObjectID(id), bytes: try repository.blobBytes(id, describing: place)))
    }

    /// Records a symlink with its target text; the target is never resolved.
    mutating func addSymlink(path: String, id: UnsafePointer<git_oid>) throws {
        let place = "symlink '\(path)'"
        let size = try repository.blobSize(id, describing: place)
        let target = size > Self.maxLinkTargetSize
            ? "<\(size)-byte target, not read>"
            : String(decoding: try repository.blobBytes(id, describing: place), as: UTF8.self)
        skipped.append(SkippedEntry(path: path, reason: .symlink(target: target)))
    }

    /// Records a submodule (gitlink); its commit lives in another repository, so nothing is read.
    mutating func addSubmodule(path: String, id: UnsafePointer<git_oid>) {
        skipped.append(SkippedEntry(path: path, reason: .submodule(commit: ObjectID(id))))
    }

    /// Records an entry skipped for a reason found by the caller.
    mutating func addSkipped(_ entry: SkippedEntry) {
        skipped.append(entry)
    }

    /// The snapshot, sorted by path.
    func build(source: ManifestSnapshot.Source) -> ManifestSnapshot {
        ManifestSnapshot(source: source, files: files, skipped: skipped)
    }
}
