import FerryTesting
import Foundation

/// A small real HTTP/1.1 server (python3's standard library, keep-alive on) whose answers
/// a test chooses, for what the local cluster cannot be made to do on demand: 429 and 5xx
/// with or without Retry-After, and watch streams ending in an ERROR event.
///
/// - `GET /script/NAME?codes=503,503,200&retryAfter=1`: the n-th request to NAME answers
///   the n-th code (the last one repeats), error codes with a Status body;
/// - `GET /api/v1`: discovery with `configmaps` (namespaced);
/// - `POST /api/v1/namespaces/default/configmaps`: always 503 without Retry-After;
/// - `GET .../configmaps?watch=true`: an ADDED event split over two chunks, then ERROR 410;
/// - `GET .../configmaps`: a list of one ConfigMap at resourceVersion 5;
/// - `GET /stats`: `{"connections": N, "requests": {"path": count}}`;
/// - `GET /stall-body`: a 200 head announcing 100 bytes, 12 of them, then silence;
/// - `PATCH` of any path: an echo of the request (content type, query, path, body) as JSON,
///   or, for a name `not-json`, a 200 HTML page.
final class ScriptedServer: @unchecked Sendable {
    // Set once at start; stop() runs from the test's own task.
    private let process: Process
    let port: Int
    var url: String { "http://127.0.0.1:\(port)" }

    static let script = #"""
        import http.server, json, sys, time, urllib.parse
        connections = set()
        requests = {}
        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            def log_message(self, *args): pass
            def reply(self, code, obj, headers=None):
                body = json.dumps(obj).encode()
                self.send_response(code)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                for name, value in (headers or {}).items(): self.send_header(name, value)
                self.end_headers()
                self.wfile.write(body)
            def status(self, code, retry_after=None):
                headers = {"Retry-After": retry_after} if retry_after is not None else {}
                self.reply(code, {"kind": "Status", "apiVersion": "v1", "status": "Failure", "code": code,
                                  "reason": "Scripted", "message": "scripted %d" % code}, headers)
            def chunk(self, data):
                self.wfile.write(b"%x\r\n%s\r\n" % (len(data), data))
                self.wfile.flush()
            def handle_one_request(self):
                connections.add(self.client_address)
                super().handle_one_request()
            def do_POST(self):
                length = int(self.headers.get("Content-Length", "0"))
                self.rfile.read(length)
                requests[self.path] = requests.get(self.path, 0) + 1
                self.status(503)
            def do_PATCH(self):
                length = int(self.headers.get("Content-Length", "0"))
                body = self.rfile.read(length)
                url = urllib.parse.urlparse(self.path)
                requests[url.path] = requests.get(url.path, 0) + 1
                if url.path.endswith("/not-json"):
                    page = b"<html>not an API server</html>"
                    self.send_response(200)
                    self.send_header("Content-Type", "text/html")
                    self.send_header("Content-Length", str(len(page)))
                    self.end_headers()
                    self.wfile.write(page)
                    return
                self.reply(200, {"kind": "Echo", "contentType": self.headers.get("Content-Type"),
                                 "query": urllib.parse.parse_qs(url.query), "path": url.path,
                                 "body": body.decode("utf-8", "replace")})
            def do_GET(self):
                url = urllib.parse.urlparse(self.path)
                query = urllib.parse.parse_qs(url.query)
                requests[url.path] = requests.get(url.path, 0) + 1
                if url.path == "/stats":
                    return self.reply(200, {"connections": len(connections), "requests": requests})
                if url.path.startswith("/script/"):
                    codes = [int(c) for c in query["codes"][0].split(",")]
                    code = codes[min(requests[url.path], len(codes)) - 1]
                    if code == 200: return self.reply(200, {"ok": True, "attempt": requests[url.path]})
                    return self.status(code, query.get("retryAfter", [None])[0])
                if url.path == "/stall-body":
                    self.send_response(200)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", "100")
                    self.end_headers()
                    self.wfile.write(b'{"partial": ')
                    self.wfile.flush()
                    time.sleep(600)
                    return
                if url.path == "/api/v1":
                    return self.reply(200, {"kind": "APIResourceList", "groupVersion": "v1", "resources": [
                        {"name": "configmaps", "kind": "ConfigMap", "namespaced": True, "verbs": ["get", "list", "watch", "create"]}]})
                if url.path == "/api/v1/namespaces/default/configmaps" and query.get("watch") == ["true"]:
                    self.send_response(200)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Transfer-Encoding", "chunked")
                    self.end_headers()
                    event = json.dumps({"type": "ADDED", "object": {"apiVersion": "v1", "kind": "ConfigMap",
                        "metadata": {"name": "streamed", "resourceVersion": "7"}}}).encode() + b"\n"
                    self.chunk(event[:20]); time.sleep(0.05); self.chunk(event[20:])
                    self.chunk(json.dumps({"type": "ERROR", "object": {"kind": "Status", "apiVersion": "v1", "code": 410,
                        "reason": "Expired", "message": "too old resource version: 1 (7)"}}).encode() + b"\n")
                    self.wfile.write(b"0\r\n\r\n")
                    return
                if url.path == "/api/v1/namespaces/default/configmaps":
                    return self.reply(200, {"kind": "ConfigMapList", "apiVersion": "v1", "metadata": {"resourceVersion": "5"},
                                            "items": [{"metadata": {"name": "listed", "resourceVersion": "5"}}]})
                self.status(404)
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        print(server.server_address[1], flush=True)
        server.serve_forever()
        """#

    /// Whether python3 is there to run the server.
    static var isAvailable: Bool {
        (try? FerryTestingBridge.which("python3")) != nil
    }

    init() throws {
        process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", Self.script]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        try process.run()
        // The first line is the port the server bound.
        var line = Data()
        let reader = output.fileHandleForReading
        while !line.contains(0x0A) {
            let data = reader.availableData
            if data.isEmpty { break }
            line.append(data)
        }
        guard let port = Int(String(decoding: line, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)) else {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            throw TestFailure("the scripted server did not start")
        }
        self.port = port
    }

    func stop() {
        // SIGKILL: the child inherits this test process's signal mask, in which SIGTERM may be blocked.
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
    }

    deinit { stop() }

    /// Runs `body` with a server, stopped afterwards.
    static func with<T>(_ body: (ScriptedServer) async throws -> T) async throws -> T {
        let server = try await offThePool { try ScriptedServer() }
        let result: T
        do {
            result = try await body(server)
        } catch {
            _ = try? await offThePool { server.stop() }
            throw error
        }
        _ = try? await offThePool { server.stop() }
        return result
    }
}

/// Looking up programs without FerryTesting's process runner blocking on them.
enum FerryTestingBridge {
    static func which(_ name: String) throws -> String {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for directory in path.split(separator: ":") where FileManager.default.isExecutableFile(atPath: "\(directory)/\(name)") {
            return "\(directory)/\(name)"
        }
        throw TestFailure("\(name) not found")
    }
}
