import AsyncHTTPClient
import FerryKube
import Foundation
import Logging
import NIOCore
import NIOHTTP1
import NIOSSL
import Synchronization

/// How a ``KubeClient`` behaves: timeouts, retries, rate limit, identity.
public struct KubeClientOptions: Sendable {
    /// The limit for each request, from sending to the last byte of the answer (watch streams excepted:
    /// for them it bounds the wait for the answer to start).
    public var requestTimeout: Duration
    /// The limit for opening a connection (TCP and TLS).
    public var connectTimeout: Duration
    /// When to retry.
    public var retry: RetryPolicy
    /// The client-side rate limit; nil for none (the default, as kubectl: the server's flow
    /// control decides, and its 429 answers are retried after their `Retry-After`).
    public var rateLimit: RateLimit?
    /// The `User-Agent`, which the API server also takes as the default field manager.
    public var userAgent: String
    /// Connections kept to the server; each open watch holds one.
    public var maxConnections: Int
    /// The largest answer read into memory (a LIST of a big cluster can be large).
    public var maxResponseBytes: Int
    /// How long an exec credential plugin may run.
    public var execTimeout: Duration
    /// How often a token file is re-read even when it seems unchanged (client-go: one minute).
    public var tokenFileRefresh: Duration
    /// The environment for exec plugins and the `HTTPS_PROXY`/`NO_PROXY` variables.
    public var environment: [String: String]
    /// Where requests, retries and throttling are logged (at debug, warning and notice); never a token.
    public var logger: Logger
    /// How a retry waits out its delay (a recording clock in tests, so no wall time decides them).
    public var sleep: @Sendable (Duration) async throws -> Void = { try await Task.sleep(for: $0) }

    /// The defaults: 30 s per request, 10 s to connect, ``RetryPolicy/default``, ``RateLimit/default``.
    public init(requestTimeout: Duration = .seconds(30), connectTimeout: Duration = .seconds(10),
                retry: RetryPolicy = .default, rateLimit: RateLimit? = .default, userAgent: String = "ferry",
                maxConnections: Int = 64, maxResponseBytes: Int = 512 << 20, execTimeout: Duration = .seconds(120),
                tokenFileRefresh: Duration = .seconds(60),
                environment: [String: String] = ProcessInfo.processInfo.environment,
                logger: Logger = Logger(label: "ferry.kube-client")) {
        self.requestTimeout = requestTimeout
        self.connectTimeout = connectTimeout
        self.retry = retry
        self.rateLimit = rateLimit
        self.userAgent = userAgent
        self.maxConnections = max(1, maxConnections)
        self.maxResponseBytes = maxResponseBytes
        self.execTimeout = execTimeout
        self.tokenFileRefresh = tokenFileRefresh
        self.environment = environment
        self.logger = logger
    }
}

/// A client for one Kubernetes API server: the same code for a production cluster
/// reached through a kubeconfig, a pod's own cluster, and Ferry's local cluster.
///
/// It owns one HTTP/1.1 connection pool: call ``shutdown()`` when done, or use
/// ``withClient(_:options:isolation:_:)``, which always does. (A client released without
/// `shutdown()` shuts its pool down itself and logs a warning.)
///
/// Requests are rate limited, time-limited and retried as ``KubeClientOptions`` says;
/// every request sent is counted in ``metrics``. Objects travel as ``JSONValue``.
public final class KubeClient: Sendable {
    /// The cluster's settings.
    public let config: ClusterConfig
    /// The behaviour settings.
    public let options: KubeClientOptions
    /// Counts of the requests sent, by verb and method; `metrics.writes` is 0 after a no-op sync.
    public let metrics: RequestMetrics

    let http: HTTPClient
    let endpoint: ServerEndpoint
    let credentials: CredentialProvider
    let tls: TLSConfigurations
    let limiter: TokenBucket?
    let discoveryCache: DiscoveryCache
    private let isShutDown: Mutex<Bool>
    private let throttleNoticed: Atomic<Bool>

    /// A client for `config`; throws ``KubeError/configuration(_:)`` for a bad server URL,
    /// CA, client certificate or proxy.
    public init(config: ClusterConfig, options: KubeClientOptions = KubeClientOptions()) throws(KubeError) {
        // Everything that can throw comes before the first stored property is set (the
        // compiler's clean-up of a half-made instance with atomic members crashes it).
        let endpoint = try ServerEndpoint(config)
        let tls = try TLSConfigurations(settings: config.tls, source: config.source)
        let proxy = try ProxySettings.proxy(for: endpoint, configured: config.proxyURL, environment: options.environment)
        var pool = HTTPClient.Configuration.ConnectionPool()
        pool.concurrentHTTP1ConnectionsPerHostSoftLimit = options.maxConnections
        // Failed connections are retried here, with backoff and counting, not silently inside the pool.
        pool.retryConnectionEstablishment = false
        var configuration = HTTPClient.Configuration(
            tlsConfiguration: endpoint.isTLS ? tls.base : nil,
            redirectConfiguration: .disallow,
            timeout: .init(connect: .nanoseconds(options.connectTimeout.nanoseconds)),
            connectionPool: pool,
            proxy: proxy,
            decompression: .disabled)
        configuration.httpVersion = .http1Only
        configuration.dnsOverride = endpoint.dnsOverride
        // Ferry sets up no tracer; without one AsyncHTTPClient still opens a no-op span per
        // request and parses its URL again for the span's attributes.
        configuration.tracing.tracer = nil
        configuration.http1_1ConnectionDebugInitializer = { RequestFlushCoalescer.install(in: $0) }
        self.config = config
        self.options = options
        self.endpoint = endpoint
        self.tls = tls
        credentials = CredentialProvider(credentials: config.credentials, environment: options.environment,
                                         execTimeout: options.execTimeout, tokenFileRefresh: options.tokenFileRefresh)
        limiter = options.rateLimit.map(TokenBucket.init(limit:))
        metrics = RequestMetrics()
        discoveryCache = DiscoveryCache()
        isShutDown = Mutex(false)
        throttleNoticed = Atomic(false)
        http = HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: configuration,
                          backgroundActivityLogger: options.logger)
    }

    /// Runs `body` with a client for `config`, shutting the client down afterwards
    /// whether `body` returns or throws.
    public static func withClient<Result>(
        _ config: ClusterConfig, options: KubeClientOptions = KubeClientOptions(),
        isolation: isolated (any Actor)? = #isolation,
        _ body: (KubeClient) async throws -> Result
    ) async throws -> Result {
        let client = try KubeClient(config: config, options: options)
        let result: Result
        do {
            result = try await body(client)
        } catch {
            try? await client.shutdown()
            throw error
        }
        try await client.shutdown()
        return result
    }

    /// Closes every connection and ends open watches; later requests fail. Calling it twice is harmless.
    public func shutdown() async throws {
        let already = isShutDown.withLock { state in
            defer { state = true }
            return state
        }
        guard !already else { return }
        try await http.shutdown()
    }

    deinit {
        if !isShutDown.withLock({ $0 }) {
            options.logger.warning("KubeClient for \(config.server) released without shutdown(); shutting it down now")
            http.shutdown { _ in }
        }
    }

    /// The API server's URL.
    public var server: String { config.server }
    /// The namespace for namespaced objects that name none.
    public var defaultNamespace: String { config.namespace }
}

// MARK: - Requests

/// One API request, before credentials and retries.
struct KubeRequest: Sendable {
    var verb: RequestVerb
    var method: HTTPMethod
    var path: String
    var query: [(name: String, value: String)] = []
    var body: [UInt8]?
    var contentType: String?
    var object: ObjectIdentity?
    var dryRun = false

    var description: String { "\(method.rawValue) \(path)" }
}

/// A complete successful answer.
struct KubeResponse: Sendable {
    var status: Int
    var headers: HTTPHeaders
    var body: [UInt8]
}

extension KubeClient {
    /// Sends `request` and reads the whole answer; throws ``KubeError`` unless it is 2xx.
    func send(_ request: KubeRequest) async throws -> KubeResponse {
        switch try await perform(request, streaming: false) {
        case .complete(let response): return response
        case .streaming(let response): return KubeResponse(status: Int(response.status.code), headers: response.headers, body: [])
        }
    }

    /// Sends `request` and parses the answer as JSON.
    func sendJSON(_ request: KubeRequest) async throws -> (object: JSONValue, status: Int) {
        let response = try await send(request)
        return (try decode(response.body, request: request), response.status)
    }

    /// Sends a write and keeps the answer's object unparsed until it is read. A dry run's
    /// answer is parsed at once: it is sent for its object, so checking first would only add work.
    func sendWrite(_ request: KubeRequest) async throws -> WriteResult {
        let response = try await send(request)
        do {
            let answer = request.dryRun ? DeferredJSON(try JSONValue.parse(response.body))
                                        : try DeferredJSON(parsing: response.body)
            return WriteResult(answer: answer, statusCode: response.status)
        } catch {
            throw notJSON(error, request: request)
        }
    }

    func decode(_ body: [UInt8], request: KubeRequest) throws -> JSONValue {
        do {
            return try JSONValue.parse(body)
        } catch {
            throw notJSON(error, request: request)
        }
    }

    private func notJSON(_ error: JSONParseError, request: KubeRequest) -> KubeError {
        KubeError.invalidResponse(server: config.server, request: request.description, reason: "the body is not JSON: \(error)")
    }

    enum Received {
        case complete(KubeResponse)
        case streaming(HTTPClientResponse)
    }

    /// The request loop: rate limit, credentials, timeout, retries, error mapping.
    /// With `streaming`, a 200 answer is returned with its body unread (for watches).
    func perform(_ request: KubeRequest, streaming: Bool) async throws -> Received {
        let policy = options.retry
        var retry = 0
        var refreshedCredential = false
        while true {
            try Task.checkCancellation()
            guard !isShutDown.withLock({ $0 }) else {
                throw KubeError.configuration("\(request.description): the client for \(config.server) was shut down")
            }
            if let limiter {
                let waited = try await limiter.acquire()
                metrics.recordThrottle(waited)
                if waited > .seconds(1) {
                    // Said once per client; a sync of many objects would otherwise say it per request.
                    let first = !throttleNoticed.exchange(true, ordering: .relaxed)
                    options.logger.log(level: first ? .notice : .debug,
                                       "waited \(waited) for the client-side rate limit (\(options.rateLimit.map { "\(Int($0.qps)) requests/s" } ?? "")); later waits are logged at debug level",
                                       metadata: ["request": "\(request.description)"])
                }
            }
            let credential = try await credentials.current()
            let httpRequest = try makeHTTPRequest(request, credential: credential)
            metrics.record(verb: request.verb, method: request.method.rawValue, dryRun: request.dryRun, retry: retry > 0)
            let started = ContinuousClock.now
            let outcome = await attempt(httpRequest, streaming: streaming)
            switch outcome {
            case .received(.streaming(let response)):
                options.logger.debug("\(request.description) → \(response.status.code) (streaming)")
                return .streaming(response)
            case .received(.complete(let response)) where (200..<300).contains(response.status):
                options.logger.debug("\(request.description) → \(response.status) in \(ContinuousClock.now - started)")
                return .complete(response)
            case .received(.complete(let response)):
                options.logger.debug("\(request.description) → \(response.status) in \(ContinuousClock.now - started)")
                // A 401 with a credential that can be fetched anew (exec plugin, token file) earns one fresh try.
                if response.status == 401, !refreshedCredential, credentials.invalidate(credential) {
                    refreshedCredential = true
                    continue
                }
                let retryAfter = response.headers.first(name: "Retry-After").flatMap { RetryPolicy.parseRetryAfter($0) }
                if retry < policy.maxRetries,
                   policy.shouldRetry(status: response.status, idempotent: request.verb.isIdempotent,
                                      hasRetryAfter: retryAfter != nil) {
                    retry += 1
                    let delay = policy.delay(beforeRetry: retry, retryAfter: retryAfter)
                    options.logger.warning("\(request.description) answered \(response.status); retry \(retry)/\(policy.maxRetries) in \(delay)")
                    try await options.sleep(delay)
                    continue
                }
                throw failure(response, request: request)
            case .failed(let failure):
                if failure.isCancellation { throw CancellationError() }
                if retry < policy.maxRetries, failure.isRetryable(idempotent: request.verb.isIdempotent) {
                    retry += 1
                    let delay = policy.delay(beforeRetry: retry)
                    options.logger.warning("\(request.description): \(failure.message); retry \(retry)/\(policy.maxRetries) in \(delay)")
                    try await options.sleep(delay)
                    continue
                }
                let attempts = retry > 0 ? " (\(retry + 1) attempts)" : ""
                throw KubeError.unreachable(server: config.server, reason: failure.message + attempts)
            }
        }
    }

    private enum Outcome {
        case received(Received)
        case failed(TransportFailure)
    }

    /// One send: the answer head within the request timeout, then (unless streaming a 200)
    /// the body within what remains of it.
    private func attempt(_ httpRequest: HTTPClientRequest, streaming: Bool) async -> Outcome {
        let timeout = options.requestTimeout
        let deadline = ContinuousClock.now + timeout
        let maxBytes = options.maxResponseBytes
        do {
            let response = try await http.execute(
                httpRequest, deadline: .now() + .nanoseconds(timeout.nanoseconds), logger: nil)
            let status = Int(response.status.code)
            if streaming && status == 200 { return .received(.streaming(response)) }
            // An error answer is a short Status: a huge one (a proxy's page) is cut, not refused,
            // so that its status code still makes the error.
            let isSuccess = (200..<300).contains(status)
            let expected = response.headers.first(name: "Content-Length").flatMap { Int($0) }
            let body = try await withTimeout(deadline - ContinuousClock.now, on: http.eventLoopGroup.any()) {
                try await Self.collect(response.body, upTo: isSuccess ? maxBytes : 64 << 10, truncate: !isSuccess,
                                       expected: expected)
            }
            return .received(.complete(KubeResponse(status: status, headers: response.headers, body: body)))
        } catch {
            return .failed(TransportFailure(error, endpoint: endpoint, tls: config.tls, timeout: timeout,
                                            connectTimeout: options.connectTimeout))
        }
    }

    /// The most memory reserved up front for an answer from its `Content-Length`.
    static let announcedLengthReserve = 4 << 20

    private static func collect(_ body: HTTPClientResponse.Body, upTo limit: Int, truncate: Bool,
                                expected: Int?) async throws -> [UInt8] {
        var bytes: [UInt8] = []
        // One allocation when the length is announced (the usual case), but never more
        // than a few MB on the server's word: a large answer still grows as it arrives.
        if let expected, expected > 0 { bytes.reserveCapacity(min(expected, limit, Self.announcedLengthReserve)) }
        for try await chunk in body {
            guard bytes.count + chunk.readableBytes <= limit else {
                guard truncate else { throw TransportFailure.TooLarge(limit: limit) }
                // Leaving the loop abandons the rest; the connection is closed rather than drained.
                bytes.append(contentsOf: chunk.readableBytesView.prefix(limit - bytes.count))
                break
            }
            bytes.append(contentsOf: chunk.readableBytesView)
        }
        return bytes
    }

    private func makeHTTPRequest(_ request: KubeRequest, credential: RequestCredential) throws -> HTTPClientRequest {
        var httpRequest = HTTPClientRequest(url: endpoint.url(path: request.path, query: request.query))
        httpRequest.method = request.method
        httpRequest.headers.add(name: "Accept", value: "application/json")
        httpRequest.headers.add(name: "User-Agent", value: options.userAgent)
        if let host = endpoint.hostHeader { httpRequest.headers.add(name: "Host", value: host) }
        if let authorization = credential.authorization { httpRequest.headers.add(name: "Authorization", value: authorization) }
        if let user = config.impersonateUser { httpRequest.headers.add(name: "Impersonate-User", value: user) }
        for group in config.impersonateGroups { httpRequest.headers.add(name: "Impersonate-Group", value: group) }
        if let body = request.body {
            httpRequest.headers.add(name: "Content-Type", value: request.contentType ?? "application/json")
            httpRequest.body = .bytes(body)
        }
        // The client's own configuration is the base one; only an exec plugin's client
        // certificate needs a per-request one (which AsyncHTTPClient hashes on every request).
        if endpoint.isTLS, credential.clientCertificatePEM != nil {
            httpRequest.tlsConfiguration = try tls.configuration(for: credential)
        }
        return httpRequest
    }

    /// The error for a non-2xx answer: `unauthorized` for 401 and 403, `api` otherwise.
    func failure(_ response: KubeResponse, request: KubeRequest) -> KubeError {
        var status = KubeStatus(httpStatus: response.status, body: response.body)
        if status.retryAfterSeconds == nil, let header = response.headers.first(name: "Retry-After") {
            status.retryAfterSeconds = RetryPolicy.parseRetryAfter(header).map { Int($0.seconds) }
        }
        let failure = APIFailure(status: status, object: request.object, request: request.description, server: config.server)
        return response.status == 401 || response.status == 403 ? .unauthorized(failure) : .api(failure)
    }
}

/// Runs `operation`, cancelling it and throwing ``TransportFailure/Timeout`` after `timeout`.
///
/// The limit is a timer on `eventLoop` (NIO's timers are cheap on their own loop), and
/// `operation` runs in a task of its own that the timer cancels: every request reads its
/// answer's body this way, and a task group with a sleeping child cost a second task and a
/// timer of the global executor (another thread woken) per request.
func withTimeout<T: Sendable>(_ timeout: Duration, on eventLoop: any EventLoop,
                              _ operation: @escaping @Sendable () async throws -> T) async throws -> T {
    let task = Task { try await operation() }
    let expiry = Expiry()
    let timer = eventLoop.scheduleTask(in: .nanoseconds(max(timeout, .zero).nanoseconds)) {
        expiry.fired.withLock { $0 = true }
        task.cancel()
    }
    defer { timer.cancel() }
    do {
        return try await withTaskCancellationHandler { try await task.value } onCancel: { task.cancel() }
    } catch {
        if expiry.fired.withLock({ $0 }) { throw TransportFailure.Timeout() }
        throw error
    }
}

/// Whether a ``withTimeout(_:on:_:)`` timer went off.
private final class Expiry: Sendable {
    let fired = Mutex(false)
}

extension Duration {
    /// The duration in whole nanoseconds, for NIO's `TimeAmount`.
    var nanoseconds: Int64 {
        let parts = components
        return parts.seconds * 1_000_000_000 + parts.attoseconds / 1_000_000_000
    }
}
