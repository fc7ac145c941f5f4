import Foundation
import Testing
import FerryGit
import FerryTesting

/// A damaged loose object must fail the read that reaches it, naming the object and saying what
/// to do; a truncated one used to make libgit2 spin forever (libgit2 #7342).
@Suite("Corrupt objects")
struct CorruptObjectTests {
    enum Object: String, CaseIterable, CustomTestStringConvertible {
        case blob, tree, commit
        var testDescription: String { rawValue }
        /// The revision naming this object in the fixture.
        var revision: String {
            switch self {
            case .blob: "HEAD:manifests/app.yaml"
            case .tree: "HEAD:manifests"
            case .commit: "HEAD"
            }
        }
    }

    enum Damage: String, CaseIterable, CustomTestStringConvertible {
        /// The first half of the file: the zlib stream ends before the object does.
        case truncated
        /// Bytes that are no zlib stream at all.
        case garbage
        /// Another object's file in its place: sound zlib, wrong content.
        case swapped
        var testDescription: String { rawValue }
    }

    @Test("reading a damaged object fails with its id and `git fsck`", arguments: Object.allCases, Damage.allCases)
    func damagedObject(object: Object, damage: Damage) throws {
        let fixture = try GitFixture()
        // Big enough that half a file still holds the header: the truncation is past it.
        try fixture.write("manifests/app.yaml", manifest("app", data: String(repeating: "x", count: 300)))
        try fixture.write("manifests/other.yaml", manifest("other"))
        try fixture.commit("Two manifests")
        let id = try fixture.revParse(object.revision)
        let other = try fixture.revParse("HEAD:manifests/other.yaml")
        try damage.apply(to: looseFile(id, in: fixture), swappingWith: looseFile(other, in: fixture))

        // A fresh repository, so that nothing was read (or cached) before the damage.
        let error = try #require(throws: GitError.self) {
            let store = try fixture.store()
            let head = try store.repository.resolve("HEAD")
            _ = try store.manifests(at: head)
        }
        #expect(error.description.contains(String(id.prefix(7))), "\(error)")
        #expect(error.description.contains("the repository is damaged: run `git fsck`"), "\(error)")
        if damage == .truncated {
            #expect(error.description.contains("\(object.rawValue) \(id.prefix(7)) is corrupt: its file is truncated"), "\(error)")
        }
    }

    @Test("a sound repository reads as before, loose and packed")
    func soundRepository() throws {
        let fixture = try GitFixture()
        // Over 64 KiB compressed and inflated, so the check reads and inflates in several rounds.
        let big = (0..<4_000).map { "  key\($0): \($0 * 7919 % 10_007)\n" }.joined()
        try fixture.write("manifests/big.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: big\ndata:\n" + big)
        try fixture.write("manifests/app.yaml", manifest("app"))
        try fixture.commit("Manifests")
        let loose = try fixture.store()
        #expect(try loose.manifests(at: loose.repository.head()).paths == ["manifests/app.yaml", "manifests/big.yaml"])
        try fixture.git("gc", "--quiet")
        let packed = try fixture.store()
        #expect(try packed.manifests(at: packed.repository.resolve(String(try fixture.revParse("HEAD").prefix(8)))).paths.count == 2)
    }

    /// The loose file of object `id` (a test repository's objects are all loose).
    func looseFile(_ id: String, in fixture: GitFixture) -> URL {
        fixture.url(of: ".git/objects/\(id.prefix(2))/\(id.dropFirst(2))")
    }
}

extension CorruptObjectTests.Damage {
    func apply(to file: URL, swappingWith other: URL) throws {
        // git writes objects read-only.
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: file.path)
        let original = try Data(contentsOf: file)
        let damaged: Data = switch self {
        case .truncated: original.prefix(original.count / 2)
        case .garbage: Data((0..<original.count).map { UInt8(truncatingIfNeeded: $0 &* 37 &+ 11) })
        case .swapped: try Data(contentsOf: other)
        }
        try damaged.write(to: file)
    }
}
