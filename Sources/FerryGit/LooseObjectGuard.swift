import CGit2
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An object-database backend, tried before libgit2's own, that checks a loose object's file
/// before libgit2 inflates it, and never reads an object itself.
///
/// libgit2 1.5 spins forever inflating a loose object whose zlib stream ends early (a truncated
/// file, libgit2 #7342): `git_zstream_get` loops while zlib answers `Z_BUF_ERROR` without making
/// progress. Every read of a tree, blob or commit, whichever API asks for it (lookups, revparse,
/// revwalk, diffs), goes through the backends' `read`, so one check here covers them all. A sound
/// object gets `GIT_PASSTHROUGH`, and libgit2 reads it as before; a damaged one fails the read
/// with a message naming it. Packed objects are not checked: libgit2's pack reader stops when
/// zlib makes no progress.
enum LooseObjectGuard {
    /// Where libgit2 keeps the backend's state: our block starts with the `git_odb_backend` that
    /// libgit2 sees, followed by the retained `Context`, as a C backend embeds its base struct.
    private static let contextOffset = MemoryLayout<git_odb_backend>.stride

    /// Higher than libgit2's pack (2) and loose (1) backends, so this one is asked first.
    private static let priority: Int32 = 100

    /// The object directories checked: the repository's own and its alternates'.
    final class Context {
        let directories: [String]
        init(directories: [String]) { self.directories = directories }
    }

    /// Adds the guard to `odb`, which then owns (and frees) it.
    static func install(on odb: OpaquePointer, repository: OpaquePointer) throws {
        let objects = git_repository_commondir(repository).map { trimmingSlash(String(cString: $0)) + "/objects" }
        guard let objects else { return }
        let context = Context(directories: [objects] + alternates(of: objects))

        let block = UnsafeMutableRawPointer.allocate(
            byteCount: contextOffset + MemoryLayout<UnsafeRawPointer>.size, alignment: MemoryLayout<git_odb_backend>.alignment)
        let backend = block.bindMemory(to: git_odb_backend.self, capacity: 1)
        try check(git_odb_init_backend(backend, UInt32(GIT_ODB_BACKEND_VERSION)), "setting up the object check")
        (block + contextOffset).storeBytes(of: Unmanaged.passRetained(context).toOpaque(), as: UnsafeRawPointer.self)
        backend.pointee.read = { _, _, _, backend, id in
            guard let backend, let id else { return GIT_PASSTHROUGH.rawValue }
            return LooseObjectGuard.verify(id, context: LooseObjectGuard.context(of: backend))
        }
        backend.pointee.read_prefix = { _, _, _, _, backend, id, length in
            guard let backend, let id else { return GIT_PASSTHROUGH.rawValue }
            return LooseObjectGuard.verifyPrefix(id, length: length, context: LooseObjectGuard.context(of: backend))
        }
        backend.pointee.free = { backend in
            guard let backend else { return }
            let block = UnsafeMutableRawPointer(backend)
            Unmanaged<Context>.fromOpaque((block + LooseObjectGuard.contextOffset).load(as: UnsafeRawPointer.self)).release()
            block.deallocate()
        }
        let added = git_odb_add_backend(odb, backend, priority)
        if added < 0 {
            backend.pointee.free?(backend)
            try check(added, "setting up the object check")
        }
    }

    private static func context(of backend: UnsafeMutablePointer<git_odb_backend>) -> Context {
        let pointer = (UnsafeMutableRawPointer(backend) + contextOffset).load(as: UnsafeRawPointer.self)
        return Unmanaged<Context>.fromOpaque(pointer).takeUnretainedValue()
    }

    /// Checks the loose file of `id` in each object directory that holds one.
    static func verify(_ id: UnsafePointer<git_oid>, context: Context) -> Int32 {
        let hex = ObjectID(id).hex
        let name = "\(hex.prefix(2))/\(hex.dropFirst(2))"
        for directory in context.directories {
            if let problem = problem(inLooseFile: "\(directory)/\(name)") {
                return fail("\(problem.kind) \(hex.prefix(7)) is corrupt: \(problem.reason) (\(directory)/\(name)); the repository is damaged: run `git fsck`")
            }
        }
        return GIT_PASSTHROUGH.rawValue
    }

    /// Checks every loose file whose name starts with the short id (libgit2 fails an ambiguous one later).
    static func verifyPrefix(_ id: UnsafePointer<git_oid>, length: Int, context: Context) -> Int32 {
        let hex = String(ObjectID(id).hex.prefix(length))
        guard hex.count >= 2 else { return GIT_PASSTHROUGH.rawValue }
        let rest = hex.dropFirst(2)
        for directory in context.directories {
            let folder = "\(directory)/\(hex.prefix(2))"
            guard let listing = opendir(folder) else { continue }
            defer { closedir(listing) }
            while let entry = readdir(listing) {
                let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
                guard name.count == 38, name.hasPrefix(rest) else { continue }
                if let problem = problem(inLooseFile: "\(folder)/\(name)") {
                    return fail("\(problem.kind) \(hex.prefix(2))\(name.prefix(5)) is corrupt: \(problem.reason) (\(folder)/\(name)); the repository is damaged: run `git fsck`")
                }
            }
        }
        return GIT_PASSTHROUGH.rawValue
    }

    private static func fail(_ message: String) -> Int32 {
        git_error_set_str(Int32(GIT_ERROR_ODB.rawValue), message)
        return GIT_ERROR.rawValue
    }

    /// What is wrong with the loose object file at `path`; nil when it is sound or absent.
    ///
    /// Inflates the whole stream into a small scratch buffer (nothing is kept), and checks that
    /// it ends, that the header reads `<type> <size>\0`, and that exactly `size` bytes follow.
    static func problem(inLooseFile path: String) -> (kind: String, reason: String)? {
        guard let file = fopen(path, "rb") else { return nil }  // not loose here (packed, or elsewhere)
        defer { fclose(file) }
        var stream = z_stream()
        guard inflateInit_(&stream, zlibVersion(), Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            return ("object", "zlib could not be initialised")
        }
        defer { inflateEnd(&stream) }

        var input = [UInt8](repeating: 0, count: 64 << 10)
        var output = [UInt8](repeating: 0, count: 64 << 10)
        var header: [UInt8] = []
        var headerDone = false
        var inflated = 0
        var status = Z_OK
        var kind = "object"
        while status != Z_STREAM_END {
            let read = input.withUnsafeMutableBytes { fread($0.baseAddress, 1, $0.count, file) }
            if read == 0 {
                return (kind, ferror(file) != 0 ? "its file cannot be read (\(String(cString: strerror(errno))))" : "its file is truncated: the compressed data ends early")
            }
            var consumed = 0
            // Inflate until this input is used up and zlib holds no more output for us.
            var outputFull = false
            repeat {
                let result: (status: Int32, produced: Int, used: Int) = input.withUnsafeMutableBytes { inBuffer in
                    output.withUnsafeMutableBytes { outBuffer in
                        stream.next_in = inBuffer.baseAddress!.assumingMemoryBound(to: Bytef.self) + consumed
                        stream.avail_in = uInt(read - consumed)
                        stream.next_out = outBuffer.baseAddress!.assumingMemoryBound(to: Bytef.self)
                        stream.avail_out = uInt(outBuffer.count)
                        let status = inflate(&stream, Z_NO_FLUSH)
                        return (status, outBuffer.count - Int(stream.avail_out), read - consumed - Int(stream.avail_in))
                    }
                }
                status = result.status
                if status == Z_BUF_ERROR { status = Z_OK; break }  // no progress possible: zlib needs more input
                guard status == Z_OK || status == Z_STREAM_END else {
                    return (kind, "its file is not a valid zlib stream (\(stream.msg.map { String(cString: $0) } ?? "zlib error \(status)"))")
                }
                consumed += result.used
                outputFull = result.produced == output.count
                var produced = output[0..<result.produced]
                if !headerDone {
                    if let end = produced.firstIndex(of: 0) {
                        header += produced[..<end]
                        headerDone = true
                        produced = produced[(end + 1)...]
                        kind = String(decoding: header.prefix { $0 != 0x20 }, as: UTF8.self)
                    } else {
                        header += produced
                        produced = []
                        if header.count > 64 { return (kind, "its header is malformed") }
                    }
                }
                inflated += produced.count
            } while status != Z_STREAM_END && (consumed < read || outputFull)
        }
        let fields = header.split(separator: 0x20)
        guard headerDone, fields.count == 2, ["commit", "tree", "blob", "tag"].contains(kind),
              let size = Int(String(decoding: fields[1], as: UTF8.self))
        else { return ("object", "its header is malformed") }
        guard size == inflated else { return (kind, "its header says \(size) bytes but it holds \(inflated)") }
        return nil
    }

    /// The object directories named in `objects/info/alternates` (relative ones from `objects`).
    private static func alternates(of objects: String) -> [String] {
        guard let file = fopen("\(objects)/info/alternates", "r") else { return [] }
        defer { fclose(file) }
        var text: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while case let count = buffer.withUnsafeMutableBytes({ fread($0.baseAddress, 1, $0.count, file) }), count > 0 {
            text += buffer[0..<count]
        }
        return text.split(separator: 0x0A).map { String(decoding: $0, as: UTF8.self) }
            .filter { !$0.isEmpty && !$0.hasPrefix("#") }
            .map { $0.hasPrefix("/") ? trimmingSlash($0) : "\(objects)/\(trimmingSlash($0))" }
    }

    private static func trimmingSlash(_ path: String) -> String {
        path.count > 1 && path.hasSuffix("/") ? String(path.dropLast()) : path
    }
}
