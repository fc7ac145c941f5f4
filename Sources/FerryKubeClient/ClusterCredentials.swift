import Foundation
import NIOSSL
import Synchronization

/// The credential for one request: an `Authorization` header and, from an exec plugin,
/// a client certificate. `generation` tells a 401 on an old credential from one on a fresh one.
struct RequestCredential: Sendable {
    var authorization: String?
    var clientCertificatePEM: [UInt8]?
    var clientKeyPEM: [UInt8]?
    var generation: UInt64
}

/// Produces credentials for requests: static ones as given, token files re-read when they
/// change (and at least every `tokenFileRefresh`), exec plugins run once and cached until
/// their credential expires, with concurrent requests sharing one run.
final class CredentialProvider: Sendable {
    private enum ExecState {
        case empty
        case running(Task<ExecCredential, any Error>)
        case ready(ExecCredential)
    }

    private struct TokenFileState {
        var token: String
        var modified: Date?
        var size: Int?
        var readAt: ContinuousClock.Instant
    }

    private struct State {
        var exec: ExecState = .empty
        var tokenFile: TokenFileState?
        var generation: UInt64 = 0
    }

    let credentials: Credentials
    private let plugin: ExecCredentialPlugin?
    private let tokenFileRefresh: Duration
    private let state = Mutex(State())

    init(credentials: Credentials, environment: [String: String], execTimeout: Duration, tokenFileRefresh: Duration) {
        self.credentials = credentials
        self.tokenFileRefresh = tokenFileRefresh
        if case .exec(let config, let user, let clusterInfo) = credentials {
            plugin = ExecCredentialPlugin(config: config, userName: user, clusterInfo: clusterInfo,
                                          environment: environment, timeout: execTimeout)
        } else {
            plugin = nil
        }
    }

    /// Whether a 401 may be cured by fetching the credential again.
    var isRefreshable: Bool {
        switch credentials {
        case .exec, .tokenFile: return true
        case .none, .token, .basic: return false
        }
    }

    /// The credential to send now.
    func current() async throws -> RequestCredential {
        switch credentials {
        case .none:
            return RequestCredential(generation: 0)
        case .token(let token):
            return RequestCredential(authorization: "Bearer \(token)", generation: 0)
        case .basic(let username, let password):
            let encoded = Data("\(username):\(password)".utf8).base64EncodedString()
            return RequestCredential(authorization: "Basic \(encoded)", generation: 0)
        case .tokenFile(let path, let fallback):
            return try tokenFromFile(path: path, fallback: fallback)
        case .exec:
            return try await execCredential()
        }
    }

    /// Forgets the credential a request was refused with (401), so the next request gets a
    /// fresh one; returns whether retrying may help.
    func invalidate(_ used: RequestCredential) -> Bool {
        guard isRefreshable else { return false }
        state.withLock { state in
            // Another request may already have replaced it: then the new one is worth a try.
            guard state.generation == used.generation else { return }
            if case .ready = state.exec { state.exec = .empty }
            state.tokenFile = nil
            state.generation += 1
        }
        return true
    }

    private func tokenFromFile(path: String, fallback: String?) throws -> RequestCredential {
        let attributes = try? FileManager.default.attributesOfItem(atPath: path)
        let modified = attributes?[.modificationDate] as? Date
        let size = (attributes?[.size] as? NSNumber)?.intValue
        let now = ContinuousClock.now
        if let cached = state.withLock({ state -> RequestCredential? in
            guard let file = state.tokenFile, file.modified == modified, file.size == size,
                  now - file.readAt < tokenFileRefresh else { return nil }
            return RequestCredential(authorization: "Bearer \(file.token)", generation: state.generation)
        }) {
            return cached
        }
        let token: String
        do {
            let text = try String(contentsOfFile: path, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
            guard !text.isEmpty else { throw KubeError.credentials("token file \(path) is empty") }
            token = text
        } catch {
            // As client-go: keep using the last good token (or the kubeconfig's) while the file is unreadable.
            if let last = state.withLock({ state in state.tokenFile.map { ($0.token, state.generation) } }) {
                return RequestCredential(authorization: "Bearer \(last.0)", generation: last.1)
            }
            if let fallback { return RequestCredential(authorization: "Bearer \(fallback)", generation: 0) }
            if let error = error as? KubeError { throw error }
            throw KubeError.credentials("cannot read token file \(path): \(KubeconfigPaths.reason(error))")
        }
        return state.withLock { state in
            if state.tokenFile?.token != token { state.generation += 1 }
            state.tokenFile = TokenFileState(token: token, modified: modified, size: size, readAt: now)
            return RequestCredential(authorization: "Bearer \(token)", generation: state.generation)
        }
    }

    private func execCredential() async throws -> RequestCredential {
        guard let plugin else { return RequestCredential(generation: 0) }
        enum Next {
            case use(ExecCredential, UInt64)
            case wait(Task<ExecCredential, any Error>)
        }
        let next = state.withLock { state -> Next in
            switch state.exec {
            case .ready(let credential) where !credential.isExpired():
                return .use(credential, state.generation)
            case .running(let task):
                return .wait(task)
            case .ready, .empty:
                let task = Task { try await plugin.run() }
                state.exec = .running(task)
                return .wait(task)
            }
        }
        switch next {
        case .use(let credential, let generation):
            return Self.request(credential, generation: generation)
        case .wait(let task):
            do {
                let credential = try await task.value
                let generation = state.withLock { state -> UInt64 in
                    if case .running(let current) = state.exec, current == task {
                        state.exec = .ready(credential)
                        state.generation += 1
                    }
                    return state.generation
                }
                return Self.request(credential, generation: generation)
            } catch {
                state.withLock { state in
                    if case .running(let current) = state.exec, current == task { state.exec = .empty }
                }
                throw error
            }
        }
    }

    private static func request(_ credential: ExecCredential, generation: UInt64) -> RequestCredential {
        RequestCredential(authorization: credential.token.map { "Bearer \($0)" },
                          clientCertificatePEM: credential.clientCertificatePEM,
                          clientKeyPEM: credential.clientKeyPEM, generation: generation)
    }
}

/// The NIOSSL configurations of one cluster: the one from its settings, and one per client
/// certificate an exec plugin hands out (kept so that connections are pooled, not redone).
final class TLSConfigurations: Sendable {
    let base: TLSConfiguration
    private let settings: TLSSettings
    private let source: String
    private let derived = Mutex<(certificate: [UInt8], key: [UInt8], configuration: TLSConfiguration)?>(nil)

    init(settings: TLSSettings, source: String) throws(KubeError) {
        self.settings = settings
        self.source = source
        base = try Self.make(settings, certificatePEM: settings.clientCertificatePEM, keyPEM: settings.clientKeyPEM,
                             source: source)
    }

    /// The configuration for a request made with `credential`.
    func configuration(for credential: RequestCredential) throws(KubeError) -> TLSConfiguration {
        guard let certificate = credential.clientCertificatePEM, let key = credential.clientKeyPEM else { return base }
        if let cached = derived.withLock({ $0 }), cached.certificate == certificate, cached.key == key {
            return cached.configuration
        }
        let configuration = try Self.make(settings, certificatePEM: certificate, keyPEM: key,
                                          source: "the exec plugin's credential")
        derived.withLock { $0 = (certificate, key, configuration) }
        return configuration
    }

    static func make(_ settings: TLSSettings, certificatePEM: [UInt8]?, keyPEM: [UInt8]?,
                     source: String) throws(KubeError) -> TLSConfiguration {
        var tls = TLSConfiguration.makeClientConfiguration()
        tls.minimumTLSVersion = .tlsv12
        if settings.insecureSkipVerify {
            tls.certificateVerification = .none
        } else if let pem = settings.certificateAuthorityPEM {
            let what = settings.certificateAuthoritySource ?? "the certificate authority"
            let certificates: [NIOSSLCertificate]
            do {
                certificates = try NIOSSLCertificate.fromPEMBytes(pem)
            } catch {
                throw .configuration("\(what) is not a PEM certificate: \(error)")
            }
            guard !certificates.isEmpty else { throw .configuration("\(what) holds no PEM certificate") }
            tls.trustRoots = .certificates(certificates)
        }
        if let certificatePEM, let keyPEM {
            do {
                let chain = try NIOSSLCertificate.fromPEMBytes(certificatePEM)
                guard !chain.isEmpty else { throw KubeError.configuration("the client certificate of \(source) holds no PEM certificate") }
                tls.certificateChain = chain.map { .certificate($0) }
            } catch let error as KubeError {
                throw error
            } catch {
                throw .configuration("the client certificate of \(source) is not a PEM certificate: \(error)")
            }
            do {
                tls.privateKey = .privateKey(try NIOSSLPrivateKey(bytes: keyPEM, format: .pem))
            } catch {
                throw .configuration("the client key of \(source) is not a PEM RSA or EC private key: \(error)")
            }
        }
        return tls
    }
}
