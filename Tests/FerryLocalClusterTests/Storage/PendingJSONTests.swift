import FerryKube
import Foundation
import Testing
@testable import FerryLocalCluster

/// The store encodes a write before its resourceVersion is known and splices the
/// version's digits in under its lock: the result must be byte for byte what encoding
/// the object with that version gives.
@Suite("JSON encoded before its resourceVersion")
struct PendingJSONTests {
    /// `object` with `metadata.resourceVersion` set to `version`.
    private func withVersion(_ object: JSONValue, _ version: String) -> JSONValue {
        var object = object
        object[path: ["metadata", "resourceVersion"]] = .string(version)
        return object
    }

    private func expectSplicedEqualsEncoded(_ object: JSONValue, sourceLocation: Testing.SourceLocation = #_sourceLocation) {
        let pending = PendingJSON(encoding: withVersion(object, ""))
        #expect(pending.slot != nil, "no slot found in \(pending.bytes.count) bytes", sourceLocation: sourceLocation)
        // The place the writer marked is the one a search of the text finds.
        #expect(pending.slot == PendingJSON.slot(in: pending.bytes), sourceLocation: sourceLocation)
        for version in ["1", "42", "9007199254740993"] {
            #expect(pending.filled(with: version) == withVersion(object, version).serialized(), sourceLocation: sourceLocation)
        }
        // Encoded as a new version of a stored one, whose JSON it copies from: the same bytes.
        let stored = withVersion(object, "7")
        let again = PendingJSON(encoding: withVersion(object, ""),
                                earlier: ObjectStore.StoredObject(object: stored, json: stored.serialized()))
        #expect(again.filled(with: "8") == withVersion(object, "8").serialized(), sourceLocation: sourceLocation)
    }

    @Test("decoys before and inside metadata are skipped: equal keys elsewhere, quoted and escaped text")
    func decoys() {
        let decoy: JSONValue = ["metadata": ["resourceVersion": ""], "resourceVersion": ""]
        expectSplicedEqualsEncoded([
            "apiVersion": "v1", "kind": "ConfigMap",
            // Sorted before "metadata": a nested metadata.resourceVersion, and text that looks like one.
            "aaa": decoy,
            "data": ["metadata": #"{"resourceVersion":""}"#, "quote\"key": "back\\slash\\", "resourceVersion": ""],
            "metadata": [
                "annotations": ["a": #"\"metadata\":{\"resourceVersion\":\"\"}"#, "resourceVersion": ""],
                "labels": ["app": "web"], "name": "web", "namespace": "default",
                "ownerReferences": [["kind": "Deployment", "name": "x", "resourceVersion": "", "uid": "u"]],
                "generation": 3, "deletionGracePeriodSeconds": JSONValue.null, "finalizers": [],
            ],
            "spec": decoy, "status": ["ready": true, "ratio": 0.5, "nested": [[[], [:], JSONValue.null, false, -12]]],
        ])
    }

    @Test("objects of every shape: metadata first, last, alone, with unicode and control characters")
    func shapes() {
        expectSplicedEqualsEncoded(["metadata": [:]])
        expectSplicedEqualsEncoded(["metadata": ["zzz": "last after resourceVersion"], "zzz": [1, 2, 3]])
        expectSplicedEqualsEncoded(["a": "\u{1}\n\t\"", "metadata": ["name": "ünï-cødé ✓ 🚀", "uid": "é\"\\"], "z": JSONValue.null])
        expectSplicedEqualsEncoded(["metadata": ["a": ["b": ["c": [["d": "}]"]]]], "b": "{[", "c": 1e300]])
    }

    @Test("randomly built objects splice to exactly their encoding")
    func generated() {
        var generator = SplitMix64(seed: 12)
        for _ in 0..<300 {
            var object = randomValue(depth: 0, using: &generator).object ?? [:]
            var metadata = randomValue(depth: 1, using: &generator).object ?? [:]
            metadata["name"] = .string(randomString(using: &generator))
            object["metadata"] = .object(metadata)
            expectSplicedEqualsEncoded(JSONValue.object(object))
        }
    }

    @Test("without a metadata.resourceVersion member there is no slot, and the store encodes again")
    func noSlot() {
        #expect(PendingJSON(encoding: ["metadata": ["name": "a"]]).slot == nil)
        #expect(PendingJSON(encoding: ["metadata": ["resourceVersion": "7"]]).slot == nil)
        #expect(PendingJSON(encoding: ["spec": ["metadata": ["resourceVersion": ""]]]).slot == nil)
        #expect(PendingJSON(encoding: .array([["metadata": ["resourceVersion": ""]]])).slot == nil)
        #expect(PendingJSON(encoding: ["metadata": [["resourceVersion": ""]]]).slot == nil)
        #expect(PendingJSON(encoding: ["metadata": ["name": "a"]]).filled(with: "1") == nil)
        // Cut short anywhere, a search ends without reading past the end.
        let bytes = (["metadata": ["a": "x\\\"y", "resourceVersion": ""]] as JSONValue).serialized()
        for end in 0..<bytes.count { _ = PendingJSON.slot(in: Array(bytes[..<end])) }
    }

    private func randomString(using generator: inout SplitMix64) -> String {
        let pieces = ["a", "Z", "9", "-", "\"", "\\", "\n", "é", "🚀", "{", "}", "[", "]", ":", ",", "metadata", "resourceVersion", ""]
        return (0..<Int.random(in: 0...6, using: &generator)).map { _ in pieces.randomElement(using: &generator) ?? "" }.joined()
    }

    private func randomValue(depth: Int, using generator: inout SplitMix64) -> JSONValue {
        let choice = depth > 3 ? Int.random(in: 0...4, using: &generator) : Int.random(in: 0...6, using: &generator)
        switch choice {
        case 0: return .null
        case 1: return .bool(Bool.random(using: &generator))
        case 2: return .int(Int64.random(in: -1_000_000...1_000_000, using: &generator))
        case 3: return .double(Double(Int.random(in: -1000...1000, using: &generator)) / 8)
        case 4: return .string(randomString(using: &generator))
        case 5: return .array((0..<Int.random(in: 0...3, using: &generator)).map { _ in randomValue(depth: depth + 1, using: &generator) })
        default:
            var members: [String: JSONValue] = [:]
            for _ in 0..<Int.random(in: 0...5, using: &generator) {
                members[randomString(using: &generator)] = randomValue(depth: depth + 1, using: &generator)
            }
            return .object(members)
        }
    }
}
