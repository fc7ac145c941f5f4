import FerryKube
import Foundation
import Hummingbird
import Logging
import NIOCore

/// Answers every request: authentication, routing of the non-resource paths
/// (health, version, discovery, OpenAPI), and one log line per request.
/// Resource paths go on to `RequestHandler+Resources.swift`.
struct RequestHandler: HTTPResponder {
    typealias Context = BasicRequestContext

    let api: ResourceAPI
    let authenticator: Authenticator
    let logger: Logger
    let clock: @Sendable () -> Date
    /// Injected faults (`--faults`); nil, and no cost, unless configured.
    var faults: FaultInjector? = nil

    /// A response, and whether it was logged already or will be when its stream ends.
    enum Outcome {
        case complete(Response)
        case streaming(Response)
    }

    func respond(to request: Request, context: Context) async throws -> Response {
        let started = ContinuousClock.now
        var decision = FaultInjector.Decision()
        if let faults, APIPath(request.uri.path) != .health {
            decision = faults.decide(method: request.method.rawValue, target: request.uri.string, logger: logger)
            if decision.restart { faults.restartServer(logger: logger) }
            if let code = decision.errorCode {
                log(request, status: code, since: started, note: " (fault: injected \(code))")
                return FaultInjector.errorResponse(code: code, retryAfterSeconds: decision.retryAfterSeconds)
            }
            if let delay = decision.delay {
                // Said before the wait, so a test knows the client is waiting on this request.
                logger.info("fault: delaying \(request.method) \(request.uri.string) by \(delay)")
                try await faults.hold(for: delay, logger: logger)
            }
        }
        let outcome: Outcome
        do {
            outcome = try await handle(request, started: started)
        } catch let error as APIError {
            outcome = .complete(APIResponse.error(error))
        } catch {
            logger.error("\(request.method) \(request.uri.path): \(error)")
            outcome = .complete(APIResponse.error(.internalError(String(describing: error))))
        }
        switch outcome {
        case .complete(let response):
            log(request, status: response.status.code, since: started, note: decision.drop ? " (fault: connection dropped)" : "")
            return decision.drop ? FaultInjector.cut(response) : response
        case .streaming(let response):
            return decision.drop ? FaultInjector.cut(response) : response
        }
    }

    func log(_ request: Request, status: Int, since started: ContinuousClock.Instant, note: String = "") {
        let elapsed = ContinuousClock.now - started
        let milliseconds = elapsed.components.seconds * 1000 + elapsed.components.attoseconds / 1_000_000_000_000_000
        logger.info("\(request.method) \(request.uri.string) \(status) \(milliseconds)ms\(note)")
    }

    private func handle(_ request: Request, started: ContinuousClock.Instant) async throws -> Outcome {
        let path = APIPath(request.uri.path)
        // As kube-apiserver's system:public-info-viewer role grants: the health checks
        // and /version answer anyone; every other path needs the token.
        let isPublic = path == .health || path == .version
        guard isPublic || authenticator.authenticates(authorization: request.headers[.authorization]) else {
            throw APIError.unauthorized
        }
        let accept = request.headers[.accept]
        switch path {
        case .health:
            try requireRead(request)
            return .complete(APIResponse.text("ok"))
        case .version:
            try requireRead(request)
            return .complete(APIResponse.json(Discovery.version))
        case .coreGroup, .groups:
            try requireRead(request)
            let core = path == .coreGroup
            if let version = Negotiation.aggregatedDiscovery(accept: accept) {
                return .complete(APIResponse.json(Discovery.aggregated(core: core, version: version, served: api.store.served),
                                                  contentType: Discovery.aggregatedContentType(version: version)))
            }
            let served = api.store.served
            return .complete(APIResponse.json(core ? Discovery.coreVersions(served) : Discovery.groupList(served)))
        case .group(let name):
            try requireRead(request)
            guard let group = Discovery.group(name, served: api.store.served) else { throw APIResponse.notFound }
            return .complete(APIResponse.json(group))
        case .groupVersion(let group, let version):
            try requireRead(request)
            guard let list = Discovery.resourceList(group: group, version: version, served: api.store.served) else { throw APIResponse.notFound }
            return .complete(APIResponse.json(list))
        case .openAPIV2:
            try requireRead(request)
            // kubectl asks for protobuf only; 406 sends it to its fallbacks, as for a server
            // without the protobuf form. JSON is served to whoever accepts it.
            let accepts = accept.map { $0.contains("application/json") || $0.contains("*/*") } ?? true
            guard accepts else { throw APIResponse.notAcceptable(accept ?? "") }
            return .complete(APIResponse.json(OpenAPI.swagger))
        case .openAPIRoot:
            try requireRead(request)
            return .complete(APIResponse.json(OpenAPI.root(api.store.served)))
        case .openAPIDocument(let group, let version):
            try requireRead(request)
            guard let document = OpenAPI.document(group: group, version: version, served: api.store.served) else { throw APIResponse.notFound }
            return .complete(APIResponse.json(document))
        case .resource(let resourcePath):
            return try await handleResource(resourcePath, request: request, started: started)
        case .unknown:
            throw APIResponse.notFound
        }
    }

    private func requireRead(_ request: Request) throws(APIError) {
        guard request.method == .get || request.method == .head else { throw APIResponse.methodNotAllowed }
    }

    /// The request body, at most 3 MiB (413 beyond).
    func body(of request: Request) async throws -> [UInt8] {
        let limit = RequestDecoding.maxBodyBytes
        if let length = request.headers[.contentLength].flatMap({ Int($0) }), length > limit {
            throw APIError.requestEntityTooLarge(limit: limit)
        }
        do {
            let buffer = try await request.body.collect(upTo: limit)
            return Array(buffer.readableBytesView)
        } catch is NIOTooManyBytesError {
            throw APIError.requestEntityTooLarge(limit: limit)
        }
    }
}
