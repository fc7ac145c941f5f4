import CGit2

extension Repository {
    /// A blob's size from its object header alone, without inflating its content, so an oversize
    /// file can be refused before it is loaded. `place` names the blob in errors.
    func blobSize(_ id: UnsafePointer<git_oid>, describing place: String) throws -> Int {
        var size = 0
        var type = GIT_OBJECT_INVALID
        try check(git_odb_read_header(&size, &type, odb, id), "reading the size of \(place) (blob \(ObjectID(id).short))", referenced: true)
        return size
    }

    /// A blob's content, copied once out of libgit2's buffer (which is freed with the blob).
    func blobBytes(_ id: UnsafePointer<git_oid>, describing place: String) throws -> [UInt8] {
        let blob = try make("reading \(place) (blob \(ObjectID(id).short))", referenced: true) { git_blob_lookup(&$0, pointer, id) }
        defer { git_blob_free(blob) }
        let count = Int(git_blob_rawsize(blob))
        guard count > 0, let content = git_blob_rawcontent(blob) else { return [] }
        return [UInt8](UnsafeRawBufferPointer(start: content, count: count))
    }
}
