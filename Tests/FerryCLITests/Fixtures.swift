import FerryTesting
import Foundation

/// The Spark example, small enough to read in a test, in a fresh repository.
func sparkRepository(image: String = "spark:2.1.0", configuration: String? = "path: manifests\nnamespace: spark\n") throws -> GitFixture {
    let repository = try GitFixture()
    if let configuration { try repository.write("ferry.yaml", configuration) }
    try repository.write("manifests/namespace.yaml", "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: spark\n")
    try repository.write("manifests/spark-worker.yaml", sparkWorker(image: image))
    _ = try repository.commit("Spark workers on \(image)")
    return repository
}

func sparkWorker(image: String, replicas: String = "3", container: String = "worker") -> String {
    """
    apiVersion: apps/v1
    kind: Deployment
    metadata:
      name: spark-worker
    spec:
      replicas: \(replicas)
      selector:
        matchLabels: {app: spark-worker}
      template:
        metadata:
          labels: {app: spark-worker}
        spec:
          containers:
            - name: \(container)
              image: \(image)

    """
}

/// The Spark example as the end-to-end sync tests deploy it, in a namespace and under an
/// instance of the test's own: a Namespace, the `spark-master` and `spark-worker`
/// Deployments, and their Services, one object per file under `manifests/` (so removing a
/// file removes exactly one object). Objects name no namespace; `ferry.yaml` gives it.
struct SparkApp {
    let namespace: String
    let instance: String
    var masterImage = "spark:2.1.0"
    var workerImage = "spark:2.1.0"
    var workers = 3
    /// `spec.progressDeadlineSeconds` of both Deployments (the API server's default, 600, when nil).
    var progressDeadlineSeconds: Int?

    /// A Spark app with a fresh namespace and instance, both named `label-xxxxxx`.
    init(_ label: String) {
        namespace = uniqueName(label)
        instance = namespace
    }

    /// Every object's `Kind/namespace/name`, in Ferry's apply order.
    var objects: [String] {
        ["Namespace/\(namespace)", "Service/\(namespace)/spark-master", "Service/\(namespace)/spark-worker",
         "Deployment/\(namespace)/spark-master", "Deployment/\(namespace)/spark-worker"]
    }

    var configuration: String { "path: manifests\nnamespace: \(namespace)\ninstance: \(instance)\n" }

    var files: [String: String] {
        [
            "manifests/namespace.yaml": "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: \(namespace)\n",
            "manifests/spark-master.yaml": deployment("spark-master", component: "master", replicas: 1, image: masterImage,
                                                      port: 7077),
            "manifests/spark-master-service.yaml": service("spark-master", component: "master", port: 7077),
            "manifests/spark-worker.yaml": deployment("spark-worker", component: "worker", replicas: workers,
                                                      image: workerImage, port: 8081),
            "manifests/spark-worker-service.yaml": service("spark-worker", component: "worker", port: 8081),
        ]
    }

    /// Writes `ferry.yaml` and every manifest into `repository`'s work tree (not committed).
    func write(into repository: GitFixture) throws {
        try repository.write("ferry.yaml", configuration)
        for (path, text) in files { try repository.write(path, text) }
    }

    /// A new repository holding the app in its first commit.
    func repository(message: String = "Spark on 2.1.0") throws -> GitFixture {
        let repository = try GitFixture()
        try write(into: repository)
        try repository.commit(message)
        return repository
    }

    private func deployment(_ name: String, component: String, replicas: Int, image: String, port: Int) -> String {
        """
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: \(name)
          labels: {app.kubernetes.io/name: spark, app.kubernetes.io/component: \(component)}
        spec:
          replicas: \(replicas)
        \(progressDeadlineSeconds.map { "  progressDeadlineSeconds: \($0)\n" } ?? "")  selector:
            matchLabels: {app.kubernetes.io/name: spark, app.kubernetes.io/component: \(component)}
          template:
            metadata:
              labels: {app.kubernetes.io/name: spark, app.kubernetes.io/component: \(component)}
            spec:
              containers:
                - name: \(component)
                  image: \(image)
                  ports:
                    - containerPort: \(port)
                  resources:
                    requests: {cpu: 500m, memory: 1Gi}

        """
    }

    private func service(_ name: String, component: String, port: Int) -> String {
        """
        apiVersion: v1
        kind: Service
        metadata:
          name: \(name)
          labels: {app.kubernetes.io/name: spark, app.kubernetes.io/component: \(component)}
        spec:
          selector: {app.kubernetes.io/name: spark, app.kubernetes.io/component: \(component)}
          ports:
            - port: \(port)

        """
    }
}
