import FerryTesting
import Foundation
import Testing

@Suite("ferry render")
struct RenderCommandTests {
    @Test("YAML output fills the default namespace and lists objects in apply order")
    func yaml() throws {
        let repository = try sparkRepository()
        defer { repository.remove() }
        let result = try FerryBinary.run(["render", "--repo", repository.path])
        #expect(result.status == 0, "\(result.errorOutput)")
        let documents = result.output.components(separatedBy: "---\n").filter { !$0.isEmpty }
        #expect(documents.count == 2)
        #expect(documents[0].contains("kind: Namespace"))
        #expect(documents[1].contains("kind: Deployment"))
        #expect(documents[1].contains("  namespace: spark\n"))
    }

    @Test("JSON output is one v1 List")
    func json() throws {
        let repository = try sparkRepository()
        defer { repository.remove() }
        let result = try FerryBinary.run(["render", "--repo", repository.path, "-o", "json"])
        #expect(result.status == 0)
        let list = try #require(JSONSerialization.jsonObject(with: result.standardOutput) as? [String: Any])
        #expect(list["kind"] as? String == "List")
        let items = try #require(list["items"] as? [[String: Any]])
        #expect(items.compactMap { $0["kind"] as? String } == ["Namespace", "Deployment"])
        let spec = items[1]["spec"] as? [String: Any]
        #expect(spec?["replicas"] as? Int == 3)
    }

    @Test("objects carry ferry's labels and annotations, as a sync sends them")
    func labelsAndAnnotations() throws {
        let repository = try sparkRepository()
        defer { repository.remove() }
        let head = try repository.revParse("HEAD")
        let result = try FerryBinary.run(["render", "--repo", repository.path, "-o", "json", "--instance", "web"])
        #expect(result.status == 0, "\(result.errorOutput)")
        let list = try #require(JSONSerialization.jsonObject(with: result.standardOutput) as? [String: Any])
        let items = try #require(list["items"] as? [[String: Any]])
        for item in items {
            let metadata = try #require(item["metadata"] as? [String: Any])
            let labels = metadata["labels"] as? [String: String]
            let annotations = metadata["annotations"] as? [String: String]
            #expect(labels?["ferry.dev/instance"] == "web")
            #expect(labels?["app.kubernetes.io/managed-by"] == "ferry")
            #expect(annotations?["ferry.dev/commit"] == head)
            #expect(annotations?["ferry.dev/applied-hash"]?.count == 32)
        }
        let deployment = try #require(items.last?["metadata"] as? [String: Any])
        #expect((deployment["annotations"] as? [String: String])?["kubernetes.io/change-cause"]?.hasPrefix(String(head.prefix(7))) == true)
    }

    @Test("invalid manifests print nothing on standard output and exit 2")
    func invalid() throws {
        let repository = try sparkRepository(image: "spark:bad tag")
        defer { repository.remove() }
        let result = try FerryBinary.run(["render", "--repo", repository.path])
        #expect(result.status == 2)
        #expect(result.output.isEmpty)
        #expect(result.errorOutput.contains("error: manifests/spark-worker.yaml:15:18: Deployment/spark/spark-worker:"))
    }

    @Test("the in-cluster manifests in contrib/kubernetes are valid")
    func inClusterManifests() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let folder = root.appendingPathComponent("contrib/kubernetes")
        let repository = try GitFixture()
        defer { repository.remove() }
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".yaml") }
        #expect(files.count == 4)
        for file in files {
            try repository.write(file, String(contentsOf: folder.appendingPathComponent(file), encoding: .utf8))
        }
        _ = try repository.commit("in-cluster")
        let result = try FerryBinary.run(["validate", "--repo", repository.path])
        #expect(result.status == 0, "\(result.output)\(result.errorOutput)")
        #expect(result.output.hasSuffix("9 objects in 4 files, valid\n"))
    }

    @Test("the example manifests in this repository are valid")
    func exampleManifests() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let repository = try GitFixture()
        defer { repository.remove() }
        for file in ["namespace.yaml", "spark-master.yaml", "spark-worker.yaml"] {
            try repository.write("manifests/\(file)", String(contentsOf: root.appendingPathComponent("manifests/\(file)"), encoding: .utf8))
        }
        try repository.write("ferry.yaml", String(contentsOf: root.appendingPathComponent("ferry.yaml"), encoding: .utf8))
        _ = try repository.commit("example")
        let result = try FerryBinary.run(["validate", "--repo", repository.path])
        #expect(result.status == 0, "\(result.output)\(result.errorOutput)")
        #expect(result.output.hasSuffix("5 objects in 3 files, valid\n"))
    }
}
