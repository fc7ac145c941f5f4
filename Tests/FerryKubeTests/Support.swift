import FerryKube

/// Loads YAML text as one manifest file and returns the set.
func load(_ text: String, file: String = "manifests/app.yaml", namespace: String = "default") -> ManifestSet {
    ManifestSet.load([ManifestSource(path: file, bytes: Array(text.utf8))], defaultNamespace: namespace)
}

/// The problems of a set, printed as `ferry validate` prints them.
func messages(_ set: ManifestSet) -> [String] { set.problems.map(\.description) }

/// A valid Deployment, to be broken one field at a time by the tests.
func deployment(
    name: String = "spark-worker", replicas: String = "3", selector: String = "app: spark-worker",
    labels: String = "app: spark-worker", container: String = "- name: worker\n          image: spark:2.1.0"
) -> String {
    """
    apiVersion: apps/v1
    kind: Deployment
    metadata:
      name: \(name)
    spec:
      replicas: \(replicas)
      selector:
        matchLabels:
          \(selector)
      template:
        metadata:
          labels:
            \(labels)
        spec:
          containers:
            \(container)
    """
}
