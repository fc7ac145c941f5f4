import Foundation
import Hummingbird
import Logging
import NIOCore
import Synchronization

/// A webhook receiver on 127.0.0.1: keeps every JSON body POSTed to `/events`, and
/// answers with the status set (a 500 makes the sender retry).
final class NotificationReceiver: Sendable {
    private let bodies = Mutex<[Data]>([])
    private let answer = Mutex<HTTPResponse.Status>(.ok)
    private let port = Mutex(0)
    private let task = Mutex<Task<Void, any Error>?>(nil)

    /// Starts it and returns once it listens.
    static func start() async throws -> NotificationReceiver {
        let receiver = NotificationReceiver()
        let (listening, continuation) = AsyncStream.makeStream(of: Int.self)
        let router = Router()
        router.post("events") { [receiver] request, _ -> Response in
            let buffer = try await request.body.collect(upTo: 1 << 20)
            receiver.bodies.withLock { $0.append(Data(buffer.readableBytesView)) }
            return Response(status: receiver.answer.withLock { $0 })
        }
        let application = Application(
            router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { channel in
                continuation.yield(channel.localAddress?.port ?? 0)
                continuation.finish()
            },
            logger: Logger(label: "receiver") { _ in SwiftLogNoOpLogHandler() })
        receiver.task.withLock { $0 = Task { try await application.runService() } }
        for await bound in listening { receiver.port.withLock { $0 = bound } }
        return receiver
    }

    deinit { task.withLock { $0?.cancel() } }

    var url: String { "http://127.0.0.1:\(port.withLock { $0 })/events" }

    /// The bodies received so far, as sent.
    var texts: [String] { bodies.withLock { $0 }.map { String(decoding: $0, as: UTF8.self) } }

    /// The events received so far, decoded.
    var events: [[String: Any]] {
        bodies.withLock { $0 }.compactMap { try? JSONSerialization.jsonObject(with: $0) as? [String: Any] }
    }

    func respond(with status: HTTPResponse.Status) { answer.withLock { $0 = status } }
}
