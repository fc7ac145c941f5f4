import FerryKube
import Foundation
import Hummingbird

/// The verbs on resource paths: each request is checked against the catalog, its
/// query and body decoded, and handed to ``ResourceAPI``, which owns the semantics.
extension RequestHandler {
    /// A resource request, resolved against the catalog.
    struct Target {
        var resource: ResourceType
        var path: ResourcePath
        var subresource: ResourceType.Subresource?

        var key: StoreKey? { path.name.map { StoreKey(resource, namespace: path.namespace, name: $0) } }
    }

    func handleResource(_ path: ResourcePath, request: Request, started: ContinuousClock.Instant) async throws -> Outcome {
        let target = try resolve(path)
        let query = QueryParameters(request.uri.query)
        let isWatch = try path.watchPrefix || (query.bool("watch") ?? false)

        switch request.method {
        case .get where isWatch:
            guard target.subresource == nil else { throw APIResponse.methodNotAllowed }
            return .streaming(try watch(target, query: query, request: request, started: started))
        case .get:
            return .complete(try get(target, query: query, accept: request.headers[.accept]))
        case .post:
            guard target.path.name == nil, !target.resource.namespaced || target.path.namespace != nil else {
                throw APIResponse.methodNotAllowed
            }
            return .complete(try await create(target, query: query, request: request))
        case .put:
            guard let key = target.key else { throw APIResponse.methodNotAllowed }
            return .complete(try await replace(target, key: key, query: query, request: request))
        case .patch:
            guard let key = target.key else { throw APIResponse.methodNotAllowed }
            return .complete(try await patch(target, key: key, query: query, request: request))
        case .delete:
            guard target.subresource == nil else { throw APIResponse.methodNotAllowed }
            let options = try RequestDecoding.deleteOptions(
                try await body(of: request), contentType: request.headers[.contentType], query: query)
            if let key = target.key {
                return .complete(try delete(key, options: options, accept: request.headers[.accept]))
            }
            guard !target.resource.namespaced || target.path.namespace != nil else { throw APIResponse.methodNotAllowed }
            return .complete(try deleteCollection(target, options: options, query: query, accept: request.headers[.accept]))
        default:
            throw APIResponse.methodNotAllowed
        }
    }

    /// Finds the resource and checks the path's shape against its scope.
    private func resolve(_ path: ResourcePath) throws(APIError) -> Target {
        guard let resource = api.store.served.resource(group: path.group, version: path.version, plural: path.resource) else {
            throw APIResponse.notFound
        }
        // A namespace segment on a cluster-scoped resource, or an object of a
        // namespaced resource without one, names nothing.
        if path.namespace != nil, !resource.namespaced { throw APIResponse.notFound }
        if path.name != nil, resource.namespaced, path.namespace == nil { throw APIResponse.notFound }
        for segment in [path.namespace, path.name].compactMap({ $0 }) where segment == "." || segment == ".." || segment.utf8.contains(UInt8(ascii: "/")) {
            throw .badRequest("invalid name \"\(segment)\" in the request path")
        }
        var subresource: ResourceType.Subresource?
        if let name = path.subresource {
            guard let known = ResourceType.Subresource(rawValue: name), resource.subresources.contains(known) else {
                throw APIResponse.notFound
            }
            subresource = known
        }
        return Target(resource: resource, path: path, subresource: subresource)
    }

    // MARK: Reads

    private func get(_ target: Target, query: QueryParameters, accept: String?) throws(APIError) -> Response {
        guard let format = Negotiation.format(accept: accept, tableAllowed: target.subresource == nil) else {
            throw APIResponse.notAcceptable(accept ?? "")
        }
        let include = try includeObject(query)
        if let key = target.key {
            if case .json = format, target.subresource == nil {
                return APIResponse.bytes(try api.getJSON(key), status: .ok, contentType: "application/json")
            }
            let object = try api.get(key, subresource: target.subresource)
            if case .table(let version) = format {
                let metadata: JSONValue = ["resourceVersion": object[path: ["metadata", "resourceVersion"]] ?? ""]
                let table = TablePrinter.forResource(target.resource)
                    .table(items: [object], metadata: metadata, version: version, include: include, now: clock())
                return APIResponse.encoded(table, format: format)
            }
            return APIResponse.encoded(object, format: format)
        }
        if case .json = format {
            let list = try api.listJSON(target.resource, namespace: target.path.namespace, options: listOptions(query, target.resource))
            return APIResponse.bytes(list, status: .ok, contentType: "application/json")
        }
        let list = try api.list(target.resource, namespace: target.path.namespace, options: listOptions(query, target.resource))
        if case .table(let version) = format {
            var metadata: JSONValue = [:]
            for field in ["resourceVersion", "continue", "remainingItemCount"] {
                metadata[field] = list[path: ["metadata", field]]
            }
            let table = TablePrinter.forResource(target.resource)
                .table(items: list["items"]?.array ?? [], metadata: metadata, version: version, include: include, now: clock())
            return APIResponse.encoded(table, format: format)
        }
        return APIResponse.encoded(list, format: format)
    }

    private func watch(_ target: Target, query: QueryParameters, request: Request,
                       started: ContinuousClock.Instant) throws(APIError) -> Response {
        var options = try listOptions(query, target.resource)
        if let name = target.path.name {
            // `/api/v1/watch/namespaces/NS/pods/NAME`: a watch of one object.
            options.fieldSelector = try FieldSelector(parsing: "metadata.name=\(name)")
        }
        let accept = request.headers[.accept]
        guard let format = Negotiation.format(accept: accept) else { throw APIResponse.notAcceptable(accept ?? "") }
        let rendering: WatchStreamer.Rendering
        if case .table(let version) = format {
            rendering = .table(TablePrinter.forResource(target.resource), version: version, include: try includeObject(query))
        } else {
            rendering = .json
        }
        // Clamped: a huge value would overflow `Duration`, and a day is as good as forever here.
        let seconds = min(try query.integer("timeoutSeconds") ?? 0, 86_400)
        let source: WatchStreamer.Source
        do {
            source = .events(try api.watch(target.resource, namespace: target.path.namespace, options: options))
        } catch where error.code == 410 {
            source = .expired(error)
        }
        let streamer = WatchStreamer(
            source: source, rendering: rendering,
            timeout: .seconds(seconds > 0 ? seconds : Self.defaultWatchSeconds)
        ) { [self] events in
            log(request, status: 200, since: started, note: " (watch, \(events) events)")
        }
        return streamer.response(to: request)
    }

    /// A watch without `timeoutSeconds` ends after half an hour, as the API
    /// server's minimum request timeout.
    static var defaultWatchSeconds: Int { 1800 }

    private func listOptions(_ query: QueryParameters, _ resource: ResourceType) throws(APIError) -> ListOptions {
        var options = ListOptions()
        if let text = query["labelSelector"], !text.isEmpty { options.labelSelector = try LabelSelector(parsing: text) }
        if let text = query["fieldSelector"], !text.isEmpty { options.fieldSelector = try FieldSelector(parsing: text, for: resource) }
        if let limit = try query.integer("limit"), limit > 0 { options.limit = limit }
        if let token = query["continue"], !token.isEmpty { options.continueToken = token }
        if let version = query["resourceVersion"], !version.isEmpty { options.resourceVersion = version }
        return options
    }

    private func includeObject(_ query: QueryParameters) throws(APIError) -> TablePrinter.IncludeObject {
        guard let text = query["includeObject"], !text.isEmpty else { return .metadata }
        guard let include = TablePrinter.IncludeObject(rawValue: text) else {
            throw .badRequest("invalid includeObject \"\(text)\": expected None, Metadata or Object")
        }
        return include
    }

    // MARK: Writes

    private func create(_ target: Target, query: QueryParameters, request: Request) async throws -> Response {
        let format = try writeFormat(request)
        let object = try RequestDecoding.object(try await body(of: request), contentType: request.headers[.contentType])
        try checkBody(object, target: target)
        let options = try writeOptions(query, request: request)
        let created = try api.create(target.resource, namespace: target.path.namespace, body: object, options: options)
        return APIResponse.withWarnings(APIResponse.encoded(created, format: format, status: .created), options.warnings)
    }

    private func replace(_ target: Target, key: StoreKey, query: QueryParameters, request: Request) async throws -> Response {
        let format = try writeFormat(request)
        let object = try RequestDecoding.object(try await body(of: request), contentType: request.headers[.contentType])
        try checkBody(object, target: target)
        let options = try writeOptions(query, request: request)
        let replaced = try api.replace(key, body: object, subresource: target.subresource, options: options)
        return APIResponse.withWarnings(APIResponse.encoded(replaced, format: format), options.warnings)
    }

    private func patch(_ target: Target, key: StoreKey, query: QueryParameters, request: Request) async throws -> Response {
        let format = try writeFormat(request)
        let type = try RequestDecoding.patchType(request.headers[.contentType])
        let options = try writeOptions(query, request: request)
        if type == .apply, query["fieldManager"]?.isEmpty ?? true {
            throw APIError(code: 422, reason: "Invalid",
                           message: "PatchOptions.meta.k8s.io \"\" is invalid: fieldManager: Required value: is required for apply patch")
        }
        if type != .apply, query["force"] != nil {
            throw APIError.badRequest("force flag must only be set for apply")
        }
        let body = try RequestDecoding.patch(try await body(of: request), type: type)
        let result = try api.patch(key, type: type, body: body, subresource: target.subresource, options: options)
        let status: HTTPResponse.Status = result.created ? .created : .ok
        if case .json = format, let json = result.json {
            return APIResponse.withWarnings(APIResponse.bytes(json, status: status, contentType: "application/json"), options.warnings)
        }
        return APIResponse.withWarnings(APIResponse.encoded(result.object, format: format, status: status), options.warnings)
    }

    private func delete(_ key: StoreKey, options: DeleteOptions, accept: String?) throws(APIError) -> Response {
        guard let format = Negotiation.format(accept: accept, tableAllowed: false) else {
            throw APIResponse.notAcceptable(accept ?? "")
        }
        let deleted = try api.delete(key, options: options)
        // Still there (finalizers, a terminating namespace): accepted, not done.
        let pending = !options.dryRun && deleted[path: ["metadata", "deletionTimestamp"]] != nil
        return APIResponse.encoded(deleted, format: format, status: pending ? .accepted : .ok)
    }

    /// DELETE on a collection: every object the selectors match, one by one; the
    /// answer is the list of what was deleted.
    private func deleteCollection(_ target: Target, options: DeleteOptions, query: QueryParameters,
                                  accept: String?) throws(APIError) -> Response {
        guard let format = Negotiation.format(accept: accept, tableAllowed: false) else {
            throw APIResponse.notAcceptable(accept ?? "")
        }
        var listing = try listOptions(query, target.resource)
        listing.limit = nil
        listing.continueToken = nil
        let list = try api.list(target.resource, namespace: target.path.namespace, options: listing)
        var deleted: [JSONValue] = []
        for item in list["items"]?.array ?? [] {
            guard let name = item[path: ["metadata", "name"]]?.string else { continue }
            let key = StoreKey(target.resource, namespace: item[path: ["metadata", "namespace"]]?.string, name: name)
            do {
                deleted.append(try api.delete(key, options: options))
            } catch where error.code == 404 {
                continue  // deleted meanwhile by someone else: what was asked for holds
            }
        }
        let result: JSONValue = [
            "kind": .string(target.resource.listKind), "apiVersion": .string(target.resource.apiVersion),
            "metadata": ["resourceVersion": list[path: ["metadata", "resourceVersion"]] ?? ""],
            "items": .array(deleted),
        ]
        return APIResponse.encoded(result, format: format)
    }

    private func writeFormat(_ request: Request) throws(APIError) -> ResponseFormat {
        let accept = request.headers[.accept]
        guard let format = Negotiation.format(accept: accept, tableAllowed: false) else {
            throw APIResponse.notAcceptable(accept ?? "")
        }
        return format
    }

    /// The write options of a request: `fieldManager` (else the User-Agent's
    /// product, as the API server derives it), `dryRun`, `force`, `fieldValidation`.
    func writeOptions(_ query: QueryParameters, request: Request) throws(APIError) -> WriteOptions {
        let agent = request.headers[.userAgent].flatMap { $0.split(separator: "/").first.map(String.init) } ?? ""
        let manager = query["fieldManager"] ?? (agent.isEmpty ? "unknown" : String(agent.prefix(128)))
        guard manager.count <= 128 else {
            throw .badRequest("fieldManager must be at most 128 characters long")
        }
        var validation = FieldValidation.warn
        if let text = query["fieldValidation"], !text.isEmpty {
            guard let value = FieldValidation(rawValue: text) else {
                throw .badRequest("invalid fieldValidation \"\(text)\": expected Ignore, Warn or Strict")
            }
            validation = value
        }
        return WriteOptions(
            fieldManager: manager, dryRun: try RequestDecoding.dryRun(query.all("dryRun")),
            force: try query.bool("force") ?? false, fieldValidation: validation)
    }

    /// A body must be of the kind, version, namespace and name its URL names.
    private func checkBody(_ object: JSONValue, target: Target) throws(APIError) {
        let metadata = object["metadata"]
        if let name = target.path.name, let bodyName = metadata?["name"]?.string, !bodyName.isEmpty, bodyName != name {
            throw .badRequest("the name of the object (\(bodyName)) does not match the name on the URL (\(name))")
        }
        if target.resource.namespaced, let namespace = target.path.namespace,
           let bodyNamespace = metadata?["namespace"]?.string, !bodyNamespace.isEmpty, bodyNamespace != namespace {
            throw .badRequest("the namespace of the provided object does not match the namespace sent on the request")
        }
        // Subresources (Scale) carry their own kind.
        guard target.subresource == nil else { return }
        if let apiVersion = object["apiVersion"]?.string, !apiVersion.isEmpty, apiVersion != target.resource.apiVersion {
            throw .badRequest("the API version in the data (\(apiVersion)) does not match the expected API version (\(target.resource.apiVersion))")
        }
        if let kind = object["kind"]?.string, !kind.isEmpty, kind != target.resource.kind {
            throw .badRequest("the kind in the data (\(kind)) does not match the expected kind (\(target.resource.kind))")
        }
    }
}
