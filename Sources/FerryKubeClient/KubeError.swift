import FerryKube

/// Why a request to a cluster failed, in cases a CLI maps to exit codes.
///
/// `unreachable` and `unauthorized` are distinct cases so that "cannot reach the
/// cluster" and "the cluster refused us" can be told apart (both exit 4 in `ferry sync`).
/// Messages start with the object (`Deployment/spark/web: ...`) when one is concerned,
/// and never contain a token or a Secret's data.
public enum KubeError: Error, Sendable, CustomStringConvertible {
    /// A kubeconfig or in-cluster setting is missing or wrong; the message names the file.
    case configuration(String)
    /// Credentials could not be obtained: an exec plugin failed, a token file cannot be read.
    case credentials(String)
    /// The cluster could not be reached: connection refused, DNS, TLS handshake, timeout.
    case unreachable(server: String, reason: String)
    /// The server refused the credentials (401) or the permission (403).
    case unauthorized(APIFailure)
    /// The API server answered with any other error status.
    case api(APIFailure)
    /// A kind the cluster does not serve.
    case unknownKind(UnknownKind)
    /// The server's answer could not be understood.
    case invalidResponse(server: String, request: String, reason: String)
    /// An object handed to the client lacks what a request needs (apiVersion, kind, name).
    case invalidObject(String)

    /// The message, starting with the object when there is one.
    public var description: String {
        switch self {
        case .configuration(let message), .credentials(let message), .invalidObject(let message):
            return message
        case .unreachable(let server, let reason):
            return "cannot reach the cluster at \(server): \(reason)"
        case .unauthorized(let failure):
            if failure.status.code == 401 {
                return "\(failure.prefix)the cluster at \(failure.server) rejected the credentials (401 \(failure.status.reasonOrDefault)): \(failure.status.fullMessage); check the user's token, certificate or credential plugin"
            }
            return "\(failure.prefix)\(failure.status.fullMessage) (\(failure.status.code) \(failure.status.reasonOrDefault))"
        case .api(let failure):
            return "\(failure.prefix)\(failure.status.fullMessage) (\(failure.status.code) \(failure.status.reasonOrDefault))"
        case .unknownKind(let unknown):
            return unknown.description
        case .invalidResponse(let server, let request, let reason):
            return "\(request): unexpected answer from \(server): \(reason)"
        }
    }

    /// The Status of an error answer (`unauthorized` or `api`).
    public var status: KubeStatus? {
        switch self {
        case .unauthorized(let failure), .api(let failure): return failure.status
        default: return nil
        }
    }

    /// The HTTP status code of an error answer.
    public var statusCode: Int? { status?.code }

    /// 404: the object (or its namespace) does not exist.
    public var isNotFound: Bool { statusCode == 404 }
    /// 409: a conflict (a stale resourceVersion, or apply conflicts without force).
    public var isConflict: Bool { statusCode == 409 }
    /// 409 AlreadyExists, from a create.
    public var isAlreadyExists: Bool { statusCode == 409 && status?.reason == "AlreadyExists" }
    /// 410 Gone/Expired: a watch or list from a resourceVersion the server no longer has.
    public var isExpired: Bool { statusCode == 410 }
    /// 422 Invalid: the object was refused by validation.
    public var isInvalid: Bool { statusCode == 422 }
    /// 401 or 403.
    public var isUnauthorized: Bool {
        if case .unauthorized = self { return true }
        return false
    }
    /// The cluster could not be reached at all.
    public var isUnreachable: Bool {
        if case .unreachable = self { return true }
        return false
    }
}

/// An error answer from the API server, with what was asked and of which object.
public struct APIFailure: Sendable, Hashable {
    /// The Status the server sent (or one made from the HTTP status when it sent none).
    public var status: KubeStatus
    /// The object concerned, when known.
    public var object: ObjectIdentity?
    /// The request: method and path, e.g. `PATCH /api/v1/namespaces/default/configmaps/x`.
    public var request: String
    /// The API server's URL.
    public var server: String

    /// A failure of `request` to `server`.
    public init(status: KubeStatus, object: ObjectIdentity?, request: String, server: String) {
        self.status = status
        self.object = object
        self.request = request
        self.server = server
    }

    var prefix: String { object.map { "\($0): " } ?? "\(request): " }
}

/// A kind that discovery did not find on the cluster.
public struct UnknownKind: Sendable, Hashable, CustomStringConvertible {
    /// The kind asked for.
    public var kind: GroupVersionKind
    /// The API server's URL.
    public var server: String
    /// Where the object was declared, when known (`manifests/widget.yaml:1:1`).
    public var source: String?
    /// The object, when known.
    public var object: ObjectIdentity?
    /// Versions of the same group the cluster does serve, if any.
    public var servedVersions: [String]

    /// A kind not served by the cluster at `server`.
    public init(kind: GroupVersionKind, server: String, source: String? = nil, object: ObjectIdentity? = nil,
                servedVersions: [String] = []) {
        self.kind = kind
        self.server = server
        self.source = source
        self.object = object
        self.servedVersions = servedVersions
    }

    /// `file:line:col: Kind/ns/name: Kind Widget (example.com/v1) is not served by ...: what to do`.
    public var description: String {
        var prefix = ""
        if let source { prefix += "\(source): " }
        if let object { prefix += "\(object): " }
        let what = "Kind \(kind.kind) (\(kind.apiVersion)) is not served by the cluster at \(server)"
        if !servedVersions.isEmpty {
            let group = kind.group.isEmpty ? "the core group" : kind.group
            return "\(prefix)\(what): \(group) is served as \(servedVersions.joined(separator: ", ")); change apiVersion"
        }
        return "\(prefix)\(what): install its CRD first, or check apiVersion and kind"
    }
}

/// A Kubernetes `Status`: what the server says about a failed request.
public struct KubeStatus: Sendable, Hashable {
    /// One reason a request was refused, e.g. one invalid field.
    public struct Cause: Sendable, Hashable {
        /// A machine-readable reason, e.g. `FieldValueInvalid`.
        public var reason: String
        /// The explanation.
        public var message: String
        /// The field concerned, e.g. `spec.replicas`.
        public var field: String

        /// A cause with these parts.
        public init(reason: String, message: String, field: String) {
            self.reason = reason
            self.message = message
            self.field = field
        }
    }

    /// The HTTP status code.
    public var code: Int
    /// The reason, e.g. `NotFound`, `Conflict`, `Invalid`; "" when the server gave none.
    public var reason: String
    /// The server's message.
    public var message: String
    /// The individual causes, e.g. each invalid field.
    public var causes: [Cause]
    /// The seconds the server asked to wait before retrying (`details.retryAfterSeconds` or `Retry-After`).
    public var retryAfterSeconds: Int?

    /// A status with these parts.
    public init(code: Int, reason: String, message: String, causes: [Cause] = [], retryAfterSeconds: Int? = nil) {
        self.code = code
        self.reason = reason
        self.message = message
        self.causes = causes
        self.retryAfterSeconds = retryAfterSeconds
    }

    /// The Status in an error body; when the body is not one (a proxy's HTML page, say),
    /// a status made from the HTTP code and the start of the text.
    public init(httpStatus: Int, body: [UInt8]) {
        if let json = try? JSONValue.parse(body), json["kind"]?.string == "Status" {
            self.init(status: json, httpStatus: httpStatus)
            return
        }
        let text = String(decoding: body.prefix(300), as: UTF8.self)
            .split(whereSeparator: \.isNewline).joined(separator: " ")
        self.init(code: httpStatus, reason: KubeStatus.defaultReason(httpStatus),
                  message: text.isEmpty ? KubeStatus.defaultReason(httpStatus) : text)
    }

    /// A Status object (as in a watch ERROR event).
    public init(status json: JSONValue, httpStatus: Int? = nil) {
        let code = json["code"]?.int.map(Int.init) ?? httpStatus ?? 500
        var causes: [Cause] = []
        for cause in json[path: ["details", "causes"]]?.array ?? [] {
            causes.append(Cause(reason: cause["reason"]?.string ?? "", message: cause["message"]?.string ?? "",
                                field: cause["field"]?.string ?? ""))
        }
        self.init(code: code, reason: json["reason"]?.string ?? "", message: json["message"]?.string ?? "",
                  causes: causes, retryAfterSeconds: json[path: ["details", "retryAfterSeconds"]]?.int.map(Int.init))
    }

    /// `reason`, or the usual one for the code when the server gave none.
    public var reasonOrDefault: String { reason.isEmpty ? KubeStatus.defaultReason(code) : reason }

    /// The message, with causes the message does not already list.
    public var fullMessage: String {
        let missing = causes.filter { !$0.message.isEmpty && !message.contains($0.message) }
        let listed = missing.map { $0.field.isEmpty ? $0.message : "\($0.field): \($0.message)" }
        if message.isEmpty { return listed.isEmpty ? reasonOrDefault : listed.joined(separator: "; ") }
        return listed.isEmpty ? message : "\(message); \(listed.joined(separator: "; "))"
    }

    static func defaultReason(_ code: Int) -> String {
        switch code {
        case 400: return "BadRequest"
        case 401: return "Unauthorized"
        case 403: return "Forbidden"
        case 404: return "NotFound"
        case 405: return "MethodNotAllowed"
        case 409: return "Conflict"
        case 410: return "Expired"
        case 415: return "UnsupportedMediaType"
        case 422: return "Invalid"
        case 429: return "TooManyRequests"
        case 500: return "InternalError"
        case 503: return "ServiceUnavailable"
        case 504: return "Timeout"
        default: return "HTTP \(code)"
        }
    }
}
