import FerryKube
@testable import FerryKubeClient
import Foundation
import NIOCore
import NIOEmbedded
import NIOHTTP1
import Testing

/// The per-request shortcuts of the client give what the plain way gives: the syntax check
/// never promises a parse that fails, a write's object parsed later equals the answer,
/// names are encoded the same, and a held flush is released by the body.
@Suite("Request path")
struct RequestPathTests {
    // MARK: JSON syntax check

    /// JSON texts the parser reads, shaped like API answers and around the check's limits.
    static let validTexts: [String] = [
        #"{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web","namespace":"default","resourceVersion":"12","managedFields":[{"manager":"ferry","operation":"Apply","fieldsV1":{"f:spec":{"f:replicas":{}}}}]},"spec":{"replicas":0}}"#,
        " { \"a\" : [ 1 , -2.5 , 3e2 , 0 , -0 , 1E-7 , true , false , null ] } \n\t",
        #"{"escaped":"quote \" slash \/ back \\ \b\f\n\r\t \u0041 \u003c\u00e9 \u2028","empty":"","nested":[[[]],{},[{}]]}"#,
        #"[]"#, #"{}"#, #""text""#, "42", "-0.5", "null",
        #"{"big":123456789012345678901234567890,"small":-9223372036854775808,"float":1.5e+10,"tiny":-2.5E-99}"#,
        String(repeating: "[", count: 100) + String(repeating: "]", count: 100),
    ]

    /// Texts the check leaves to the parser (which reads some of them and refuses others).
    static let uncertainTexts: [String] = [
        #"{"name":"café"}"#,                              // UTF-8 beyond ASCII
        #"{"emoji":"\ud83d\ude00"}"#,                      // a surrogate pair
        #"{"lone":"\udc00"}"#,                             // a lone surrogate (refused)
        "[1e999]",                                         // out of a double's range (refused)
        "[1.7976931348623157e308]",                        // a three-digit exponent
        "[1e400]", "[" + String(repeating: "9", count: 400) + "]",
        String(repeating: "[", count: 300) + String(repeating: "]", count: 300),
        String(repeating: "[", count: 600) + String(repeating: "]", count: 600),
        "{\"tab\":\"a\tb\"}",                              // a raw control character (refused)
        "", " ", "{", "}", "[1,]", "[,1]", #"{"a"}"#, #"{"a":}"#, #"{"a":1,}"#, #"{1:2}"#, "[01]", "[1.]", "[.5]",
        "[1e]", "[-]", "tru", "nul", "[true false]", "{} {}", #""unterminated"#, #"["\x"]"#, #"["\u12"]"#,
        "<html>not JSON</html>",
    ]

    @Test(arguments: validTexts)
    func answersOfAPIServersNeedNoParseNow(_ text: String) throws {
        #expect(JSONSyntaxCheck.certainlyParses(Array(text.utf8)))
        _ = try JSONValue.parse(text)
    }

    @Test(arguments: uncertainTexts)
    func rareOrBrokenTextsAreLeftToTheParser(_ text: String) {
        #expect(!JSONSyntaxCheck.certainlyParses(Array(text.utf8)))
    }

    @Test func theCheckNeverPromisesAParseThatFails() {
        // Every prefix and every one-byte change of varied texts: a promise must hold.
        var generator = SplitMix64(seed: 12)
        let replacements = Array("{}[],:\"\\0123456789.-+eEtrufalsn \u{7F}".utf8) + [0x00, 0x1F, 0xC3, 0xFF]
        var promised = 0
        for text in Self.validTexts + Self.uncertainTexts {
            let bytes = Array(text.utf8)
            var variants = (0...bytes.count).map { Array(bytes.prefix($0)) }
            for _ in 0..<200 where !bytes.isEmpty {
                var changed = bytes
                changed[Int(generator.next() % UInt64(bytes.count))] = replacements[Int(generator.next() % UInt64(replacements.count))]
                variants.append(changed)
            }
            for variant in variants where JSONSyntaxCheck.certainlyParses(variant) {
                promised += 1
                #expect((try? JSONValue.parse(variant)) != nil, "promised a parse of \(String(decoding: variant, as: UTF8.self))")
            }
        }
        #expect(promised > 100)
    }

    // MARK: Deferred parse of a write's answer

    @Test func aWritesObjectIsTheAnswerParsed() throws {
        for text in Self.validTexts + [#"{"name":"café","emoji":"\ud83d\ude00"}"#] {
            let bytes = Array(text.utf8)
            let result = WriteResult(answer: try DeferredJSON(parsing: bytes), statusCode: 201)
            #expect(result.object == (try JSONValue.parse(bytes)))
            #expect(result.object == (try JSONValue.parse(bytes)), "a second read gives the same value")
            #expect(result.created)
        }
    }

    @Test func anAnswerThatIsNotJSONFailsAtOnce() {
        #expect(throws: JSONParseError.self) { try DeferredJSON(parsing: Array("<html>not JSON</html>".utf8)) }
        #expect(throws: JSONParseError.self) { try DeferredJSON(parsing: Array(#"{"lone":"\udc00"}"#.utf8)) }
    }

    @Test func aWritesObjectCanBeChanged() throws {
        var result = WriteResult(answer: try DeferredJSON(parsing: Array(#"{"a":"1"}"#.utf8)), statusCode: 200)
        let copy = result
        result.object["b"] = "2"
        #expect(result.object == ["a": "1", "b": "2"])
        #expect(copy.object == ["a": "1"], "a copy keeps its own value")
    }

    // MARK: Names in paths and queries

    @Test(arguments: ["web-1", "kube-system", "a.b_c~d", "ferry-bench", "x/y", "a b", "café", "app in (a,b),tier!=db", "50%", "", "a;b?c#d"])
    func namesAreEncodedAsFoundationEncodesThem(_ text: String) {
        let unreserved = CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~")
        let segmentAllowed = CharacterSet.urlPathAllowed.subtracting(CharacterSet(charactersIn: "/;?#"))
        #expect(ServerEndpoint.encode(text) == text.addingPercentEncoding(withAllowedCharacters: unreserved))
        #expect(ServerEndpoint.segment(text) == text.addingPercentEncoding(withAllowedCharacters: segmentAllowed))
    }

    // MARK: Flushes

    @Test func aHeadWithABodyWaitsForTheBody() {
        var hold = FlushHold()
        #expect(hold.passesFlush)
        hold.wrote(.head(announcesBody: true))
        #expect(!hold.passesFlush, "the head alone is not flushed")
        hold.wrote(.bodyOrEnd)
        #expect(hold.passesFlush, "the body's flush sends both")
        hold.wrote(.head(announcesBody: false))
        #expect(hold.passesFlush, "a GET is flushed at once")
    }

    @Test func aHeadThatFillsTheChannelIsFlushedAtOnce() throws {
        let channel = EmbeddedChannel(handler: RequestFlushCoalescer())
        defer { _ = try? channel.finish() }
        let head = HTTPRequestHead(version: .http1_1, method: .PATCH, uri: "/api/v1/namespaces/a/configmaps/b",
                                   headers: ["Content-Length": "10"])
        channel.write(HTTPClientRequestPart.head(head), promise: nil)
        channel.flush()
        #expect(try channel.readOutbound(as: HTTPClientRequestPart.self) == nil, "held while the body can follow")
        // Past the high watermark the client waits for the channel to drain before it
        // writes the body: holding the flush then would hold both forever.
        channel.isWritable = false
        channel.flush()
        #expect(try channel.readOutbound(as: HTTPClientRequestPart.self) != nil, "an unwritable channel gets its flush")
    }

    @Test func aHeadAnnouncesABodyByItsFraming() {
        #expect(FlushHold.announcesBody(contentLength: "1954", transferEncoding: false))
        #expect(!FlushHold.announcesBody(contentLength: "0", transferEncoding: false))
        #expect(!FlushHold.announcesBody(contentLength: nil, transferEncoding: false))
        #expect(FlushHold.announcesBody(contentLength: nil, transferEncoding: true))
    }
}

/// Requests through a real HTTP server: the wire is unchanged, and slow or broken answers fail as before.
@Suite("Request path on the wire", .enabled(if: ScriptedServer.isAvailable, "needs python3"))
struct RequestWireTests {
    func run(timeout: Duration = .seconds(10), _ body: (KubeClient) async throws -> Void) async throws {
        let options = testOptions(retries: 0, timeout: timeout)
        try await ScriptedServer.with { server in
            try await withClient(ClusterConfig(server: server.url, source: "scripted server"), options: options, body)
        }
    }

    static let configMap: JSONValue = [
        "apiVersion": "v1", "kind": "ConfigMap",
        "metadata": ["name": "echo", "namespace": "default"], "data": ["a": "1", "quote": "say \"hi\""],
    ]

    @Test func anApplySendsTheSameRequest() async throws {
        try await run { client in
            let result = try await client.apply(Self.configMap, fieldManager: "ferry", force: true)
            #expect(result.statusCode == 200)
            #expect(result.object["contentType"] == "application/apply-patch+yaml")
            #expect(result.object["path"] == "/api/v1/namespaces/default/configmaps/echo")
            #expect(result.object["query"] == ["fieldManager": ["ferry"], "force": ["true"]])
            #expect(result.object["body"]?.string == String(decoding: Self.configMap.serialized(), as: UTF8.self))
        }
    }

    @Test func anApplyAnsweredWithoutJSONFails() async throws {
        var object = Self.configMap
        object[path: ["metadata", "name"]] = "not-json"
        try await run { client in
            do {
                _ = try await client.apply(object, fieldManager: "ferry")
                Issue.record("an HTML answer was accepted")
            } catch let error as KubeError {
                guard case .invalidResponse(_, let request, let reason) = error else { throw error }
                #expect(request == "PATCH /api/v1/namespaces/default/configmaps/not-json")
                #expect(reason.hasPrefix("the body is not JSON: invalid JSON at byte 0"))
            }
        }
    }

    @Test func aBodyThatStopsComingTimesOut() async throws {
        // The server never sends the rest of the body: only the request timeout ends the wait.
        try await run(timeout: .milliseconds(500)) { client in
            do {
                _ = try await client.getRaw("/stall-body")
                Issue.record("a truncated body was accepted")
            } catch let error as KubeError {
                guard case .unreachable(_, let reason) = error else { throw error }
                #expect(reason.contains("no complete answer within"))
            }
        }
    }
}
