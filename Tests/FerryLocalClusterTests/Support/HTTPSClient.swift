import FerryKube
import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix
import NIOSSL
import Synchronization

/// A response as the tests look at it.
struct HTTPReply: Sendable, CustomStringConvertible {
    var status: Int
    var headers: [(name: String, value: String)]
    var body: [UInt8]

    /// The first value of a header (case-insensitive name).
    func header(_ name: String) -> String? {
        headers.first { $0.name.lowercased() == name.lowercased() }?.value
    }

    var text: String { String(decoding: body, as: UTF8.self) }

    /// The body as JSON (`.null` when it is not JSON, so that assertions fail readably).
    var json: JSONValue { (try? JSONValue.parse(body)) ?? .null }

    var description: String { "\(status) \(text.prefix(600))" }
}

/// A small HTTPS/1.1 client over NIO that trusts only the cluster's CA and checks
/// the server's name, one connection per request (and one per watch), so that
/// tests exercise exactly what kubectl's transport does: TLS, the bearer token,
/// and chunked streams it can hang up on.
final class HTTPSClient: Sendable {
    let port: Int
    let token: String?
    private let context: NIOSSLContext

    init(port: Int, caPEM: String, token: String?) throws {
        var configuration = TLSConfiguration.makeClientConfiguration()
        configuration.trustRoots = .certificates(try NIOSSLCertificate.fromPEMBytes(Array(caPEM.utf8)))
        configuration.certificateVerification = .fullVerification
        configuration.applicationProtocols = ["h2", "http/1.1"]
        self.context = try NIOSSLContext(configuration: configuration)
        self.port = port
        self.token = token
    }

    /// The same client with another token (nil: none at all).
    func with(token: String?) throws -> HTTPSClient {
        try HTTPSClient(port: port, context: context, token: token)
    }

    private init(port: Int, context: NIOSSLContext, token: String?) throws {
        self.port = port
        self.context = context
        self.token = token
    }

    private func connect() async throws -> NIOAsyncChannel<HTTPClientResponsePart, HTTPClientRequestPart> {
        let context = self.context
        return try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .connect(host: "127.0.0.1", port: port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(NIOSSLClientHandler(context: context, serverHostname: "localhost"))
                    try channel.pipeline.syncOperations.addHTTPClientHandlers()
                    return try NIOAsyncChannel<HTTPClientResponsePart, HTTPClientRequestPart>(wrappingChannelSynchronously: channel)
                }
            }
    }

    private func head(_ method: HTTPMethod, _ path: String, headers: [(String, String)], bodyLength: Int?) -> HTTPRequestHead {
        var head = HTTPRequestHead(version: .http1_1, method: method, uri: path)
        head.headers.add(name: "Host", value: "127.0.0.1:\(port)")
        head.headers.add(name: "User-Agent", value: "ferry-tests/1.0")
        if let token { head.headers.add(name: "Authorization", value: "Bearer \(token)") }
        if let bodyLength { head.headers.add(name: "Content-Length", value: String(bodyLength)) }
        for (name, value) in headers { head.headers.add(name: name, value: value) }
        return head
    }

    /// Sends one request and reads the whole response.
    func send(_ method: HTTPMethod, _ path: String, headers: [(String, String)] = [], body: [UInt8]? = nil) async throws -> HTTPReply {
        let channel = try await connect()
        let head = self.head(method, path, headers: headers, bodyLength: body?.count)
        return try await channel.executeThenClose { inbound, outbound in
            try await outbound.write(.head(head))
            if let body, !body.isEmpty { try await outbound.write(.body(.byteBuffer(ByteBuffer(bytes: body)))) }
            try await outbound.write(.end(nil))
            var reply = HTTPReply(status: 0, headers: [], body: [])
            for try await part in inbound where reply.take(part) {
                return reply
            }
            throw ClientError("the connection closed before the response ended (got \(reply))")
        }
    }

    /// Sends one GET on a kept-alive connection, reads the whole response, then reads on
    /// until the server closes the connection (a TLS close or a bare TCP one); returns
    /// the response. It does not return while the server keeps the connection open.
    func getThenAwaitServerClose(_ path: String) async throws -> HTTPReply {
        let channel = try await connect()
        let head = self.head(.GET, path, headers: [("Connection", "keep-alive")], bodyLength: nil)
        return try await channel.executeThenClose { inbound, outbound in
            try await outbound.write(.head(head))
            try await outbound.write(.end(nil))
            var reply = HTTPReply(status: 0, headers: [], body: [])
            var ended = false
            do {
                for try await part in inbound where reply.take(part) {
                    ended = true
                }
            } catch NIOSSLError.uncleanShutdown {
                // Closed without a TLS close_notify: closed all the same.
            }
            guard ended else { throw ClientError("the connection closed before the response ended (got \(reply))") }
            return reply
        }
    }

    func get(_ path: String, accept: String? = nil) async throws -> HTTPReply {
        try await send(.GET, path, headers: accept.map { [("Accept", $0)] } ?? [])
    }

    /// Sends JSON with the given content type.
    func send(_ method: HTTPMethod, _ path: String, json: JSONValue, contentType: String = "application/json") async throws -> HTTPReply {
        try await send(method, path, headers: [("Content-Type", contentType)], body: json.serialized())
    }

    /// Opens a streaming request (a watch); its lines arrive in the returned stream.
    func stream(_ path: String, accept: String? = nil) async throws -> StreamingResponse {
        let channel = try await connect()
        let head = self.head(.GET, path, headers: accept.map { [("Accept", $0)] } ?? [], bodyLength: nil)
        let response = StreamingResponse()
        response.task = Task {
            do {
                try await channel.executeThenClose { inbound, outbound in
                    try await outbound.write(.head(head))
                    try await outbound.write(.end(nil))
                    for try await part in inbound {
                        switch part {
                        case .head(let responseHead): response.received(status: Int(responseHead.status.code))
                        case .body(let buffer): response.received(Array(buffer.readableBytesView))
                        case .end: return
                        }
                    }
                }
            } catch {
                // Cancelled by `hangUp()`, or the server closed the stream.
            }
            response.ended()
        }
        return response
    }

    struct ClientError: Error, CustomStringConvertible {
        var description: String
        init(_ description: String) { self.description = description }
    }
}

/// A response read as it streams: its status, its complete lines, whether it ended.
final class StreamingResponse: Sendable {
    private struct State {
        var status = 0
        var lines: [String] = []
        var partial: [UInt8] = []
        var ended = false
        var task: Task<Void, Never>?
    }

    private let state = Mutex(State())

    var task: Task<Void, Never>? {
        get { state.withLock { $0.task } }
        set { state.withLock { $0.task = newValue } }
    }

    func received(status: Int) { state.withLock { $0.status = status } }

    func received(_ bytes: [UInt8]) {
        state.withLock { state in
            state.partial.append(contentsOf: bytes)
            while let newline = state.partial.firstIndex(of: 0x0A) {
                state.lines.append(String(decoding: state.partial[..<newline], as: UTF8.self))
                state.partial.removeSubrange(...newline)
            }
        }
    }

    func ended() { state.withLock { $0.ended = true } }

    var status: Int { state.withLock { $0.status } }
    var lines: [String] { state.withLock { $0.lines } }
    var hasEnded: Bool { state.withLock { $0.ended } }

    /// The events received so far, parsed.
    var events: [JSONValue] { lines.compactMap { try? JSONValue.parse($0) } }

    /// Waits until at least `count` lines arrived (or the stream ended, or time ran out).
    @discardableResult
    func waitForLines(_ count: Int, within timeout: Duration = .seconds(10)) async -> [String] {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            let (lines, ended) = state.withLock { ($0.lines, $0.ended) }
            if lines.count >= count || ended { return lines }
            try? await Task.sleep(for: .milliseconds(10))
        }
        return lines
    }

    /// Waits until the server ends the stream; false if it did not within `timeout`.
    func waitForEnd(within timeout: Duration = .seconds(10)) async -> Bool {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if hasEnded { return true }
            try? await Task.sleep(for: .milliseconds(10))
        }
        return hasEnded
    }

    /// Closes the connection from the client's side.
    func hangUp() async {
        let task = self.task
        task?.cancel()
        await task?.value
    }
}

extension HTTPReply {
    /// Adds one part of a response to the reply; true when it was the response's end.
    mutating func take(_ part: HTTPClientResponsePart) -> Bool {
        switch part {
        case .head(let head):
            status = Int(head.status.code)
            headers = head.headers.map { ($0.name, $0.value) }
        case .body(let buffer):
            body.append(contentsOf: buffer.readableBytesView)
        case .end:
            return true
        }
        return false
    }
}
