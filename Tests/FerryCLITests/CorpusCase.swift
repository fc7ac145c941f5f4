import FerryTesting
import Foundation

/// One case of the bad-input corpus: a directory under `Tests/Corpus/` holding `files/` (the
/// repository's files, committed as they are) and `case.json` (what to run and expect).
///
/// `case.json`:
/// - `description`: what is wrong, in a few words;
/// - `commands`: the ferry commands to run (`sync`, `validate`, `diff`, `render`);
/// - `exit`: the documented exit code every command must end with;
/// - `expect`: substrings the output must contain: the place (`file:line:col`,
///   `Kind/namespace/name`) and the advice;
/// - `arguments`: more arguments for every command (`--rev HEAD~1`);
/// - `setup`: steps that plain files cannot express, run in order (see `Repository.prepare`).
struct CorpusCase: Decodable, Sendable {
    var description: String
    var commands: [String]
    var exit: Int32
    var expect: [String]
    var arguments: [String]
    var setup: [String]

    /// `Tests/Corpus`, found from this file's place in the package.
    static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Corpus")

    /// Every case's directory name, in order (`001-yaml-tab-indentation`, ...).
    static let names: [String] = {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: root.path)) ?? []
        return entries.filter { FileManager.default.fileExists(atPath: root.appendingPathComponent("\($0)/case.json").path) }.sorted()
    }()

    static func load(_ name: String) throws -> CorpusCase {
        let data = try Data(contentsOf: root.appendingPathComponent("\(name)/case.json"))
        return try JSONDecoder().decode(CorpusCase.self, from: data)
    }
}

/// A corpus case's repository, built with the git command-line tool in a temporary directory.
final class CorpusRepository {
    /// The repository the case's files were committed to.
    let repository: GitFixture
    /// Where `--repo` points: the repository, or a clone of it (`shallow-clone`).
    private(set) var target: String
    /// Extra temporary directories (a clone, a submodule's origin), deleted with the repository.
    private var scratch: [URL] = []
    private var keep: [GitFixture] = []

    init(case name: String, _ spec: CorpusCase) throws {
        repository = try GitFixture()
        target = repository.path
        let files = CorpusCase.root.appendingPathComponent("\(name)/files")
        if let walker = FileManager.default.enumerator(at: files, includingPropertiesForKeys: [.isRegularFileKey]) {
            for case let file as URL in walker where (try? file.resourceValues(forKeys: [.isRegularFileKey]))?.isRegularFile == true {
                let relative = String(file.path.dropFirst(files.path.count + 1))
                try repository.write(relative, bytes: try Data(contentsOf: file))
            }
        }
        let steps = spec.setup.map { $0.split(separator: " ").map(String.init) }
        for step in steps { try beforeCommit(step) }
        if !steps.contains(where: { $0.first == "unborn-head" }) { _ = try repository.commit("corpus case \(name)") }
        for step in steps { try afterCommit(step) }
    }

    deinit {
        repository.remove()
        for directory in scratch { try? FileManager.default.removeItem(at: directory) }
    }

    /// Steps that shape the work tree before the one commit.
    private func beforeCommit(_ step: [String]) throws {
        switch step[0] {
        case "bytes":  // bytes PATH HEX: a file whose bytes a text file cannot hold (NUL, invalid UTF-8, BOM)
            try repository.write(step[1], bytes: Data(hex: step[2]))
        case "huge-label-value":  // huge-label-value PATH SIZE: a ConfigMap with one SIZE-character label value
            let text = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: huge\n  labels:\n    big: "
                + String(repeating: "x", count: Int(step[2]) ?? 0) + "\n"
            try repository.write(step[1], text)
        case "symlink":  // symlink PATH TARGET
            try repository.symlink(step[1], to: step[2])
        case "submodule":  // submodule PATH: a real submodule of another repository
            let origin = try GitFixture()
            keep.append(origin)
            try origin.write("manifests/app.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: vendored}\n")
            _ = try origin.commit("vendored manifests")
            try repository.addSubmodule(step[1], from: origin)
        case "big-file":  // big-file PATH SIZE: a valid-looking manifest of SIZE bytes, made here, never committed to Ferry's tree
            try writeBigFile(step[1], size: Int(step[2]) ?? 0)
        case "many-files":  // many-files DIR COUNT BAD: COUNT ConfigMaps, the one numbered BAD with a number for an annotation
            let count = Int(step[2]) ?? 0, bad = Int(step[3]) ?? -1
            for index in 0..<count {
                var text = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: f\(index)\n  labels: {n: \"\(index)\"}\n"
                if index == bad { text += "  annotations: {bad: 1}\n" }
                try repository.write("\(step[1])/f\(index).yaml", text)
            }
        default:
            break
        }
    }

    /// Steps that damage or reshape the repository after the commit.
    private func afterCommit(_ step: [String]) throws {
        switch step[0] {
        case "corrupt-blob", "truncate-blob", "delete-blob", "corrupt-tree", "truncate-tree":
            try damage(object: try repository.revParse("HEAD:\(step[1])"), how: step[0])
        case "corrupt-commit", "truncate-commit":
            try damage(object: try repository.revParse("HEAD"), how: step[0])
        case "unborn-branch":  // HEAD on a branch without commits, while `main` has some
            try repository.git("symbolic-ref", "HEAD", "refs/heads/nothing-yet")
        case "detached-head":  // HEAD detached at the broken commit; `main` moves on to a fixed one
            let broken = try repository.revParse("HEAD")
            try repository.git("rm", "--quiet", "manifests/bad.yaml")
            _ = try repository.commit("fix", stagingAll: false)
            try repository.checkout(broken)
        case "shallow-clone":  // a depth-1 clone of a two-commit history
            _ = try repository.commit("second")
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("ferry-clone-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            scratch.append(directory)
            let clone = directory.appendingPathComponent("clone").path
            try GitFixture.git(["clone", "--quiet", "--depth", "1", "file://\(repository.path)", clone], in: directory)
            target = clone
        case "not-a-repository":  // the work tree without its .git
            try FileManager.default.removeItem(at: repository.url(of: ".git"))
        default:
            break
        }
    }

    /// Damages a loose object: `corrupt-*` scrambles its compressed bytes, `truncate-*` cuts it
    /// in half, `delete-*` removes it.
    private func damage(object id: String, how: String) throws {
        let file = repository.url(of: ".git/objects/\(id.prefix(2))/\(id.dropFirst(2))")
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: file.path)
        let bytes = try Data(contentsOf: file)
        if how.hasPrefix("delete") {
            try FileManager.default.removeItem(at: file)
        } else if how.hasPrefix("truncate") {
            try bytes.prefix(bytes.count / 2).write(to: file)
        } else {
            // The zlib header stays, so libgit2 gets as far as inflating before it fails.
            try (bytes.prefix(2) + Data(bytes.dropFirst(2).map { $0 ^ 0x5a })).write(to: file)
        }
    }

    /// A ConfigMap of `size` bytes, written 1 MiB at a time so the test stays small too.
    private func writeBigFile(_ path: String, size: Int) throws {
        try repository.write(path, "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: big}\ndata:\n")
        let handle = try FileHandle(forWritingTo: repository.url(of: path))
        defer { try? handle.close() }
        try handle.seekToEnd()
        var written = 0, line = 0
        while written < size {
            var chunk = ""
            while chunk.utf8.count < 1 << 20 {
                chunk += "  k\(line): " + String(repeating: "x", count: 1000) + "\n"
                line += 1
            }
            try handle.write(contentsOf: Data(chunk.utf8))
            written += chunk.utf8.count
        }
    }
}

extension Data {
    /// Bytes from a hex string (`"efbbbf"`); a malformed pair is skipped.
    init(hex: String) {
        var bytes: [UInt8] = []
        var digits = hex.utf8.makeIterator()
        while let high = digits.next(), let low = digits.next() {
            if let byte = UInt8(String(decoding: [high, low], as: UTF8.self), radix: 16) { bytes.append(byte) }
        }
        self.init(bytes)
    }
}
