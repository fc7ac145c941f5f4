import FerryKube
import FerryTesting
import Foundation
import Testing

/// Skips a suite when kubectl is not installed, saying so.
let kubectlInstalled = Testing.ConditionTrait.enabled(
    if: ServedCluster.kubectlPath != nil, "kubectl is not installed at /usr/bin/kubectl; the kubectl tests are skipped")

/// Manifests the kubectl tests apply, in the namespace given.
enum Manifests {
    static func namespace(_ name: String) -> String {
        """
        apiVersion: v1
        kind: Namespace
        metadata:
          name: \(name)

        """
    }

    static func app(namespace: String, replicas: Int = 2, image: String = "nginx:1.25") -> String {
        """
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: web-config
          namespace: \(namespace)
        data:
          mode: fast
          level: "3"
        ---
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: web
          namespace: \(namespace)
          labels:
            app: web
        spec:
          replicas: \(replicas)
          selector:
            matchLabels:
              app: web
          template:
            metadata:
              labels:
                app: web
            spec:
              containers:
              - name: nginx
                image: \(image)
                ports:
                - containerPort: 80
        ---
        apiVersion: v1
        kind: Service
        metadata:
          name: web
          namespace: \(namespace)
        spec:
          selector:
            app: web
          ports:
          - port: 80
            targetPort: 80

        """
    }
}

extension FerryTesting.ProcessResult {
    /// The output's lines, each split into its whitespace-separated cells.
    var rows: [[String]] {
        output.split(separator: "\n").map { $0.split(separator: " ", omittingEmptySubsequences: true).map(String.init) }
    }

    /// The row whose first cell is `name`.
    func row(_ name: String) -> [String]? { rows.first { $0.first == name } }

    /// Standard output parsed as JSON.
    var json: JSONValue { (try? JSONValue.parse(Array(output.utf8))) ?? .null }
}

extension ServedCluster {
    /// Runs kubectl and records an issue (with its output) when it fails.
    @discardableResult
    func kubectlSucceeds(_ arguments: String..., input: String? = nil,
                         sourceLocation: Testing.SourceLocation = #_sourceLocation) async throws -> FerryTesting.ProcessResult {
        let result = try await kubectl(arguments, input: input)
        #expect(result.succeeded, "kubectl \(arguments.joined(separator: " ")): \(result.errorOutput)\(result.output)",
                sourceLocation: sourceLocation)
        return result
    }

    /// Creates a namespace and the app of ``Manifests/app(namespace:replicas:image:)``
    /// with server-side apply, then waits for the rollout.
    func deployApp(namespace: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) async throws {
        try await kubectlSucceeds("apply", "--server-side", "-f", "-",
                                  input: Manifests.namespace(namespace) + "---\n" + Manifests.app(namespace: namespace),
                                  sourceLocation: sourceLocation)
        try await kubectlSucceeds("rollout", "status", "deployment/web", "-n", namespace, "--timeout=60s",
                                  sourceLocation: sourceLocation)
    }
}
