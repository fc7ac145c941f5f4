import FerryYAML
import Testing

/// Input written to hurt: every case must end quickly in a clear error with a
/// position, never a crash, a hang or unbounded memory.
@Suite("Hostile input")
struct HostileInputTests {
    @Test("billion laughs fails at the alias that goes over the budget")
    func billionLaughs() {
        var yaml = "a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"
        let names = ["a", "b", "c", "d", "e", "f", "g", "h", "i"]
        for (previous, name) in zip(names, names.dropFirst()) {
            let aliases = Array(repeating: "*\(previous)", count: 9).joined(separator: ", ")
            yaml += "\(name): &\(name) [\(aliases)]\n"
        }
        // a: 10 nodes; b adds 9×10, c 9×91, d 9×820, e 9×7381: 74,718 so far. The first
        // *e in f adds 66,430 more, past 100,000.
        #expect(parseError(yaml)?.description
                == "6:8: alias *e at 6:8 expands the document past 100000 nodes from aliases "
                    + "(YAMLLimits alias expansion budget)")
    }

    @Test("the alias budget grows with the document's own size")
    func aliasBudgetScales() throws {
        // 2,000 own nodes allow 20,000 expanded ones; 3,000 aliases of a 10-node list are 30,000.
        var yaml = "base: &b [1, 2, 3, 4, 5, 6, 7, 8, 9]\nown: [" + Array(repeating: "0", count: 2000).joined(separator: ",")
        yaml += "]\nuses: [" + Array(repeating: "*b", count: 3000).joined(separator: ",") + "]\n"
        let tight = YAMLLimits(aliasExpansionMinimum: 1000, aliasExpansionFactor: 10)
        #expect(parseError(yaml, limits: tight)?.message.hasPrefix("alias *b at 3:") == true)
        let roomy = YAMLLimits(aliasExpansionMinimum: 1000, aliasExpansionFactor: 20)
        #expect(try YAML.parse(yaml, limits: roomy).first?.root["uses"]?.items?.count == 3000)
    }

    @Test("10,000-deep flow nesting fails at level 257, flow lists and flow mappings")
    func deepFlow() {
        let lists = String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000)
        #expect(parseError(lists)?.description == "1:257: nesting deeper than 256 levels at 1:257 (YAMLLimits.maxDepth)")
        let mappings = String(repeating: "{a: ", count: 10_000) + "1" + String(repeating: "}", count: 10_000)
        #expect(parseError(mappings)?.description
                == "1:1025: nesting deeper than 256 levels at 1:1025 (YAMLLimits.maxDepth)")
    }

    @Test("10,000-deep block nesting fails at level 257, block lists and block mappings")
    func deepBlock() {
        let lists = String(repeating: "- ", count: 10_000) + "x\n"
        #expect(parseError(lists)?.description == "1:513: nesting deeper than 256 levels at 1:513 (YAMLLimits.maxDepth)")

        // Each level one space deeper: about 50 MB, so this one raises the size limit.
        let depth = 10_000
        var bytes = [UInt8](repeating: UInt8(ascii: " "), count: depth * (depth - 1) / 2 + 3 * depth)
        var offset = 0
        for level in 0..<depth {
            offset += level
            bytes[offset] = UInt8(ascii: "k")
            bytes[offset + 1] = UInt8(ascii: ":")
            bytes[offset + 2] = UInt8(ascii: "\n")
            offset += 3
        }
        let limits = YAMLLimits(maxInputBytes: 64 << 20)
        #expect(parseError(bytes, limits: limits)?.description
                == "257:257: nesting deeper than 256 levels at 257:257 (YAMLLimits.maxDepth)")
    }

    @Test("nesting up to the limit is fine")
    func depthAtLimit() throws {
        let yaml = String(repeating: "[", count: 256) + String(repeating: "]", count: 256)
        #expect(try YAML.parse(yaml).count == 1)
        #expect(parseError(yaml, limits: YAMLLimits(maxDepth: 255))?.mark == YAMLMark(line: 1, column: 256))
    }

    @Test("a 50 MB input is rejected by its size before anything is parsed")
    func oversizedInput() {
        // Invalid from its first byte: only a size check can explain the message.
        var bytes = [UInt8](repeating: UInt8(ascii: "a"), count: 50 << 20)
        bytes[0] = 0xFF
        let error = parseError(bytes)
        #expect(error?.mark == nil)
        #expect(error?.description
                == "input is 52428800 bytes, over the limit of 33554432 bytes (YAMLLimits.maxInputBytes); it was not parsed")
        let text = String(repeating: "a", count: 1025)
        #expect(parseError(text, limits: YAMLLimits(maxInputBytes: 1024))?.message.hasPrefix("input is 1025 bytes") == true)
        #expect((try? YAML.parse(text, limits: YAMLLimits(maxInputBytes: 1024))) == nil)
    }

    static let utf8Cases: [([UInt8], String)] = [
        (Array("a: b\nc: dé".utf8) + [0xFF],
         "2:6: invalid UTF-8 at 2:6 (byte offset 11): invalid leading UTF-8 octet 0xFF"),
        (Array("k: ".utf8) + [0xC3, 0x28],
         "1:5: invalid UTF-8 at 1:5 (byte offset 4): invalid trailing UTF-8 octet 0x28"),
        (Array("k: v\n\n  ".utf8) + [0xE2, 0x82],
         "3:3: invalid UTF-8 at 3:3 (byte offset 8): incomplete UTF-8 octet sequence"),
        (Array("k: ".utf8) + [0xED, 0xA0, 0x80],
         "1:4: invalid UTF-8 at 1:4 (byte offset 3): invalid Unicode character U+D800"),
    ]

    @Test("invalid UTF-8 is reported at its line and column", arguments: utf8Cases)
    func invalidUTF8(_ bytes: [UInt8], _ expected: String) {
        #expect(parseError(bytes)?.description == expected)
    }

    @Test("invalid UTF-8 deep in a large input is found at its place")
    func invalidUTF8Late() {
        var bytes = Array(String(repeating: "key: value\n", count: 100_000).utf8)
        bytes[55_000 * 11 + 7] = 0xFF
        #expect(parseError(bytes)?.mark == YAMLMark(line: 55_001, column: 8))
    }

    @Test("control characters are named")
    func controlCharacters() {
        #expect(parseError("a: b\u{7}")?.description
                == "1:5: control character U+0007 at 1:5 (byte offset 4) is not allowed in YAML")
    }

    @Test("tabs used for indentation are reported as such", arguments: [
        ("a:\n\tb: 1\n", "2:1: tab character in indentation at 2:1; YAML allows only spaces"),
        ("a:\n  b:\n  \tc: 1\n", "3:3: tab character in indentation at 3:3; YAML allows only spaces"),
        ("- a\n-\tb\n", "2:2: tab character at 2:2 where YAML allows only spaces"),
    ])
    func tabs(_ yaml: String, _ expected: String) {
        #expect(parseError(yaml)?.description == expected)
    }

    @Test("tabs where YAML allows them are fine")
    func allowedTabs() throws {
        #expect(try root("a: b\tc")["a"]?.string == "b\tc")
        #expect(try root("a: \"x\ty\"\n")["a"]?.string == "x\ty")
        #expect(try root("a: [1,\t2]\n")["a"]?.items?.count == 2)
    }

    @Test("duplicate keys are rejected with both positions", arguments: [
        ("metadata:\n  name: a\n  labels: {}\n  name: b\n", "4:3: duplicate key \"name\" at 4:3, first defined at 2:3"),
        ("{a: 1, a: 2}", "1:8: duplicate key \"a\" at 1:8, first defined at 1:2"),
        ("1: a\n\"1\": b\n", "2:1: duplicate key \"1\" at 2:1, first defined at 1:1"),
        ("true: a\n\"true\": b\n", "2:1: duplicate key \"true\" at 2:1, first defined at 1:1"),
        ("~: a\nnull: b\n", "2:1: duplicate key \"null\" at 2:1, first defined at 1:1"),
        ("base: &b {x: 1}\nm:\n  <<: *b\n  w: 1\n  w: 2\n", "5:3: duplicate key \"w\" at 5:3, first defined at 4:3"),
        ("y: 1\non: 2\n", "2:1: duplicate key \"true\" at 2:1, first defined at 1:1"),
        ("\"a\\nb\": 1\n\"a\\nb\": 2\n", "2:1: duplicate key \"a\\nb\" at 2:1, first defined at 1:1"),
    ])
    func duplicateKeys(_ yaml: String, _ expected: String) {
        #expect(parseError(yaml)?.description == expected)
    }

    @Test("duplicates in large mappings are found too")
    func duplicateInLargeMapping() {
        let yaml = (0..<500).map { "key\($0): \($0)\n" }.joined() + "key250: again\n"
        #expect(parseError(yaml)?.description == "501:1: duplicate key \"key250\" at 501:1, first defined at 251:1")
    }

    @Test("keys are compared byte for byte, not by Unicode equivalence")
    func keysByBytes() throws {
        let node = try root("\"caf\\u00e9\": 1\n\"cafe\\u0301\": 2\n")
        #expect(node.entries?.count == 2)
    }

    @Test("merged keys that the mapping overrides are not duplicates")
    func mergeOverrideIsNotDuplicate() throws {
        let node = try root("b: &b {x: 1, w: 1}\nm: {x: 2, <<: *b, w: 3}\n")
        #expect(sameValue(try #require(node["m"]), map(("x", int(2)), ("w", int(3)))))
    }

    @Test("undefined and self-referencing aliases", arguments: [
        ("a: *nope\n", "1:4: undefined alias *nope at 1:4: no anchor &nope before it in this document"),
        ("a: *later\nb: &later 1\n", "1:4: undefined alias *later at 1:4: no anchor &later before it in this document"),
        ("a: &x [1, *x]\n", "1:11: alias *x at 1:11 refers to &x, which contains it"),
    ])
    func badAliases(_ yaml: String, _ expected: String) {
        #expect(parseError(yaml)?.description == expected)
    }

    @Test("collections cannot be mapping keys", arguments: [
        ("? [a]\n: b\n", "1:3: a list cannot be a mapping key (at 1:3); keys must be scalars"),
        ("{{a: 1}: b}", "1:2: a mapping cannot be a mapping key (at 1:2); keys must be scalars"),
        ("x: &m {a: 1}\n*m : b\n", "2:1: a mapping cannot be a mapping key (at 2:1); keys must be scalars"),
    ])
    func complexKeys(_ yaml: String, _ expected: String) {
        #expect(parseError(yaml)?.description == expected)
    }

    @Test("libyaml's syntax errors keep its problem, context and positions", arguments: [
        ("a: [b, c\n", "2:1: did not find expected ',' or ']' at 2:1 (while parsing a flow sequence at 1:4)"),
        ("a: b\n c: d\n", "2:3: mapping values are not allowed in this context at 2:3"),
        ("key: \"unterminated\n", "2:1: found unexpected end of stream at 2:1 (while scanning a quoted scalar at 1:6)"),
        ("a:\n  - b\n  c: d\n", "3:3: did not find expected '-' indicator at 3:3 (while parsing a block collection at 2:3)"),
    ])
    func syntaxErrors(_ yaml: String, _ expected: String) {
        #expect(parseError(yaml)?.description == expected)
    }
}
