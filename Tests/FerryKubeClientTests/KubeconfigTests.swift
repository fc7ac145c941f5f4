import FerryKube
@testable import FerryKubeClient
import Foundation
import Testing

@Suite("Kubeconfig parsing and merging")
struct KubeconfigTests {
    static let caPEM = "-----BEGIN CERTIFICATE-----\nnot really\n-----END CERTIFICATE-----\n"

    @Test func parsesEveryField() async throws {
        try await withTemporaryDirectory { dir in
            try write(Self.caPEM, to: "conf/pki/ca.crt", in: dir)
            try write("CERT", to: "conf/pki/client.crt", in: dir)
            try write("KEY", to: "conf/pki/client.key", in: dir)
            let data = Data("inline-ca".utf8).base64EncodedString()
            let path = try write("""
                apiVersion: v1
                kind: Config
                clusters:
                - name: files
                  cluster:
                    server: https://10.0.0.1:6443
                    certificate-authority: pki/ca.crt
                    tls-server-name: api.internal
                    proxy-url: http://proxy:3128
                - name: inline
                  cluster:
                    server: https://example.com/k8s/clusters/c-1
                    certificate-authority-data: \(data)
                    extensions:
                    - name: client.authentication.k8s.io/exec
                      extension:
                        audience: ferry
                users:
                - name: certs
                  user:
                    client-certificate: pki/client.crt
                    client-key: ./pki/client.key
                    as: alice
                    as-groups: [admins]
                - name: plugin
                  user:
                    exec:
                      apiVersion: client.authentication.k8s.io/v1
                      command: ../bin/get-token
                      args: [--cluster, prod]
                      env:
                      - name: REGION
                        value: eu
                      installHint: install get-token
                      provideClusterInfo: true
                      interactiveMode: Never
                - name: bare
                  user:
                    exec:
                      apiVersion: client.authentication.k8s.io/v1beta1
                      command: aws
                - name: file
                  user:
                    tokenFile: secrets/token
                contexts:
                - name: one
                  context: {cluster: files, user: certs, namespace: spark}
                - name: two
                  context: {cluster: inline, user: plugin}
                current-context: one
                """, to: "conf/config", in: dir)
            let config = try Kubeconfig.read(file: path)
            let confDir = dir.appendingPathComponent("conf").standardizedFileURL.path
            #expect(config.files == [path])
            #expect(config.currentContext == "one")
            let files = try #require(config.clusters["files"])
            #expect(files.server == "https://10.0.0.1:6443")
            #expect(files.certificateAuthority == "\(confDir)/pki/ca.crt")
            #expect(files.tlsServerName == "api.internal")
            #expect(files.proxyURL == "http://proxy:3128")
            let inline = try #require(config.clusters["inline"])
            #expect(inline.certificateAuthorityData == Array("inline-ca".utf8))
            #expect(inline.execExtension == ["audience": "ferry"])
            let certs = try #require(config.users["certs"])
            #expect(certs.clientCertificate == "\(confDir)/pki/client.crt")
            #expect(certs.clientKey == "\(confDir)/pki/client.key")
            #expect(certs.impersonate == "alice")
            #expect(certs.impersonateGroups == ["admins"])
            let plugin = try #require(config.users["plugin"]?.exec)
            // A command with a slash is a path relative to the kubeconfig; a bare name is looked up in PATH.
            #expect(plugin.command == dir.appendingPathComponent("bin/get-token").standardizedFileURL.path)
            #expect(plugin.args == ["--cluster", "prod"])
            #expect(plugin.env.map(\.name) == ["REGION"] && plugin.env.map(\.value) == ["eu"])
            #expect(plugin.provideClusterInfo && plugin.interactiveMode == "Never" && plugin.installHint == "install get-token")
            #expect(config.users["bare"]?.exec?.command == "aws")
            #expect(config.users["file"]?.tokenFile == "\(confDir)/secrets/token")
            #expect(config.contexts["one"] == Kubeconfig.Context(cluster: "files", user: "certs", namespace: "spark", file: path))

            let resolved = try config.clusterConfig()
            #expect(resolved.server == "https://10.0.0.1:6443")
            #expect(resolved.namespace == "spark")
            #expect(resolved.contextName == "one")
            #expect(resolved.tls.certificateAuthorityPEM == Array(Self.caPEM.utf8))
            #expect(resolved.tls.clientCertificatePEM == Array("CERT".utf8))
            #expect(resolved.tls.clientKeyPEM == Array("KEY".utf8))
            #expect(resolved.tls.serverName == "api.internal")
            #expect(resolved.impersonateUser == "alice")
            let two = try config.clusterConfig(context: "two")
            #expect(two.namespace == "default")
            #expect(two.server == "https://example.com/k8s/clusters/c-1")
            guard case .exec(_, let user, let info) = two.credentials else {
                Issue.record("expected exec credentials, got \(two.credentials)")
                return
            }
            #expect(user == "plugin")
            #expect(info?["server"] == "https://example.com/k8s/clusters/c-1")
            #expect(info?["certificate-authority-data"]?.string == data)
            #expect(info?["config"] == ["audience": "ferry"])
        }
    }

    @Test func kubeconfigVariableMergesFilesFirstWins() async throws {
        try await withTemporaryDirectory { dir in
            let first = try write("""
                clusters:
                - name: shared
                  cluster: {server: https://first:6443, insecure-skip-tls-verify: true}
                users:
                - name: u
                  user: {token: first-token}
                contexts:
                - name: a
                  context: {cluster: shared, user: u}
                """, to: "first", in: dir)
            let second = try write("""
                clusters:
                - name: shared
                  cluster: {server: https://second:6443}
                - name: other
                  cluster: {server: https://other:6443, insecure-skip-tls-verify: true}
                users:
                - name: u
                  user: {token: second-token}
                contexts:
                - name: a
                  context: {cluster: other, user: u}
                - name: b
                  context: {cluster: other, user: u, namespace: team-b}
                current-context: b
                """, to: "second", in: dir)
            let third = try write("current-context: a\n", to: "third", in: dir)
            let missing = dir.appendingPathComponent("missing").path
            // Missing files and repeats are skipped, as kubectl does.
            let variable = [first, missing, second, first, third].joined(separator: ":")
            let loader = KubeconfigLoader(environment: ["KUBECONFIG": variable])
            #expect(loader.precedence == [first, missing, second, third])
            let merged = try loader.load()
            #expect(merged.files == [first, second, third])
            #expect(merged.clusters["shared"]?.server == "https://first:6443")
            #expect(merged.clusters["other"]?.server == "https://other:6443")
            #expect(merged.users["u"]?.token == "first-token")
            #expect(merged.contexts["a"]?.cluster == "shared")
            // The first file that sets current-context wins; the first has none.
            #expect(merged.currentContext == "b")
            let current = try loader.clusterConfig()
            #expect(current.server == "https://other:6443")
            #expect(current.namespace == "team-b")
            guard case .token(let token) = current.credentials else {
                Issue.record("expected a token, got \(current.credentials)")
                return
            }
            #expect(token == "first-token")
            let chosen = try loader.clusterConfig(context: "a")
            #expect(chosen.server == "https://first:6443")
            #expect(chosen.tls.insecureSkipVerify)

            // --kubeconfig replaces KUBECONFIG altogether.
            let explicit = KubeconfigLoader(explicitPath: third, environment: ["KUBECONFIG": variable])
            #expect(explicit.precedence == [third])
            #expect(throws: KubeError.self) { try explicit.clusterConfig() }
        }
    }

    @Test func defaultsToHomeKubeConfig() async throws {
        try await withTemporaryDirectory { dir in
            try write("""
                clusters: [{name: c, cluster: {server: "127.0.0.1:8080"}}]
                contexts: [{name: x, context: {cluster: c}}]
                current-context: x
                """, to: ".kube/config", in: dir)
            let loader = KubeconfigLoader(environment: ["HOME": dir.path])
            #expect(loader.precedence == [dir.appendingPathComponent(".kube/config").path])
            #expect(loader.isConfigured)
            let config = try loader.clusterConfig()
            // No scheme and no TLS settings: http, as client-go's DefaultServerURL decides.
            #expect(config.server == "http://127.0.0.1:8080")
            #expect(config.contextName == "x")
            if case .none = config.credentials {} else { Issue.record("expected no credentials") }

            let empty = KubeconfigLoader(environment: ["HOME": dir.appendingPathComponent("nobody").path])
            #expect(!empty.isConfigured)
            let error = try #require(throws: KubeError.self) { try empty.clusterConfig() }
            #expect(error.description.contains("no kubeconfig found"))
            #expect(error.description.contains("nobody/.kube/config"))
            #expect(error.description.contains("KUBECONFIG"))
        }
    }

    @Test func missingContextNamesFileAndChoices() async throws {
        try await withTemporaryDirectory { dir in
            let path = try write("""
                clusters: [{name: c, cluster: {server: https://h:1, insecure-skip-tls-verify: true}}]
                contexts:
                - {name: b, context: {cluster: c}}
                - {name: a, context: {cluster: c}}
                - {name: lost, context: {cluster: nowhere}}
                - {name: nouser, context: {cluster: c, user: ghost}}
                """, to: "kubeconfig", in: dir)
            let loader = KubeconfigLoader(explicitPath: path, environment: [:])
            let missing = try #require(throws: KubeError.self) { try loader.clusterConfig(context: "prod") }
            #expect(missing.description == "context \"prod\" not found in \(path); contexts: a, b, lost, nouser")
            let noCurrent = try #require(throws: KubeError.self) { try loader.clusterConfig() }
            #expect(noCurrent.description.contains("no current-context in \(path); pass --context"))
            let cluster = try #require(throws: KubeError.self) { try loader.clusterConfig(context: "lost") }
            #expect(cluster.description.contains("cluster \"nowhere\" of context \"lost\" in \(path) is not defined"))
            let user = try #require(throws: KubeError.self) { try loader.clusterConfig(context: "nouser") }
            #expect(user.description.contains("user \"ghost\""))

            let gone = KubeconfigLoader(explicitPath: dir.appendingPathComponent("nope").path, environment: [:])
            let error = try #require(throws: KubeError.self) { try gone.load() }
            #expect(error.description.contains("nope (from --kubeconfig) does not exist"))
        }
    }

    @Test func badValuesAreReportedWithPosition() async throws {
        try await withTemporaryDirectory { dir in
            let typed = try write("clusters:\n- name: c\n  cluster:\n    server: [1]\n", to: "typed", in: dir)
            let typeError = try #require(throws: KubeError.self) { try Kubeconfig.read(file: typed) }
            #expect(typeError.description == "\(typed):4:13: clusters[0].cluster.server must be a string, got a list")

            let base64 = try write("users:\n- name: u\n  user:\n    client-key-data: '***'\n", to: "b64", in: dir)
            let base64Error = try #require(throws: KubeError.self) { try Kubeconfig.read(file: base64) }
            #expect(base64Error.description.contains("client-key-data is not valid base64"))

            let duplicate = try write("contexts:\n- {name: a, context: {cluster: c}}\n- {name: a, context: {cluster: d}}\n", to: "dup", in: dir)
            let duplicateError = try #require(throws: KubeError.self) { try Kubeconfig.read(file: duplicate) }
            #expect(duplicateError.description.contains("duplicate context name \"a\""))

            let broken = try write("clusters: [\n", to: "broken", in: dir)
            let yamlError = try #require(throws: KubeError.self) { try Kubeconfig.read(file: broken) }
            #expect(yamlError.description.hasPrefix("\(broken): not a valid kubeconfig"))

            let empty = try write("", to: "empty", in: dir)
            #expect(try Kubeconfig.read(file: empty).contexts.isEmpty)
        }
    }

    @Test func certificateFilesAndCombinationsAreChecked() async throws {
        try await withTemporaryDirectory { dir in
            let path = try write("""
                clusters:
                - {name: unreadable, cluster: {server: https://h:1, certificate-authority: no/such/ca.crt}}
                - {name: both, cluster: {server: https://h:1, certificate-authority-data: \(Data("x".utf8).base64EncodedString()), insecure-skip-tls-verify: true}}
                - {name: plain, cluster: {server: https://h:1, insecure-skip-tls-verify: true}}
                users:
                - {name: halfcert, user: {client-certificate-data: \(Data("c".utf8).base64EncodedString())}}
                - {name: twoways, user: {token: t, username: u, password: p}}
                - {name: tokenwins, user: {token: t, exec: {apiVersion: client.authentication.k8s.io/v1, command: plugin}}}
                - {name: oidc, user: {auth-provider: {name: oidc}}}
                contexts:
                - {name: unreadable, context: {cluster: unreadable}}
                - {name: both, context: {cluster: both}}
                - {name: halfcert, context: {cluster: plain, user: halfcert}}
                - {name: twoways, context: {cluster: plain, user: twoways}}
                - {name: tokenwins, context: {cluster: plain, user: tokenwins}}
                - {name: oidc, context: {cluster: plain, user: oidc}}
                """, to: "kubeconfig", in: dir)
            let config = try Kubeconfig.read(file: path)
            let unreadable = try #require(throws: KubeError.self) { try config.clusterConfig(context: "unreadable") }
            #expect(unreadable.description.contains("cannot read certificate-authority \(dir.standardizedFileURL.path)/no/such/ca.crt"))
            #expect(unreadable.description.contains("no such file"))
            let both = try #require(throws: KubeError.self) { try config.clusterConfig(context: "both") }
            #expect(both.description.contains("both a certificate authority and insecure-skip-tls-verify"))
            let half = try #require(throws: KubeError.self) { try config.clusterConfig(context: "halfcert") }
            #expect(half.description.contains("no client-key"))
            let twoWays = try #require(throws: KubeError.self) { try config.clusterConfig(context: "twoways") }
            #expect(twoWays.description.contains("both a token and basic auth"))
            // As client-go: a token given outright wins over an exec plugin.
            if case .token = try config.clusterConfig(context: "tokenwins").credentials {} else {
                Issue.record("the token should win over the exec plugin")
            }
            let oidc = try #require(throws: KubeError.self) { try config.clusterConfig(context: "oidc") }
            #expect(oidc.description.contains("auth-provider \"oidc\""))
            #expect(oidc.description.contains("exec credential plugin"))
        }
    }

    @Test func secretsNeverPrinted() async throws {
        try await withTemporaryDirectory { dir in
            let path = try write("""
                clusters: [{name: c, cluster: {server: https://h:1, insecure-skip-tls-verify: true}}]
                users: [{name: u, user: {token: s3cr3t-t0ken, client-key-data: \(Data("PRIVATE".utf8).base64EncodedString()), client-certificate-data: \(Data("C".utf8).base64EncodedString())}}]
                contexts: [{name: x, context: {cluster: c, user: u}}]
                current-context: x
                """, to: "kubeconfig", in: dir)
            let kubeconfig = try Kubeconfig.read(file: path)
            let config = try kubeconfig.clusterConfig()
            for text in [String(describing: config), String(reflecting: config), "\(config.credentials)",
                         String(reflecting: config.credentials), String(describing: kubeconfig.users),
                         String(reflecting: kubeconfig), String(reflecting: config.tls)] {
                #expect(!text.contains("s3cr3t"), "\(text)")
                #expect(!text.contains("PRIVATE"), "\(text)")
            }
        }
    }
}

@Suite("In-cluster configuration")
struct InClusterConfigTests {
    @Test func readsServiceAccount() async throws {
        try await withTemporaryDirectory { root in
            try write("token-1\n", to: "token", in: root)
            try write(KubeconfigTests.caPEM, to: "ca.crt", in: root)
            try write("spark\n", to: "namespace", in: root)
            let environment = ["KUBERNETES_SERVICE_HOST": "10.96.0.1", "KUBERNETES_SERVICE_PORT": "443"]
            #expect(InClusterConfig.isAvailable(environment: environment, root: root.path))
            let config = try InClusterConfig.load(environment: environment, root: root.path)
            #expect(config.server == "https://10.96.0.1:443")
            #expect(config.namespace == "spark")
            #expect(config.tls.certificateAuthorityPEM == Array(KubeconfigTests.caPEM.utf8))
            guard case .tokenFile(let path, nil) = config.credentials else {
                Issue.record("expected a token file, got \(config.credentials)")
                return
            }
            #expect(path == root.appendingPathComponent("token").path)

            var v6 = environment
            v6["KUBERNETES_SERVICE_HOST"] = "fd00::1"
            v6["POD_NAMESPACE"] = "from-env"
            let ipv6 = try InClusterConfig.load(environment: v6, root: root.path)
            #expect(ipv6.server == "https://[fd00::1]:443")
            #expect(ipv6.namespace == "from-env")
            #expect(try ServerEndpoint(ipv6).host == "fd00::1")
        }
    }

    @Test func outsideAPodIsAClearError() async throws {
        try await withTemporaryDirectory { root in
            #expect(!InClusterConfig.isAvailable(environment: [:], root: root.path))
            let error = try #require(throws: KubeError.self) { try InClusterConfig.load(environment: [:], root: root.path) }
            #expect(error.description.contains("KUBERNETES_SERVICE_HOST"))
            let environment = ["KUBERNETES_SERVICE_HOST": "10.96.0.1", "KUBERNETES_SERVICE_PORT": "443"]
            let noToken = try #require(throws: KubeError.self) { try InClusterConfig.load(environment: environment, root: root.path) }
            #expect(noToken.description.contains("service account token"))
        }
    }
}
