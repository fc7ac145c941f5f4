import AsyncHTTPClient
import FerryKube
import NIOCore

/// The type of a watch event.
public enum WatchEventType: String, Sendable, Hashable {
    /// An object appeared.
    case added = "ADDED"
    /// An object changed.
    case modified = "MODIFIED"
    /// An object went away (the event carries its last state).
    case deleted = "DELETED"
    /// No change, only a newer resourceVersion to resume from.
    case bookmark = "BOOKMARK"
}

/// One change seen by a watch.
public struct WatchEvent: Sendable {
    /// What happened.
    public var type: WatchEventType
    /// The object after the change (before it, for `deleted`).
    public var object: JSONValue

    /// An event of `type` about `object`.
    public init(type: WatchEventType, object: JSONValue) {
        self.type = type
        self.object = object
    }

    /// The object's resourceVersion: where to resume watching from.
    public var resourceVersion: String? { object[path: ["metadata", "resourceVersion"]]?.string }
}

/// What to watch and from where.
public struct WatchOptions: Sendable, Hashable {
    /// Only objects with these labels (`app=web,tier!=db`).
    public var labelSelector: String?
    /// Only objects with these fields (`metadata.name=web`).
    public var fieldSelector: String?
    /// Changes after this version; nil starts with a synthetic ADDED for each existing object.
    public var resourceVersion: String?
    /// Ask the server to end the stream after this many seconds.
    public var timeoutSeconds: Int?
    /// Ask for BOOKMARK events, so a resumed watch is less likely to be too old.
    public var allowBookmarks: Bool

    /// Options with these values.
    public init(labelSelector: String? = nil, fieldSelector: String? = nil, resourceVersion: String? = nil,
                timeoutSeconds: Int? = nil, allowBookmarks: Bool = true) {
        self.labelSelector = labelSelector
        self.fieldSelector = fieldSelector
        self.resourceVersion = resourceVersion
        self.timeoutSeconds = timeoutSeconds
        self.allowBookmarks = allowBookmarks
    }
}

/// What ``KubeClient/listAndWatch(_:namespace:labelSelector:fieldSelector:)`` delivers.
public enum WatchUpdate: Sendable {
    /// The complete current set, first and again after a relist: replace what you hold with it.
    case list(ObjectList)
    /// One change since.
    case event(WatchEvent)
}

extension KubeClient {
    /// Watches the objects of `kind` in `namespace` (nil: all namespaces).
    ///
    /// Returns once the server has accepted the watch, so any change made afterwards is
    /// seen. The stream ends when the server ends the watch (`timeoutSeconds`), and fails
    /// with a ``KubeError`` on an ERROR event (`isExpired` for 410: list again) or when
    /// the connection breaks. Ending the iteration (or cancelling its task) closes the watch.
    public func watch(_ kind: GroupVersionKind, namespace: String? = nil,
                      options watchOptions: WatchOptions = WatchOptions()) async throws -> AsyncThrowingStream<WatchEvent, any Error> {
        let resource = try await resource(for: kind)
        var query: [(name: String, value: String)] = [("watch", "true")]
        if let selector = watchOptions.labelSelector, !selector.isEmpty { query.append(("labelSelector", selector)) }
        if let selector = watchOptions.fieldSelector, !selector.isEmpty { query.append(("fieldSelector", selector)) }
        if let version = watchOptions.resourceVersion, !version.isEmpty { query.append(("resourceVersion", version)) }
        if let seconds = watchOptions.timeoutSeconds { query.append(("timeoutSeconds", String(seconds))) }
        if watchOptions.allowBookmarks { query.append(("allowWatchBookmarks", "true")) }
        let request = KubeRequest(verb: .watch, method: .GET, path: resource.collectionPath(namespace: namespace), query: query)
        guard case .streaming(let response) = try await perform(request, streaming: true) else {
            throw KubeError.invalidResponse(server: config.server, request: request.description, reason: "a watch answered without a stream")
        }
        let context = WatchContext(server: config.server, request: request.description, endpoint: endpoint,
                                   tls: config.tls, timeout: options.requestTimeout, connectTimeout: options.connectTimeout,
                                   maxLineBytes: options.maxResponseBytes)
        let (stream, continuation) = AsyncThrowingStream.makeStream(of: WatchEvent.self)
        let reader = Task {
            do {
                try await Self.readEvents(response.body, context: context) { continuation.yield($0) }
                continuation.finish()
            } catch {
                continuation.finish(throwing: error)
            }
        }
        continuation.onTermination = { _ in reader.cancel() }
        return stream
    }

    /// A list, then a watch from it, watched again whenever it ends (from the last
    /// resourceVersion seen, bookmarks included), and listed again when the server says
    /// that version is too old (410). Connection failures are retried with backoff up to
    /// ``RetryPolicy/maxRetries`` in a row, then the stream fails.
    ///
    /// The first list is made before this returns, so a kind the cluster does not serve
    /// throws here.
    public func listAndWatch(_ kind: GroupVersionKind, namespace: String? = nil, labelSelector: String? = nil,
                             fieldSelector: String? = nil) async throws -> AsyncThrowingStream<WatchUpdate, any Error> {
        let first = try await list(kind, namespace: namespace, labelSelector: labelSelector, fieldSelector: fieldSelector)
        let (stream, continuation) = AsyncThrowingStream.makeStream(of: WatchUpdate.self)
        continuation.yield(.list(first))
        let loop = Task { [self] in
            var resourceVersion: String? = first.resourceVersion
            var failures = 0
            while !Task.isCancelled {
                let started = ContinuousClock.now
                do {
                    if resourceVersion == nil {
                        let fresh = try await list(kind, namespace: namespace, labelSelector: labelSelector, fieldSelector: fieldSelector)
                        resourceVersion = fresh.resourceVersion
                        continuation.yield(.list(fresh))
                    }
                    // A random server-side timeout, as client-go's reflector, so many watchers do not reconnect in step.
                    let watchOptions = WatchOptions(labelSelector: labelSelector, fieldSelector: fieldSelector,
                                                    resourceVersion: resourceVersion, timeoutSeconds: Int.random(in: 300...600))
                    for try await event in try await watch(kind, namespace: namespace, options: watchOptions) {
                        failures = 0
                        if let version = event.resourceVersion { resourceVersion = version }
                        if event.type != .bookmark { continuation.yield(.event(event)) }
                    }
                } catch let error as KubeError where error.isExpired {
                    // Too old to resume from: list again (after the pause below if it came at once).
                    resourceVersion = nil
                } catch is CancellationError {
                    break
                } catch let error as KubeError where Self.isTransient(error) {
                    failures += 1
                    if failures > options.retry.maxRetries {
                        continuation.finish(throwing: error)
                        return
                    }
                    options.logger.warning("watch of \(kind) failed: \(error); watching again (\(failures)/\(options.retry.maxRetries))")
                    try? await Task.sleep(for: options.retry.delay(beforeRetry: failures))
                    continue
                } catch {
                    continuation.finish(throwing: error)
                    return
                }
                // A watch that ends at once (a server closing streams early, or answering
                // 410 to every resume) must not become a busy loop.
                if ContinuousClock.now - started < .seconds(1) { try? await Task.sleep(for: .seconds(1)) }
            }
            continuation.finish()
        }
        continuation.onTermination = { _ in loop.cancel() }
        return stream
    }

    private static func isTransient(_ error: KubeError) -> Bool {
        if error.isUnreachable { return true }
        guard let code = error.statusCode else { return false }
        return code == 429 || code >= 500
    }

    /// What the event reader needs to make its errors read like the rest of the client's.
    struct WatchContext: Sendable {
        var server: String
        var request: String
        var endpoint: ServerEndpoint
        var tls: TLSSettings
        var timeout: Duration
        var connectTimeout: Duration
        var maxLineBytes: Int
    }

    /// Splits the body into lines, each one JSON event `{"type": ..., "object": ...}`.
    static func readEvents(_ body: HTTPClientResponse.Body, context: WatchContext,
                           yield: (WatchEvent) -> Void) async throws {
        var lines = LineBuffer()
        do {
            for try await chunk in body {
                lines.append(chunk.readableBytesView)
                while let line = lines.next() {
                    if let event = try parseEvent(line, context: context) { yield(event) }
                }
                guard lines.pendingCount <= context.maxLineBytes else {
                    throw KubeError.invalidResponse(server: context.server, request: context.request,
                                                    reason: "a watch event is larger than \(context.maxLineBytes) bytes")
                }
            }
        } catch let error as KubeError {
            throw error
        } catch {
            let failure = TransportFailure(error, endpoint: context.endpoint, tls: context.tls, timeout: context.timeout,
                                           connectTimeout: context.connectTimeout)
            if failure.isCancellation { throw CancellationError() }
            throw KubeError.unreachable(server: context.server, reason: "the watch broke: \(failure.message)")
        }
        if let rest = lines.remainder(), let event = try parseEvent(rest, context: context) { yield(event) }
    }

    static func parseEvent(_ line: ArraySlice<UInt8>, context: WatchContext) throws -> WatchEvent? {
        guard line.contains(where: { $0 != 0x20 && $0 != 0x0D && $0 != 0x09 }) else { return nil }
        let json: JSONValue
        do {
            json = try JSONValue.parse(line)
        } catch {
            throw KubeError.invalidResponse(server: context.server, request: context.request, reason: "a watch event is not JSON: \(error)")
        }
        let type = json["type"]?.string ?? ""
        let object = json["object"] ?? .null
        if type == "ERROR" {
            let status = KubeStatus(status: object)
            throw KubeError.api(APIFailure(status: status, object: nil, request: context.request, server: context.server))
        }
        guard let eventType = WatchEventType(rawValue: type) else {
            throw KubeError.invalidResponse(server: context.server, request: context.request, reason: "unknown watch event type \"\(type)\"")
        }
        return WatchEvent(type: eventType, object: object)
    }
}

/// Bytes arriving in chunks, handed out a line at a time.
struct LineBuffer {
    private var bytes: [UInt8] = []
    private var start = 0
    private var scanned = 0

    var pendingCount: Int { bytes.count - start }

    mutating func append(_ chunk: some Sequence<UInt8>) {
        // Drop what was handed out before growing, so a long stream does not keep it all.
        if start > 0 && start >= bytes.count / 2 {
            bytes.removeFirst(start)
            scanned -= start
            start = 0
        }
        bytes.append(contentsOf: chunk)
    }

    /// The next complete line, without its newline.
    mutating func next() -> ArraySlice<UInt8>? {
        guard let newline = bytes[scanned...].firstIndex(of: 0x0A) else {
            scanned = bytes.count
            return nil
        }
        let line = bytes[start..<newline]
        start = newline + 1
        scanned = start
        return line
    }

    /// What is left after the last newline, when the stream ends.
    mutating func remainder() -> ArraySlice<UInt8>? {
        guard start < bytes.count else { return nil }
        defer { start = bytes.count }
        return bytes[start...]
    }
}
