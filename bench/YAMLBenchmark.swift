// The YAML parser's throughput against libyaml's own: the same bytes through
// `YAML.parse` (events, resolution, trees, and freeing them) and through a bare
// libyaml event loop that only pulls and frees events, the physical limit for
// anything built on libyaml. Each is the best of three runs.
import CYAML
import FerryKube
import FerryYAML
import Foundation

enum YAMLBenchmark {
    static let targetBytes = 20_000_000
    static let goal = 0.50

    static func run() {
        let (input, documents) = makeStream(targetBytes: targetBytes)
        let megabytes = Double(input.count) / 1_000_000

        // Both loops must agree the input is what it claims to be before timing it.
        let parsedDocuments: Int
        do {
            parsedDocuments = try YAML.parse(input, limits: YAMLLimits(maxInputBytes: 64 << 20)).count
        } catch {
            print("yaml: generated input does not parse: \(error)")
            return
        }
        guard parsedDocuments == documents, bareEventCount(input) > 0 else {
            print("yaml: generated \(documents) documents, parsed \(parsedDocuments)")
            return
        }

        // The two are timed in turns, so a burst of load elsewhere on the machine hits
        // both rather than skewing the ratio.
        var ferry = Double.infinity
        var bare = Double.infinity
        for _ in 0..<3 {
            ferry = min(ferry, seconds { _ = try? YAML.parse(input, limits: YAMLLimits(maxInputBytes: 64 << 20)) })
            bare = min(bare, seconds { _ = bareEventCount(input) })
        }
        let ferryRate = megabytes / ferry
        let bareRate = megabytes / bare
        let ratio = ferryRate / bareRate
        print(String(
            format: "yaml: %.1f MB, %@ documents: ferry %.1f MB/s, bare libyaml %.1f MB/s, ratio %.2f (goal >= %.2f)",
            megabytes, grouped(documents), ferryRate, bareRate, ratio, goal))
        BenchReport.add(ReportRow(
            area: "yaml", figure: String(format: "parse %.1f MB, %@ documents", megabytes, grouped(documents)),
            ferry: String(format: "%.1f MB/s", ferryRate), baseline: String(format: "%.1f MB/s (bare libyaml)", bareRate),
            ratio: String(format: "%.2f of libyaml's rate", ratio),
            goal: BenchReport.goal(String(format: ">= %.2f", goal), met: ratio >= goal)))
    }

    /// How long `body` takes, in seconds, on the monotonic clock.
    private static func seconds(_ body: () -> Void) -> Double {
        let elapsed = ContinuousClock().measure(body)
        return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
    }

    /// Pulls every event libyaml produces for `input` and frees it; the event count.
    private static func bareEventCount(_ input: [UInt8]) -> Int {
        input.withUnsafeBufferPointer { buffer -> Int in
            guard let base = buffer.baseAddress else { return 0 }
            let parser = UnsafeMutablePointer<yaml_parser_t>.allocate(capacity: 1)
            defer { parser.deallocate() }
            guard yaml_parser_initialize(parser) != 0 else { return 0 }
            defer { yaml_parser_delete(parser) }
            yaml_parser_set_input_string(parser, base, buffer.count)
            var event = yaml_event_t()
            var count = 0
            while yaml_parser_parse(parser, &event) != 0 {
                let done = event.type == YAML_STREAM_END_EVENT
                yaml_event_delete(&event)
                count += 1
                if done { return count }
            }
            return 0
        }
    }

    private static func grouped(_ number: Int) -> String {
        var digits = Array(String(number))
        var index = digits.count - 3
        while index > 0 {
            digits.insert(",", at: index)
            index -= 3
        }
        return String(digits)
    }

    // MARK: input

    /// A stream of Deployments of about `targetBytes`, varied the way real manifests
    /// vary (names, labels, one to three containers, env, ports, resources, probes).
    private static func makeStream(targetBytes: Int) -> ([UInt8], Int) {
        var random = SplitMix64(seed: 0x5EED)
        var out = ""
        out.reserveCapacity(targetBytes + 8192)
        var count = 0
        while out.utf8.count < targetBytes {
            if count > 0 { out += "---\n" }
            out += deployment(count, &random)
            count += 1
        }
        return (Array(out.utf8), count)
    }

    private static let teams = ["payments", "search", "identity", "billing", "catalog", "checkout", "media"]
    private static let roles = ["api", "worker", "gateway", "cron", "frontend", "indexer"]
    private static let images = ["nginx:1.25.3", "redis:7.2-alpine", "envoyproxy/envoy:v1.28.0",
                                 "ghcr.io/example/app:sha-3f9a2c1", "python:3.12-slim", "golang:1.22"]

    private static func deployment(_ index: Int, _ random: inout SplitMix64) -> String {
        let team = teams[random.below(teams.count)]
        let role = roles[random.below(roles.count)]
        let name = "\(team)-\(role)-\(index)"
        var text = """
        # Deployment \(index) for the \(team) team
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: \(name)
          namespace: \(team)
          labels:
            app.kubernetes.io/name: \(name)
            app.kubernetes.io/part-of: \(team)
            app.kubernetes.io/component: \(role)
            tier: "\(random.below(3))"
          annotations:
            deployment.kubernetes.io/revision: "\(random.below(40) + 1)"
            description: "Serves \(role) traffic for \(team), rev \(random.below(1000))"
        spec:
          replicas: \(random.below(12) + 1)
          revisionHistoryLimit: 10
          selector:
            matchLabels:
              app.kubernetes.io/name: \(name)
          strategy:
            type: RollingUpdate
            rollingUpdate:
              maxSurge: 25%
              maxUnavailable: 0
          template:
            metadata:
              labels:
                app.kubernetes.io/name: \(name)
                app.kubernetes.io/part-of: \(team)
            spec:
              serviceAccountName: \(team)-sa
              terminationGracePeriodSeconds: 30
              securityContext:
                runAsNonRoot: true
                runAsUser: \(1000 + random.below(1000))
              containers:

        """
        for container in 0..<(1 + random.below(3)) {
            let port = 8000 + random.below(1000)
            text += """
                  - name: \(container == 0 ? role : "sidecar-\(container)")
                    image: \(images[random.below(images.count)])
                    imagePullPolicy: IfNotPresent
                    args: ["--port=\(port)", "--log-level=info", --verbose]
                    ports:
                    - name: http
                      containerPort: \(port)
                      protocol: TCP
                    - name: metrics
                      containerPort: \(port + 1)
                    env:
                    - name: TEAM
                      value: \(team)
                    - name: ENABLE_CACHE
                      value: "true"
                    - name: POOL_SIZE
                      value: "\(random.below(64) + 1)"
                    - name: POD_NAME
                      valueFrom:
                        fieldRef:
                          fieldPath: metadata.name
                    resources:
                      requests:
                        cpu: \(50 * (random.below(8) + 1))m
                        memory: \(64 * (random.below(16) + 1))Mi
                      limits:
                        cpu: "\(random.below(4) + 1)"
                        memory: \(128 * (random.below(16) + 1))Mi
                    readinessProbe:
                      httpGet:
                        path: /healthz
                        port: \(port)
                      initialDelaySeconds: 5
                      periodSeconds: 10
                    livenessProbe:
                      tcpSocket: {port: \(port)}
                      failureThreshold: 3
                      timeoutSeconds: 1.5

            """
        }
        return text
    }
}
