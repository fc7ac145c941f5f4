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

func sparkWorker(image: String, replicas: String = "3") -> String {
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
            - name: worker
              image: \(image)

    """
}
