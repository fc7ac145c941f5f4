// Loading a commit's manifests: FerryGit (libgit2, in process) against the git CLI's fastest
// equivalent, `git ls-tree -r -z HEAD manifests` feeding `git cat-file --batch`. Both read
// every blob's bytes from the same packed repository of 2,000 realistic manifests.
import FerryGit
import Foundation

enum GitBenchmark {
    static let teams = 20
    static let appsPerTeam = 10
    static let runs = 5
    static let goal = 1.0

    static func run() {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("ferry-git-bench-\(UUID().uuidString)", isDirectory: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            let (files, bytes) = try makeRepository(at: directory)

            // Both sides must read the same files and bytes before either is timed.
            let ferryResult = try loadWithFerry(directory)
            let gitResult = try loadWithGitCLI(directory)
            guard ferryResult == (files, bytes), gitResult == (files, bytes) else {
                print("git: generated \(files) files (\(bytes) bytes); ferry read \(ferryResult), git read \(gitResult)")
                return
            }

            let ferry = try bestOf(runs) { _ = try loadWithFerry(directory) }
            let git = try bestOf(runs) { _ = try loadWithGitCLI(directory) }
            let ratio = git / ferry
            print(String(
                format: "git: %@ files, %.1f MB: ferry %.1f ms (%@ files/s), git ls-tree|cat-file %.1f ms (%@ files/s), ferry %.2fx %@ (goal: ferry faster than the git CLI, > %.0fx)",
                grouped(files), Double(bytes) / 1_000_000,
                ferry * 1000, grouped(Int(Double(files) / ferry)),
                git * 1000, grouped(Int(Double(files) / git)),
                ratio >= 1 ? ratio : 1 / ratio, ratio >= 1 ? "faster" : "slower", goal))
            BenchReport.add(ReportRow(
                area: "git", figure: String(format: "load a commit's manifests (%@ files, %.1f MB)", grouped(files), Double(bytes) / 1_000_000),
                ferry: String(format: "%.1f ms", ferry * 1000), baseline: String(format: "%.1f ms (git ls-tree | cat-file --batch)", git * 1000),
                ratio: String(format: "%.2fx %@", ratio >= 1 ? ratio : 1 / ratio, ratio >= 1 ? "faster" : "slower"),
                goal: BenchReport.goal(String(format: "faster than the git CLI (> %.0fx)", goal), met: ratio > goal)))
        } catch {
            print("git: benchmark failed: \(error)")
        }
    }

    // MARK: The two contenders

    /// Opens the repository, resolves HEAD and loads every manifest's bytes; (files, bytes) read.
    private static func loadWithFerry(_ directory: URL) throws -> (Int, Int) {
        let repository = try Repository(path: directory.path)
        let store = try ManifestStore(repository: repository, path: "manifests")
        let snapshot = try store.manifests(at: repository.resolve("HEAD"))
        return (snapshot.files.count, snapshot.totalBytes)
    }

    /// `git ls-tree -r -z HEAD manifests`, its blob ids into `git cat-file --batch`, every
    /// object's content sliced out of the output; (files, bytes) read.
    private static func loadWithGitCLI(_ directory: URL) throws -> (Int, Int) {
        let listing = try runGit(["ls-tree", "-r", "-z", "HEAD", "manifests"], in: directory)
        // Each entry: "<mode> SP <type> SP <id> TAB <path> NUL".
        var ids = Data()
        for entry in listing.split(separator: 0) {
            let fields = entry.prefix { $0 != 0x09 }.split(separator: 0x20)
            guard fields.count == 3, fields[1].elementsEqual("blob".utf8) else { continue }
            ids.append(contentsOf: fields[2])
            ids.append(0x0A)
        }
        let output = try runGit(["cat-file", "--batch"], in: directory, input: ids)

        // Each object: "<id> SP <type> SP <size> LF <content> LF".
        var files = 0, bytes = 0
        var contents: [[UInt8]] = []
        var position = output.startIndex
        while position < output.endIndex {
            guard let newline = output[position...].firstIndex(of: 0x0A),
                  let size = output[position..<newline].split(separator: 0x20).last
                    .flatMap({ Int(String(decoding: $0, as: UTF8.self)) })
            else { throw BenchmarkError("unexpected cat-file output at byte \(position)") }
            let start = newline + 1
            guard start + size <= output.endIndex else { throw BenchmarkError("cat-file output ends inside an object") }
            contents.append([UInt8](output[start..<start + size]))
            files += 1
            bytes += size
            position = start + size + 1
        }
        return (files, bytes)
    }

    // MARK: The repository

    /// A bare repository whose HEAD holds `teams × appsPerTeam × 10` manifests of 1-3 KB under
    /// manifests/<team>/<app>/, written by one `git fast-import` (so packed, as a clone would be).
    private static func makeRepository(at directory: URL) throws -> (files: Int, bytes: Int) {
        _ = try runGit(["init", "--quiet", "--bare", "."], in: directory)
        var stream = Data()
        var paths: [String] = []
        var bytes = 0
        for team in 1...teams {
            for app in 1...appsPerTeam {
                for (kind, content) in appManifests(team: team, app: app) {
                    let blob = Data(content.utf8)
                    stream.append(Data("blob\nmark :\(paths.count + 1)\ndata \(blob.count)\n".utf8))
                    stream.append(blob)
                    stream.append(0x0A)
                    paths.append(String(format: "manifests/team-%02d/app-%02d/%@.yaml", team, app, kind))
                    bytes += blob.count
                }
            }
        }
        let message = Data("Benchmark manifests\n".utf8)
        stream.append(Data("""
            commit refs/heads/main
            author Ferry Bench <bench@ferry.invalid> 1700000000 +0000
            committer Ferry Bench <bench@ferry.invalid> 1700000000 +0000
            data \(message.count)

            """.utf8))
        stream.append(message)
        for (index, path) in paths.enumerated() {
            stream.append(Data("M 100644 :\(index + 1) \(path)\n".utf8))
        }
        stream.append(Data("\n".utf8))
        _ = try runGit(["fast-import", "--quiet"], in: directory, input: stream)
        _ = try runGit(["symbolic-ref", "HEAD", "refs/heads/main"], in: directory)
        return (paths.count, bytes)
    }

    /// The ten manifests of one application, each 1-3 KB depending on the app.
    private static func appManifests(team: Int, app: Int) -> [(String, String)] {
        let name = "app-\(app)"
        let namespace = "team-\(team)"
        let labels = """
              labels:
                app.kubernetes.io/name: \(name)
                app.kubernetes.io/part-of: \(namespace)
                app.kubernetes.io/managed-by: ferry
                app.kubernetes.io/version: "1.\(team).\(app)"
            """
        let metadata = "metadata:\n  name: \(name)\n  namespace: \(namespace)\n\(labels)"
        let envCount = 6 + (team * 7 + app * 3) % 30
        let env = (0..<envCount).map {
            "            - name: SETTING_\($0)\n              value: \"team \(team) app \(app) setting \($0)\""
        }.joined(separator: "\n")
        let configData = (0..<(10 + (team + app * 5) % 40)).map {
            "  setting-\($0).properties: \"key\($0)=value-\(team)-\(app)-\($0)\""
        }.joined(separator: "\n")
        let rules = (0..<(3 + app % 8)).map {
            "  - apiGroups: [\"\"]\n    resources: [\"configmaps\", \"secrets\"]\n    resourceNames: [\"\(name)-\($0)\"]\n    verbs: [\"get\", \"list\", \"watch\"]"
        }.joined(separator: "\n")
        let ports = (0..<(2 + app % 6)).map {
            "    - name: port-\($0)\n      port: \(8080 + $0)\n      targetPort: \(8080 + $0)\n      protocol: TCP"
        }.joined(separator: "\n")
        let hosts = (0..<(2 + team % 5)).map {
            "    - host: \(name)-\($0).\(namespace).example.com\n      http:\n        paths:\n          - path: /\n            pathType: Prefix\n            backend:\n              service:\n                name: \(name)\n                port:\n                  number: \(8080 + $0)"
        }.joined(separator: "\n")
        let comment = "# Owned by \(namespace); generated for the FerryGit benchmark.\n# Every field below is realistic but fictional.\n"
        return [
            ("deployment", """
                \(comment)apiVersion: apps/v1
                kind: Deployment
                \(metadata)
                spec:
                  replicas: \(1 + app % 4)
                  selector:
                    matchLabels:
                      app.kubernetes.io/name: \(name)
                  template:
                    metadata:
                \(labels.split(separator: "\n").map { "    " + $0 }.joined(separator: "\n"))
                    spec:
                      serviceAccountName: \(name)
                      containers:
                        - name: \(name)
                          image: registry.example.com/\(namespace)/\(name):1.\(team).\(app)
                          ports:
                            - containerPort: 8080
                          resources:
                            requests: {cpu: 100m, memory: 128Mi}
                            limits: {cpu: "1", memory: 512Mi}
                          env:
                \(env)

                """),
            ("service", "\(comment)apiVersion: v1\nkind: Service\n\(metadata)\nspec:\n  selector:\n    app.kubernetes.io/name: \(name)\n  ports:\n\(ports)\n" + String(repeating: "# padding for a realistic size\n", count: 20)),
            ("configmap", "\(comment)apiVersion: v1\nkind: ConfigMap\n\(metadata)\ndata:\n\(configData)\n"),
            ("hpa", "\(comment)apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\n\(metadata)\nspec:\n  scaleTargetRef:\n    apiVersion: apps/v1\n    kind: Deployment\n    name: \(name)\n  minReplicas: 2\n  maxReplicas: \(4 + app)\n  metrics:\n    - type: Resource\n      resource:\n        name: cpu\n        target:\n          type: Utilization\n          averageUtilization: 70\n    - type: Resource\n      resource:\n        name: memory\n        target:\n          type: Utilization\n          averageUtilization: 80\n" + String(repeating: "# scaling policy notes for operators on call\n", count: 12)),
            ("pdb", "\(comment)apiVersion: policy/v1\nkind: PodDisruptionBudget\n\(metadata)\nspec:\n  minAvailable: 1\n  selector:\n    matchLabels:\n      app.kubernetes.io/name: \(name)\n" + String(repeating: "# disruption budget: keep one replica during node drains\n", count: 14)),
            ("serviceaccount", "\(comment)apiVersion: v1\nkind: ServiceAccount\n\(metadata)\n  annotations:\n    example.com/owner: \(namespace)\n    example.com/contact: \(namespace)@example.com\n" + String(repeating: "# service account used by the deployment's pods\n", count: 16)),
            ("role", "\(comment)apiVersion: rbac.authorization.k8s.io/v1\nkind: Role\n\(metadata)\nrules:\n\(rules)\n"),
            ("rolebinding", "\(comment)apiVersion: rbac.authorization.k8s.io/v1\nkind: RoleBinding\n\(metadata)\nroleRef:\n  apiGroup: rbac.authorization.k8s.io\n  kind: Role\n  name: \(name)\nsubjects:\n  - kind: ServiceAccount\n    name: \(name)\n    namespace: \(namespace)\n" + String(repeating: "# binds the role above to the service account\n", count: 15)),
            ("networkpolicy", "\(comment)apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\n\(metadata)\nspec:\n  podSelector:\n    matchLabels:\n      app.kubernetes.io/name: \(name)\n  policyTypes: [Ingress, Egress]\n  ingress:\n    - from:\n        - namespaceSelector:\n            matchLabels:\n              kubernetes.io/metadata.name: ingress\n      ports:\n\(ports)\n"),
            ("ingress", "\(comment)apiVersion: networking.k8s.io/v1\nkind: Ingress\n\(metadata)\nspec:\n  ingressClassName: nginx\n  rules:\n\(hosts)\n"),
        ]
    }

    // MARK: Helpers

    private struct BenchmarkError: Error, CustomStringConvertible {
        let description: String
        init(_ description: String) { self.description = description }
    }

    /// Runs git with no user or system configuration; its standard output. Standard input is
    /// written on another thread while the output is read, so neither pipe can fill and stall.
    private static func runGit(_ arguments: [String], in directory: URL, input: Data? = nil) throws -> Data {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["git"] + arguments
        process.currentDirectoryURL = directory
        var environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("GIT_") }
        environment["GIT_CONFIG_NOSYSTEM"] = "1"
        environment["GIT_CONFIG_GLOBAL"] = "/dev/null"
        process.environment = environment
        let stdin = Pipe(), stdout = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        try process.run()
        let writer = stdin.fileHandleForWriting
        let written = DispatchGroup()
        DispatchQueue.global().async(group: written) {
            if let input { try? writer.write(contentsOf: input) }
            try? writer.close()
        }
        let output = stdout.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        written.wait()
        guard process.terminationStatus == 0 else {
            throw BenchmarkError("git \(arguments.joined(separator: " ")) exited with status \(process.terminationStatus)")
        }
        return output
    }

    /// The shortest of `runs` timings of `body`, in seconds, on the monotonic clock.
    private static func bestOf(_ runs: Int, _ body: () throws -> Void) throws -> Double {
        let clock = ContinuousClock()
        var best = Double.infinity
        for _ in 0..<runs {
            let elapsed = try clock.measure(body)
            best = min(best, Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18)
        }
        return best
    }

    /// 12345 as "12,345", whatever the locale.
    private static func grouped(_ number: Int) -> String {
        var digits = Array(String(number))
        var index = digits.count - 3
        while index > 0 {
            digits.insert(",", at: index)
            index -= 3
        }
        return String(digits)
    }
}
