import FerryKube
@testable import FerryLocalCluster
import Foundation
import Testing

/// The composition root: data directory, credentials, kubeconfig, one server per
/// store, restarts.
@Suite("Local cluster lifecycle")
struct LocalClusterLifecycleTests {
    static func temporaryPath() -> String { NSTemporaryDirectory() + "ferry-lifecycle-" + UUID().uuidString }

    @Test("state, token and CA survive a restart; the kubeconfig follows the new port")
    func restart() async throws {
        let path = Self.temporaryPath()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let first = try await ServedCluster.start(dataDirectory: path)
        let created = try await first.client.send(
            .POST, "/api/v1/namespaces/default/configmaps",
            json: ["apiVersion": "v1", "kind": "ConfigMap", "metadata": ["name": "kept"], "data": ["k": "v"]])
        #expect(created.status == 201)
        let token = first.token
        let ca = first.caCertificatePEM
        let serverCertificate = try String(contentsOfFile: path + "/pki/server.crt", encoding: .utf8)
        await first.stop()

        let second = try await ServedCluster.start(dataDirectory: path)
        #expect(second.token == token)
        #expect(second.caCertificatePEM == ca)
        #expect(try String(contentsOfFile: path + "/pki/server.crt", encoding: .utf8) == serverCertificate)
        let kept = try await second.client.get("/api/v1/namespaces/default/configmaps/kept")
        #expect(kept.status == 200)
        #expect(kept.json[path: ["metadata", "uid"]] == created.json[path: ["metadata", "uid"]])
        let kubeconfig = try String(contentsOfFile: second.kubeconfigPath, encoding: .utf8)
        #expect(kubeconfig.contains("server: https://127.0.0.1:\(second.port)\n"))
        await second.stop()
    }

    @Test("the kubeconfig: ferry-local cluster, user and context, the CA, the token, namespace default; private files are 0600")
    func kubeconfig() async throws {
        let cluster = try await ServedCluster.start()
        let text = try String(contentsOfFile: cluster.kubeconfigPath, encoding: .utf8)
        #expect(text.contains("current-context: ferry-local\n"))
        #expect(text.contains("    token: \(cluster.token)\n"))
        #expect(text.contains("    namespace: default\n"))
        let encoded = try #require(text.split(separator: "\n").first { $0.contains("certificate-authority-data:") })
        let data = try #require(Data(base64Encoded: String(encoded.split(separator: " ").last ?? "")))
        #expect(String(decoding: data, as: UTF8.self) == cluster.caCertificatePEM)
        for file in ["kubeconfig", "token", "pki/ca.key", "pki/server.key", "cluster.db"] {
            let attributes = try FileManager.default.attributesOfItem(atPath: cluster.directory.path + "/" + file)
            #expect((attributes[.posixPermissions] as? Int) == 0o600, "\(file)")
        }
        await cluster.stop()
    }

    @Test("the default namespace exists from the first start")
    func defaultNamespace() async throws {
        let cluster = try await ServedCluster.start()
        let reply = try await cluster.client.get("/api/v1/namespaces/default")
        #expect(reply.status == 200)
        #expect(reply.json[path: ["status", "phase"]] == "Active")
        await cluster.stop()
    }

    @Test("a second server on the same data directory is refused")
    func oneServerPerStore() async throws {
        let cluster = try await ServedCluster.start()
        #expect(ClusterControl.status(cluster.directory) == .running(pid: getpid(), url: cluster.url))
        let error = #expect(throws: LocalClusterError.self) {
            _ = try LocalCluster(configuration: .init(dataDirectory: cluster.directory, port: 0))
        }
        #expect(error?.code == .alreadyRunning)
        await cluster.stop()
        #expect(ClusterControl.status(cluster.directory) == .stopped)
    }

    @Test("a port in use is one clear error naming the port")
    func portInUse() async throws {
        let busy = try ListeningSocket()
        let path = Self.temporaryPath()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let cluster = try LocalCluster(configuration: .init(dataDirectory: DataDirectory(path: path), port: busy.port))
        do {
            try await cluster.run()
            Issue.record("the cluster ran on a busy port")
        } catch let error as LocalClusterError {
            #expect(error.code == .portInUse)
            #expect(error.message == "port \(busy.port) on 127.0.0.1 is already in use; stop what listens there or choose another port with --port")
        }
    }

    @Test("a data directory that cannot be created is one clear error naming it")
    func unwritableDirectory() throws {
        let file = Self.temporaryPath()
        _ = FileManager.default.createFile(atPath: file, contents: Data())
        defer { try? FileManager.default.removeItem(atPath: file) }
        let error = #expect(throws: LocalClusterError.self) {
            _ = try LocalCluster(configuration: .init(dataDirectory: DataDirectory(path: file + "/cluster"), port: 0))
        }
        #expect(error?.code == .dataDirectoryNotWritable)
        #expect(error?.message.contains("\(file)/cluster") == true)
        #expect(error?.message.contains("--data-dir") == true)
    }

    @Test("the default data directory follows FERRY_CLUSTER_DIR, then XDG_STATE_HOME, then HOME")
    func defaultDirectory() {
        #expect(DataDirectory.defaultPath(environment: ["FERRY_CLUSTER_DIR": "/x", "XDG_STATE_HOME": "/s", "HOME": "/h"]) == "/x")
        #expect(DataDirectory.defaultPath(environment: ["XDG_STATE_HOME": "/s", "HOME": "/h"]) == "/s/ferry/cluster")
        #expect(DataDirectory.defaultPath(environment: ["HOME": "/h"]) == "/h/.local/state/ferry/cluster")
    }
}

@Suite("The server's heap growth setting")
struct HeapGrowthTests {
    @Test("a spawned server gets the top pad after the caller's own tunables, unless the caller sets one")
    func environment() {
        #expect(HeapGrowth.environment([:]) == ["GLIBC_TUNABLES": "glibc.malloc.top_pad=67108864"])
        #expect(HeapGrowth.environment(["GLIBC_TUNABLES": "glibc.malloc.arena_max=2"])
                == ["GLIBC_TUNABLES": "glibc.malloc.arena_max=2:glibc.malloc.top_pad=67108864"])
        #expect(HeapGrowth.environment(["GLIBC_TUNABLES": "glibc.malloc.top_pad=0"]) == [:])
    }
}
