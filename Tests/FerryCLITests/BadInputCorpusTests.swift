import FerryTesting
import Foundation
import Testing

/// The bad-input corpus (`Tests/Corpus/`): every broken repository must give a clear message
/// naming the place, the documented exit code, no crash and no hang, bounded memory, and
/// no write to the cluster.
///
/// Cases run one at a time against one local cluster started for the suite, so that its
/// request log shows exactly what each case's commands sent.
@Suite("The bad-input corpus", .serialized, .corpusCluster)
struct BadInputCorpusTests {
    /// A generous bound on ferry's peak memory: a 100 MB file or thousands of files must not
    /// be read whole into memory. Memory is not time: asserting it does not depend on load.
    static let memoryBound = 512 << 20

    @Test("the corpus is found and holds at least 60 cases, each expecting a documented code for bad input")
    func corpusIsThere() throws {
        // Without this, a corpus the test cannot find would make the table below empty, and pass.
        #expect(CorpusCase.names.count >= 60, "found \(CorpusCase.names.count) cases under \(CorpusCase.root.path)")
        for name in CorpusCase.names {
            let spec = try CorpusCase.load(name)
            // 2: invalid input, nothing applied; 1: a repository or revision that cannot be read,
            // or (sync) a new object's namespace that is missing. README.md documents both.
            #expect([1, 2].contains(spec.exit), "\(name) expects exit \(spec.exit)")
        }
    }

    @Test("a broken repository is refused with a clear message, the documented exit code, and no write",
          arguments: CorpusCase.names)
    func brokenRepository(name: String) async throws {
        let spec = try CorpusCase.load(name)
        let cluster = try await CorpusCluster.shared()
        let repository = try CorpusRepository(case: name, spec)
        let token = (try? String(contentsOfFile: cluster.dataDirectory + "/token", encoding: .utf8))?
            .trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(!spec.commands.isEmpty && !spec.expect.isEmpty, "\(name)/case.json names no command or no expectation")

        for command in spec.commands {
            var arguments = [command, "--repo", repository.target] + spec.arguments
            if ["sync", "diff"].contains(command) { arguments += ["--kubeconfig", cluster.kubeconfig] }
            let mark = try cluster.requests().count
            let run = try await offThePool { [arguments] in try MeasuredRun.run(FerryBinary.path, arguments) }
            // A dry run (the plan's) stores nothing; anything else but a GET is a write.
            let writes = try cluster.requests(since: mark).filter { $0.isWrite && !$0.isDryRun }
            let text = run.output + run.errorOutput
            let seconds = Double(run.duration.components.seconds) + Double(run.duration.components.attoseconds) / 1e18
            print("corpus \(name) \(command): exit \(run.status) in \(String(format: "%.2f", seconds)) s, peak memory \(run.peakMemory >> 20) MiB")

            let place = "\(name): ferry \(command) (\(spec.description))"
            #expect(!run.hung, "\(place) hung: killed after 120 s\n\(text)")
            #expect(run.signal == nil, "\(place) was killed by signal \(run.signal ?? 0) (a crash)\n\(text)")
            #expect(run.status == spec.exit, "\(place) exited \(run.status), documented \(spec.exit)\n\(text)")
            for expected in spec.expect {
                #expect(text.contains(expected), "\(place): the message does not contain '\(expected)'\n\(text)")
            }
            #expect(text.utf8.count < 64 << 10, "\(place) printed \(text.utf8.count) bytes: a message should be short")
            #expect(!text.contains("Fatal error") && !text.contains("Stack dump"), "\(place) crashed\n\(text)")
            if let token, !token.isEmpty { #expect(!text.contains(token), "\(place) printed the cluster's token") }
            #expect(!text.contains("PRIVATE KEY"), "\(place) printed a private key")
            #expect(writes.isEmpty, "\(place): the cluster received \(writes)")
            #expect(run.peakMemory < Self.memoryBound, "\(place) peaked at \(run.peakMemory >> 20) MiB")
        }
    }
}

/// The one local cluster the corpus's cases share, started once around the suite by the
/// `.corpusCluster` trait; a case run alone (outside that scope) starts its own.
enum CorpusCluster {
    @TaskLocal static var current: ClusterFixture?

    static func shared() async throws -> ClusterFixture {
        if let current { return current }
        return try await ClusterFixture.start()
    }
}

/// Starts one cluster for the whole suite and stops it (the fixture's `deinit`) when the suite ends.
struct CorpusClusterTrait: SuiteTrait, TestScoping {
    var isRecursive: Bool { false }

    func provideScope(for test: Test, testCase: Test.Case?,
                      performing function: @Sendable () async throws -> Void) async throws {
        let cluster = try await ClusterFixture.start()
        try await CorpusCluster.$current.withValue(cluster) { try await function() }
    }
}

extension Trait where Self == CorpusClusterTrait {
    /// One local cluster for every test in the suite.
    static var corpusCluster: Self { Self() }
}
