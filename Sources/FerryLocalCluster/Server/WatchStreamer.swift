import FerryKube
import Foundation
import Hummingbird
import ServiceLifecycle

/// A watch response: `200` with a chunked body of JSON events, one per line, each
/// flushed as it happens (`{"type":"ADDED","object":{…}}`).
///
/// The stream ends when `timeoutSeconds` runs out, when the client hangs up, when
/// the server shuts down gracefully, or when the watcher falls too far behind; in
/// every case kubectl simply watches again from the last resourceVersion it saw.
/// A resourceVersion older than the event history is answered with a single
/// `ERROR` event carrying a 410 `Expired` Status, which makes kubectl relist.
struct WatchStreamer: Sendable {
    /// How the events' objects are rendered.
    enum Rendering: Sendable {
        case json
        /// `kubectl get -w`: each object as a one-row Table; the first carries the columns.
        case table(TablePrinter, version: String, include: TablePrinter.IncludeObject)
    }

    enum Source: Sendable {
        case events(WatchHub.Subscription)
        case expired(APIError)
    }

    var source: Source
    var rendering: Rendering
    var timeout: Duration
    /// Called once the stream has ended, with the number of events sent (for the request log).
    var onEnd: @Sendable (_ events: Int) -> Void

    /// How many encoded events may wait for a slow client before the watch is cut off.
    static let backlog = 10_000

    func response(to request: Request) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "application/json"
        headers[.cacheControl] = "no-cache, private"
        let streamer = self
        return Response(status: .ok, headers: headers, body: ResponseBody { writer in
            try await streamer.stream(request: request, writer: &writer)
        })
    }

    private func stream(request: Request, writer: inout any ResponseBodyWriter) async throws {
        let subscription: WatchHub.Subscription
        switch source {
        case .expired(let error):
            try await writer.write(ByteBuffer(bytes: Self.line(type: "ERROR", object: error.status.serialized())))
            try await writer.finish(nil)
            onEnd(1)
            return
        case .events(let events):
            subscription = events
        }

        // The events are encoded on their own task into a bounded buffer, so that the
        // timeout, a graceful shutdown and a slow client can all end the response by
        // finishing that one stream.
        let (lines, output) = AsyncStream<ByteBuffer>.makeStream(bufferingPolicy: .bufferingOldest(Self.backlog))
        let rendering = self.rendering
        let pump = Task {
            var first = true
            for await event in subscription.events {
                let bytes = Self.encode(event, rendering: rendering, first: first)
                first = false
                if case .dropped = output.yield(ByteBuffer(bytes: bytes)) { break }
            }
            output.finish()
        }
        let timeout = self.timeout
        let timer = Task {
            try? await Task.sleep(for: timeout)
            output.finish()
        }
        var sent = 0
        do {
            try await withGracefulShutdownHandler {
                try await request.body.consumeWithCancellationOnInboundClose { _ in
                    for await line in lines {
                        try await writer.write(line)
                        sent += 1
                    }
                }
            } onGracefulShutdown: {
                output.finish()
            }
            try await writer.finish(nil)
        } catch {
            // The client hung up: there is nobody left to tell.
        }
        pump.cancel()
        timer.cancel()
        subscription.cancel()
        onEnd(sent)
    }

    static func encode(_ event: StoreEvent, rendering: Rendering, first: Bool) -> [UInt8] {
        switch rendering {
        case .json:
            return line(type: event.kind.rawValue, object: event.objectJSON)
        case .table(let printer, let version, let include):
            let metadata: JSONValue = ["resourceVersion": .string(String(event.resourceVersion))]
            let table = printer.table(items: [event.object], metadata: metadata, version: version, include: include,
                                      now: Date(), withColumns: first)
            return line(type: event.kind.rawValue, object: table.serialized())
        }
    }

    /// `{"type":TYPE,"object":OBJECT}` and a newline.
    static func line(type: String, object: [UInt8]) -> [UInt8] {
        var bytes = Array("{\"type\":\"\(type)\",\"object\":".utf8)
        bytes.reserveCapacity(bytes.count + object.count + 2)
        bytes.append(contentsOf: object)
        bytes.append(contentsOf: Array("}\n".utf8))
        return bytes
    }
}
