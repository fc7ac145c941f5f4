import FerryKube
import Foundation

/// What an exec credential plugin returned: a bearer token and/or a client certificate.
public struct ExecCredential: Sendable, CustomStringConvertible, CustomDebugStringConvertible {
    /// The bearer token.
    public var token: String?
    /// A PEM client certificate.
    public var clientCertificatePEM: [UInt8]?
    /// Its PEM private key.
    public var clientKeyPEM: [UInt8]?
    /// When the credential stops being valid; nil means it is good for the whole run.
    public var expiration: Date?

    /// A credential with these parts.
    public init(token: String? = nil, clientCertificatePEM: [UInt8]? = nil, clientKeyPEM: [UInt8]? = nil,
                expiration: Date? = nil) {
        self.token = token
        self.clientCertificatePEM = clientCertificatePEM
        self.clientKeyPEM = clientKeyPEM
        self.expiration = expiration
    }

    /// Whether `expiration` has passed.
    public func isExpired(at now: Date = Date()) -> Bool {
        guard let expiration else { return false }
        return now >= expiration
    }

    /// The kinds of credential and the expiry, never their values.
    public var description: String {
        var parts: [String] = []
        if token != nil { parts.append("token") }
        if clientCertificatePEM != nil { parts.append("client certificate") }
        if let expiration { parts.append("expires \(expiration)") }
        return "ExecCredential(\(parts.joined(separator: ", ")))"
    }

    /// The same as `description`.
    public var debugDescription: String { description }
}

/// Runs a kubeconfig's exec credential plugin, as client-go does
/// (`client.authentication.k8s.io/v1` and `v1beta1`).
///
/// The plugin gets the environment of this process, the kubeconfig's `env`, and
/// `KUBERNETES_EXEC_INFO` (an ExecCredential with `spec.interactive: false`, and
/// `spec.cluster` when the kubeconfig asks for `provideClusterInfo`). Its standard
/// input is empty: Ferry never runs a plugin interactively.
public struct ExecCredentialPlugin: Sendable {
    /// The API versions of the ExecCredential protocol this runner speaks.
    public static let supportedAPIVersions = ["client.authentication.k8s.io/v1", "client.authentication.k8s.io/v1beta1"]

    /// The plugin's configuration.
    public var config: Kubeconfig.ExecConfig
    /// The kubeconfig user it belongs to, for messages.
    public var userName: String
    /// `spec.cluster` for `provideClusterInfo`.
    public var clusterInfo: JSONValue?
    /// The environment the plugin inherits (before the kubeconfig's `env`).
    public var environment: [String: String]
    /// How long the plugin may run before it is stopped.
    public var timeout: Duration

    /// A runner for `config`.
    public init(config: Kubeconfig.ExecConfig, userName: String, clusterInfo: JSONValue? = nil,
                environment: [String: String] = ProcessInfo.processInfo.environment, timeout: Duration = .seconds(120)) {
        self.config = config
        self.userName = userName
        self.clusterInfo = clusterInfo
        self.environment = environment
        self.timeout = timeout
    }

    private var who: String { "exec plugin \(config.command) of user \"\(userName)\"" }

    /// Runs the plugin and reads its ExecCredential; throws ``KubeError/credentials(_:)``
    /// with the plugin's standard error when it fails.
    public func run() async throws -> ExecCredential {
        guard Self.supportedAPIVersions.contains(config.apiVersion) else {
            throw KubeError.credentials("\(who): apiVersion \(config.apiVersion) is not supported; use \(Self.supportedAPIVersions.joined(separator: " or "))")
        }
        if config.interactiveMode == "Always" {
            throw KubeError.credentials("\(who) needs an interactive terminal (interactiveMode: Always), and Ferry runs without one; log in with the plugin beforehand or use a non-interactive credential")
        }
        let executable = try locate()
        var env = environment
        for variable in config.env { env[variable.name] = variable.value }
        env["KUBERNETES_EXEC_INFO"] = execInfo().jsonText

        let output: ProcessOutput
        do {
            output = try await ProcessOutput.run(executable: executable, arguments: config.args, environment: env, timeout: timeout)
        } catch {
            throw KubeError.credentials("\(who): cannot run \(executable): \(error)")
        }
        let stderr = Self.excerpt(output.standardError)
        if output.timedOut {
            throw KubeError.credentials("\(who) did not finish within \(Int(timeout.seconds)) s and was stopped\(stderr.isEmpty ? "" : ": \(stderr)")")
        }
        guard output.status == 0 else {
            throw KubeError.credentials("\(who) failed with exit status \(output.status)\(stderr.isEmpty ? "" : ": \(stderr)")")
        }
        return try parse(output.standardOutput)
    }

    /// The ExecCredential handed to the plugin in `KUBERNETES_EXEC_INFO`.
    func execInfo() -> JSONValue {
        var spec: [String: JSONValue] = ["interactive": false]
        if let clusterInfo { spec["cluster"] = clusterInfo }
        return ["apiVersion": .string(config.apiVersion), "kind": "ExecCredential", "spec": .object(spec)]
    }

    /// The plugin's executable: a path as configured, else the first match in `PATH`.
    private func locate() throws -> String {
        let fileManager = FileManager.default
        if config.command.contains("/") {
            if fileManager.isExecutableFile(atPath: config.command) { return config.command }
        } else {
            let path = environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
            for directory in path.split(separator: ":", omittingEmptySubsequences: true) {
                let candidate = "\(directory)/\(config.command)"
                if fileManager.isExecutableFile(atPath: candidate) { return candidate }
            }
        }
        var message = "\(who) not found: \(config.command.contains("/") ? "no executable file at \(config.command)" : "no \(config.command) in PATH")"
        if let hint = config.installHint, !hint.isEmpty { message += "\n\(hint.trimmingCharacters(in: .whitespacesAndNewlines))" }
        throw KubeError.credentials(message)
    }

    /// Reads the plugin's standard output, checking it as client-go does.
    func parse(_ bytes: [UInt8]) throws -> ExecCredential {
        let json: JSONValue
        do {
            json = try JSONValue.parse(bytes)
        } catch {
            throw KubeError.credentials("\(who) printed something that is not an ExecCredential: \(error)")
        }
        let returned = json["apiVersion"]?.string ?? ""
        guard returned == config.apiVersion else {
            throw KubeError.credentials("\(who) is configured for \(config.apiVersion) but returned apiVersion \"\(returned)\"")
        }
        if let kind = json["kind"]?.string, kind != "ExecCredential" {
            throw KubeError.credentials("\(who) returned a \(kind), not an ExecCredential")
        }
        guard let status = json["status"], status.object != nil else {
            throw KubeError.credentials("\(who) returned an ExecCredential without status")
        }
        var credential = ExecCredential()
        if let token = status["token"]?.string, !token.isEmpty { credential.token = token }
        if let cert = status["clientCertificateData"]?.string, !cert.isEmpty { credential.clientCertificatePEM = Array(cert.utf8) }
        if let key = status["clientKeyData"]?.string, !key.isEmpty { credential.clientKeyPEM = Array(key.utf8) }
        if (credential.clientCertificatePEM == nil) != (credential.clientKeyPEM == nil) {
            throw KubeError.credentials("\(who) returned only a client certificate or only a key, not both")
        }
        if credential.token == nil && credential.clientCertificatePEM == nil {
            throw KubeError.credentials("\(who) returned neither a token nor a client certificate and key")
        }
        if let text = status["expirationTimestamp"]?.string, !text.isEmpty {
            guard let date = Self.parseTimestamp(text) else {
                throw KubeError.credentials("\(who) returned expirationTimestamp \"\(text)\", which is not an RFC 3339 time")
            }
            credential.expiration = date
        }
        return credential
    }

    /// RFC 3339, with or without fractional seconds.
    static func parseTimestamp(_ text: String) -> Date? {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        if let date = formatter.date(from: text) { return date }
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.date(from: text)
    }

    /// The end of a plugin's standard error, trimmed: enough to see why it failed.
    static func excerpt(_ bytes: [UInt8]) -> String {
        let text = String(decoding: bytes.suffix(2000), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        return text
    }
}
