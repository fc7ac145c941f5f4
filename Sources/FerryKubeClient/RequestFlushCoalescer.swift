import NIOCore
import NIOHTTP1

/// When to let a flush of a request's parts through: a head that announces a body is held
/// back until the body's first part is written, so that head and body leave together.
///
/// AsyncHTTPClient flushes a request's head on its own and then writes and flushes the body:
/// two TLS records, two socket writes and two TCP segments for each write request (each one
/// read, decrypted and parsed apart by the server too). The body follows at once (the client
/// always has it in memory), so holding the first flush changes only how the same bytes are
/// cut into segments.
struct FlushHold: Sendable, Hashable {
    /// A head was written whose body has not started.
    private(set) var awaitingBody = false

    /// What was written: a head (announcing a body or not), a body part, or the end.
    enum Part: Sendable, Hashable {
        case head(announcesBody: Bool)
        case bodyOrEnd
    }

    /// Notes a written part.
    mutating func wrote(_ part: Part) {
        switch part {
        case .head(let announcesBody): awaitingBody = announcesBody
        case .bodyOrEnd: awaitingBody = false
        }
    }

    /// Whether a flush asked for now goes through (else the write of the body flushes both).
    var passesFlush: Bool { !awaitingBody }

    /// Whether a head announces a body: by a `Content-Length` above 0, or by a `Transfer-Encoding`.
    static func announcesBody(contentLength: String?, transferEncoding: Bool) -> Bool {
        if let contentLength { return (Int(contentLength) ?? 0) > 0 }
        return transferEncoding
    }
}

/// Holds the flush of a request head until its body is written (see ``FlushHold``); sits
/// between AsyncHTTPClient's request handler and the HTTP encoder of each connection.
final class RequestFlushCoalescer: ChannelOutboundHandler, RemovableChannelHandler {
    typealias OutboundIn = HTTPClientRequestPart
    typealias OutboundOut = HTTPClientRequestPart

    private var hold = FlushHold()

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        switch unwrapOutboundIn(data) {
        case .head(let head):
            hold.wrote(.head(announcesBody: FlushHold.announcesBody(
                contentLength: head.headers.first(name: "Content-Length"),
                transferEncoding: head.headers.contains(name: "Transfer-Encoding"))))
        case .body, .end: hold.wrote(.bodyOrEnd)
        }
        context.write(data, promise: promise)
    }

    func flush(context: ChannelHandlerContext) {
        // A head too big for the channel's buffer (past its high watermark) makes it
        // unwritable, and the client then waits to write the body until it drains, which
        // takes this flush: let it through rather than hold both forever.
        if hold.passesFlush || !context.channel.isWritable { context.flush() }
    }

    /// Adds a coalescer to a new HTTP/1.1 connection, after AsyncHTTPClient set it up (a
    /// pipeline without the expected encoder is left as it is).
    static func install(in channel: any Channel) -> EventLoopFuture<Void> {
        @Sendable func add() throws {
            let pipeline = channel.pipeline.syncOperations
            guard let encoder = try? pipeline.handler(type: HTTPRequestEncoder.self) else { return }
            try pipeline.addHandler(RequestFlushCoalescer(), position: .after(encoder))
        }
        if channel.eventLoop.inEventLoop { return channel.eventLoop.makeCompletedFuture(Result { try add() }) }
        return channel.eventLoop.submit { try add() }
    }
}
