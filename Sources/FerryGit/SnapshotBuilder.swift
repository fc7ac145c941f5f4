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
        let size = try blobSize(id, path: path)
        guard size <= maxFileSize else {
            skipped.append(SkippedEntry(path: path, reason: .tooLarge(size: size, limit: maxFileSize)))
            return
        }
        let bytes = try withBlob(id, path: path) { blob in
            let count = Int(git_blob_rawsize(blob))
            guard count > 0, let content = git_blob_rawcontent(blob) else { return [UInt8]() }
            // The single copy out of libgit2's buffer, which is freed with the blob.
            return [UInt8](UnsafeRawBufferPointer(start: content, count: count))
        }
        files.append(ManifestFile(path: path, blobID: ObjectID(id), bytes: bytes))
    }

    /// Records a symlink with its target text; the target is never resolved.
    mutating func addSymlink(path: String, id: UnsafePointer<git_oid>) throws {
        let size = try blobSize(id, path: path)
        let target: String
        if size > Self.maxLinkTargetSize {
            target = "<\(size)-byte target, not read>"
        } else {
            target = try withBlob(id, path: path) { blob in
                let count = Int(git_blob_rawsize(blob))
                guard count > 0, let content = git_blob_rawcontent(blob) else { return "" }
                return String(decoding: UnsafeRawBufferPointer(start: content, count: count), as: UTF8.self)
            }
        }
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

    /// A blob's size from the object header alone, without inflating its content.
    private func blobSize(_ id: UnsafePointer<git_oid>, path: String) throws -> Int {
        var size = 0
        var type = GIT_OBJECT_INVALID
        try check(git_odb_read_header(&size, &type, repository.odb, id), "reading the size of '\(path)' (blob \(ObjectID(id).short))")
        return size
    }

    private func withBlob<T>(_ id: UnsafePointer<git_oid>, path: String, _ body: (OpaquePointer) -> T) throws -> T {
        let blob = try make("reading '\(path)' (blob \(ObjectID(id).short))") {
            git_blob_lookup(&$0, repository.pointer, id)
        }
        defer { git_blob_free(blob) }
        return body(blob)
    }
}
