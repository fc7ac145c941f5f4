import Foundation
import Testing
import FerryGit
import FerryTesting

@Suite("Reading single files (ferry.yaml)")
struct FileTests {
    @Test func readsAFileAtACommitAndInTheIndex() throws {
        let fixture = try GitFixture()
        try fixture.write("ferry.yaml", "path: manifests\n")
        let first = try fixture.commit("Config", minute: 1)
        try fixture.write("ferry.yaml", "path: deploy\n")
        try fixture.stage()

        let repository = try Repository(path: fixture.path)
        let head = try repository.head()
        #expect(try repository.file(at: "ferry.yaml", in: head) == Array("path: manifests\n".utf8))
        #expect(try repository.file(at: "./ferry.yaml", in: repository.resolve(first)) == Array("path: manifests\n".utf8))
        #expect(try repository.stagedFile(at: "ferry.yaml") == Array("path: deploy\n".utf8))
        #expect(try repository.file(at: "missing.yaml", in: head) == nil)
        #expect(try repository.stagedFile(at: "missing.yaml") == nil)
    }

    @Test func refusesSymlinksDirectoriesAndOversizeFiles() throws {
        let fixture = try GitFixture()
        try fixture.write("real.yaml", "x: 1\n")
        try fixture.symlink("ferry.yaml", to: "real.yaml")
        try fixture.write("dir/inside.yaml", "y: 2\n")
        let head = try fixture.commit("Odd", minute: 1)

        let repository = try Repository(path: fixture.path)
        let commit = try repository.head()
        let link = #expect(throws: GitError.self) { try repository.file(at: "ferry.yaml", in: commit) }
        #expect(link?.description == "reading 'ferry.yaml' at commit \(head.prefix(7)): it is a symlink (Ferry never follows symlinks)")
        let stagedLink = #expect(throws: GitError.self) { try repository.stagedFile(at: "ferry.yaml") }
        #expect(stagedLink?.description.contains("symlink") == true)
        let directory = #expect(throws: GitError.self) { try repository.file(at: "dir", in: commit) }
        #expect(directory?.message == "it is a directory")
        let big = #expect(throws: GitError.self) { try repository.file(at: "real.yaml", in: commit, maxSize: 3) }
        #expect(big?.message == "it is 5 bytes, over the 3-byte limit")
        #expect(throws: GitError.self) { try repository.file(at: "../outside", in: commit) }
    }
}
