import AsyncHTTPClient
import Foundation
import NIOCore
import NIOPosix
import NIOSSL

/// A request that got no answer, sorted by whether retrying is safe and useful, with the
/// reason in words (the CLI prints it after "cannot reach the cluster at ...").
struct TransportFailure: Sendable {
    enum Kind: Sendable {
        /// The request never left: refused, reset while connecting, DNS, TLS handshake cut short.
        case beforeSend
        /// The server's certificate is not trusted or not for this host: retrying cannot help.
        case certificate
        /// No connection or no answer in time: retrying would only double the wait.
        case timeout
        /// The connection broke after the request may have arrived.
        case afterSend
        /// Anything else that retrying cannot fix.
        case permanent
        /// The caller's task was cancelled.
        case cancelled
    }

    /// The request timed out (raised by ``withTimeout(_:on:_:)``).
    struct Timeout: Error {}
    /// The answer was larger than allowed.
    struct TooLarge: Error {
        let limit: Int
    }

    var kind: Kind
    var message: String

    var isCancellation: Bool { kind == .cancelled }

    func isRetryable(idempotent: Bool) -> Bool {
        switch kind {
        case .beforeSend: return true
        case .afterSend: return idempotent
        case .certificate, .timeout, .permanent, .cancelled: return false
        }
    }

    init(kind: Kind, message: String) {
        self.kind = kind
        self.message = message
    }

    init(_ error: any Error, endpoint: ServerEndpoint, tls: TLSSettings, timeout: Duration, connectTimeout: Duration) {
        let host = endpoint.host
        switch error {
        case is CancellationError:
            self.init(kind: .cancelled, message: "cancelled")
        case is Timeout:
            self.init(kind: .timeout, message: "no complete answer within \(Self.format(timeout))")
        case let error as TooLarge:
            self.init(kind: .permanent, message: "the answer is larger than \(error.limit) bytes (raise maxResponseBytes)")
        case is NIOTooManyBytesError:
            self.init(kind: .permanent, message: "the answer is too large (raise maxResponseBytes)")
        case let error as HTTPClientError:
            self.init(httpClientError: error, timeout: timeout, connectTimeout: connectTimeout)
        case let error as NIOSSLError:
            self.init(sslError: error, host: host, tls: tls)
        case let error as NIOSSLExtraError where error == .failedToValidateHostname:
            self.init(kind: .certificate, message: "the server's TLS certificate is not valid for \(endpoint.verifiedName)\(Self.serverNameHint(tls))")
        case let error as NIOConnectionError:
            if error.connectionErrors.isEmpty, error.dnsAError != nil || error.dnsAAAAError != nil {
                self.init(kind: .beforeSend, message: "cannot resolve host \(host)")
            } else if let first = error.connectionErrors.first {
                self.init(kind: .beforeSend, message: Self.describe(first.error))
            } else {
                self.init(kind: .beforeSend, message: "cannot connect to \(host):\(endpoint.port)")
            }
        case let error as SocketAddressError:
            self.init(kind: .beforeSend, message: "cannot resolve host \(host): \(error)")
        case let error as IOError:
            self.init(kind: Self.beforeSendErrnos.contains(error.errnoCode) ? .beforeSend : .afterSend,
                      message: Self.describe(error))
        case let error as ChannelError:
            switch error {
            case .connectTimeout: self.init(kind: .timeout, message: "no connection within \(Self.format(connectTimeout))")
            default: self.init(kind: .afterSend, message: "the connection failed: \(error)")
            }
        default:
            self.init(kind: .afterSend, message: String(describing: error))
        }
    }

    private init(httpClientError error: HTTPClientError, timeout: Duration, connectTimeout: Duration) {
        switch error {
        case .cancelled: self.init(kind: .cancelled, message: "cancelled")
        case .deadlineExceeded: self.init(kind: .timeout, message: "no answer within \(Self.format(timeout))")
        case .connectTimeout: self.init(kind: .timeout, message: "no connection within \(Self.format(connectTimeout))")
        case .tlsHandshakeTimeout: self.init(kind: .timeout, message: "the TLS handshake did not finish in time")
        case .readTimeout: self.init(kind: .timeout, message: "the server stopped sending")
        case .getConnectionFromPoolTimeout: self.init(kind: .timeout, message: "no connection became free in time")
        case .remoteConnectionClosed: self.init(kind: .afterSend, message: "the server closed the connection")
        case .alreadyShutdown: self.init(kind: .permanent, message: "the client was shut down")
        case .proxyAuthenticationRequired: self.init(kind: .permanent, message: "the proxy requires authentication")
        case .invalidProxyResponse, .httpProxyHandshakeTimeout, .socksHandshakeTimeout:
            self.init(kind: .beforeSend, message: "the proxy failed: \(error)")
        default: self.init(kind: .afterSend, message: String(describing: error))
        }
    }

    private init(sslError error: NIOSSLError, host: String, tls: TLSSettings) {
        switch error {
        case .handshakeFailed(let reason):
            let text = String(describing: reason)
            if text.contains("CERTIFICATE_VERIFY_FAILED") {
                let trusted = tls.certificateAuthoritySource ?? "the system's CA certificates"
                self.init(kind: .certificate,
                          message: "TLS handshake failed: the server's certificate is not signed by \(trusted); check that certificate-authority(-data) in the kubeconfig is the CA of this server (insecure-skip-tls-verify: true skips the check, and the protection it gives)")
            } else {
                self.init(kind: .beforeSend, message: "TLS handshake failed: \(text)")
            }
        case .uncleanShutdown:
            self.init(kind: .afterSend, message: "the server cut the TLS connection")
        default:
            self.init(kind: .beforeSend, message: "TLS failed: \(error)")
        }
    }

    /// Errors raised while connecting, before any byte of the request left.
    private static let beforeSendErrnos: Set<Int32> = [ECONNREFUSED, EHOSTUNREACH, ENETUNREACH, EADDRNOTAVAIL, ETIMEDOUT]

    private static func describe(_ error: any Error) -> String {
        if let error = error as? IOError {
            switch error.errnoCode {
            case ECONNREFUSED: return "connection refused"
            case ECONNRESET: return "connection reset by the server"
            case EHOSTUNREACH: return "no route to host"
            case ENETUNREACH: return "network unreachable"
            case ETIMEDOUT: return "connection timed out"
            default: return String(cString: strerror(error.errnoCode)).lowercased()
            }
        }
        return String(describing: error)
    }

    private static func serverNameHint(_ tls: TLSSettings) -> String {
        tls.serverName == nil ? "; set tls-server-name in the kubeconfig if the certificate names another host" : ""
    }

    static func format(_ duration: Duration) -> String {
        let seconds = duration.seconds
        return seconds >= 1 && seconds == seconds.rounded() ? "\(Int(seconds)) s" : "\(Int(seconds * 1000)) ms"
    }
}
