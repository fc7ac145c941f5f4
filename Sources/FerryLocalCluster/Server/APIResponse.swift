import Foundation
import FerryKube
import FerryYAML
import Hummingbird

/// Building responses: JSON (or YAML) bodies with a Content-Length, and `Status`
/// objects for every error.
enum APIResponse {
    static func json(_ value: JSONValue, status: HTTPResponse.Status = .ok, contentType: String = "application/json") -> Response {
        bytes(value.serialized(), status: status, contentType: contentType)
    }

    /// An object or list in the negotiated format. Tables are chosen by the caller;
    /// here `.table` falls back to JSON.
    static func encoded(_ value: JSONValue, format: ResponseFormat, status: HTTPResponse.Status = .ok) -> Response {
        switch format {
        case .yaml: return bytes(Array(YAML.emit(value.yamlNode()).utf8), status: status, contentType: "application/yaml")
        case .table(let version):
            return json(value, status: status, contentType: "application/json;as=Table;v=\(version);g=meta.k8s.io")
        case .json: return json(value, status: status)
        }
    }

    /// `Warning: 299 - "..."` headers, one per warning, as the API server sends them.
    static func withWarnings(_ response: Response, _ warnings: ResponseWarnings) -> Response {
        var response = response
        for message in warnings.all {
            let quoted = message.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            response.headers.append(HTTPFields.Element(name: warningHeader, value: "299 - \"\(quoted)\""))
        }
        return response
    }

    private static let warningHeader = HTTPFields.Element.Name("Warning")!

    static func error(_ error: APIError) -> Response {
        json(error.status, status: HTTPResponse.Status(code: error.code))
    }

    static func text(_ text: String, status: HTTPResponse.Status = .ok) -> Response {
        bytes(Array(text.utf8), status: status, contentType: "text/plain; charset=utf-8")
    }

    static func bytes(_ bytes: [UInt8], status: HTTPResponse.Status, contentType: String) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = contentType
        headers[.cacheControl] = "no-cache, private"
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: bytes)))
    }

    /// `the server could not find the requested resource`: an unknown path, group
    /// version or resource.
    static let notFound = APIError(code: 404, reason: "NotFound", message: "the server could not find the requested resource", details: [:])

    /// `the server does not allow this method on the requested resource`.
    static let methodNotAllowed = APIError.methodNotAllowed("the server does not allow this method on the requested resource")

    static func notAcceptable(_ accept: String) -> APIError {
        APIError(code: 406, reason: "NotAcceptable",
                 message: "only the following media types are accepted: application/json, application/yaml, application/json;as=Table;v=v1;g=meta.k8s.io (got \(accept))")
    }
}
