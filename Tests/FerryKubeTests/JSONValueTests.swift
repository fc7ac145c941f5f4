@testable import FerryKube
import FerryYAML
import Testing

@Suite("JSONValue serialisation and parsing")
struct JSONValueTests {
    @Test("serialised output equals a plain reference encoder and parses back to the value")
    func serializedMatchesReference() throws {
        var random = SplitMix64(seed: 0x5EED_1234)
        for round in 0..<3000 {
            let value = Self.value(&random, depth: 0)
            let bytes = value.serialized()
            let expected = Self.reference(value)
            #expect(String(decoding: bytes, as: UTF8.self) == expected, "round \(round)")
            #expect(try JSONValue.parse(bytes) == Self.reparsed(value), "round \(round)")
            // write(to:) appends the same bytes after what is there.
            var appended: [UInt8] = [0x20]
            value.write(to: &appended)
            #expect(appended == [0x20] + bytes, "round \(round)")
        }
    }

    @Test("a new version written reusing the earlier version's JSON gives the bytes of serialized()")
    func reusingEarlierJSON() {
        var random = SplitMix64(seed: 0x5EED_7E05)
        var reused = 0
        for round in 0..<3000 {
            let earlier: JSONValue = .object((0..<Int(1 + random.next() % 8)).reduce(into: [:]) { members, _ in
                members[Self.key(&random)] = Self.value(&random, depth: 1)
            })
            let later = Self.changed(earlier, &random, depth: 0)
            let earlierJSON = earlier.serialized()
            let bytes = later.serialized(reusing: earlier, encodedAs: earlierJSON)
            #expect(bytes == later.serialized(), "round \(round)")
            if later != earlier, later.object?.values.contains(where: { value in
                earlier.object?.values.contains { JSONValue.sharesStorage($0, value) } == true
            }) == true { reused += 1 }
        }
        // The rounds exercise sharing, not only fresh values.
        #expect(reused > 500)
    }

    /// A later version of `value`: each member of an object kept as it is (sharing its
    /// storage), replaced, removed, or changed in place member by member; new members added.
    static func changed(_ value: JSONValue, _ random: inout SplitMix64, depth: Int) -> JSONValue {
        guard case .object(var members) = value else {
            return random.next() % 3 == 0 ? Self.value(&random, depth: depth + 1) : value
        }
        for key in Array(members.keys) {
            switch random.next() % 6 {
            case 0: members[key] = Self.value(&random, depth: depth + 1)
            case 1: members[key] = nil
            case 2, 3: members[key] = changed(members[key]!, &random, depth: depth + 1)
            default: break
            }
        }
        if random.next() % 3 == 0 { members[Self.key(&random)] = Self.value(&random, depth: depth + 1) }
        return .object(members)
    }

    @Test("the parser reads text with white space and escapes written differently")
    func parsesReferenceTextWithSpacing() throws {
        var random = SplitMix64(seed: 0xABCD_0042)
        for round in 0..<1000 {
            let value = Self.value(&random, depth: 0)
            let text = Self.reference(value, spaced: &random)
            #expect(try JSONValue.parse(text) == Self.reparsed(value), "round \(round): \(text)")
        }
    }

    @Test("keys are written in the byte order of their UTF-8, as Go's encoding/json orders them")
    func keyOrderIsByteOrder() {
        let value: JSONValue = [
            "f:spec": 1, "f:metadata": 2, ".": 3, "k:{\"name\":\"api\"}": 4, "f:metadata.x": 5, "f:": 6,
            "app.kubernetes.io/name": 7, "app.kubernetes.io/component": 8, "Z": 9, "": 10, "\u{e9}": 11, "\u{7f}": 12,
        ]
        #expect(value.jsonText
            == #"{"":10,".":3,"Z":9,"app.kubernetes.io/component":8,"app.kubernetes.io/name":7,"f:":6,"f:metadata":2,"#
            + #""f:metadata.x":5,"f:spec":1,"k:{\"name\":\"api\"}":4,"\#u{7f}":12,"\#u{e9}":11}"#)
        // A key not in normal form C sorts by its bytes ("e" and a combining accent sort
        // before "f"), where String's `<` would compare its canonical form "é" (after "f").
        let decomposed: JSONValue = ["f": 1, "e\u{301}": 2]
        #expect(decomposed.jsonText == "{\"e\u{301}\":2,\"f\":1}")
    }

    @Test("strings escape quotes, backslashes and control characters, and nothing else", arguments: [
        ("plain", #""plain""#), ("", #""""#), ("a\"b\\c", #""a\"b\\c""#), ("line\nfeed\r\ttab", #""line\nfeed\r\ttab""#),
        ("\u{0}\u{1}\u{8}\u{c}\u{1f}\u{7f}", #""\u0000\u0001\u0008\u000c\u001f\#u{7f}""#),
        ("</script>&\u{2028}é😀/", "\"</script>&\u{2028}é😀/\""),
        ("eight..\"", #""eight..\"""#), ("sixteen bytes..\\", #""sixteen bytes..\\""#),
    ])
    func stringEscapes(_ text: String, _ expected: String) throws {
        #expect(JSONValue.string(text).jsonText == expected)
        #expect(try JSONValue.parse(expected) == .string(text))
    }

    @Test("integers are written in full, doubles in their shortest form", arguments: [
        (JSONValue.int(0), "0"), (.int(-1), "-1"), (.int(7), "7"), (.int(10), "10"), (.int(1_000_000), "1000000"),
        (.int(Int64.max), "9223372036854775807"), (.int(Int64.min), "-9223372036854775808"),
        (.double(0.5), "0.5"), (.double(-2.25), "-2.25"), (.double(1e21), "1e+21"), (.double(3), "3"),
    ])
    func numbers(_ value: JSONValue, _ expected: String) {
        #expect(value.jsonText == expected)
    }

    @Test("numbers parse to integers when they are integers that fit 64 bits", arguments: [
        ("0", JSONValue.int(0)), ("-0", .int(0)), ("42", .int(42)), ("-9223372036854775808", .int(Int64.min)),
        ("9223372036854775807", .int(Int64.max)), ("9223372036854775808", .double(9.223372036854775808e18)),
        ("-9223372036854775809", .double(-9.223372036854775809e18)), ("1.0", .double(1)), ("1e2", .double(100)),
        ("0.5e-3", .double(0.0005)), ("123456789012345678901234567890", .double(1.2345678901234568e29)),
    ])
    func parsedNumbers(_ text: String, _ expected: JSONValue) throws {
        #expect(try JSONValue.parse(text) == expected)
    }

    @Test("strings parse escapes, surrogate pairs and UTF-8")
    func parsedStrings() throws {
        #expect(try JSONValue.parse(#"{"a":"\u00e9\ud83d\ude00\/\b\f\n\r\t\"\\","b":"é€😀"}"#)
            == ["a": "é😀/\u{8}\u{c}\n\r\t\"\\", "b": "é€😀"])
        #expect(try JSONValue.parse(#"{"a":1,"a":2}"#) == ["a": 2])
        #expect(try JSONValue.parse("  [ ]  ") == [])
        #expect(try JSONValue.parse("{ }") == [:])
    }

    /// Invalid texts and what the parser says of each.
    static let refusals: [([UInt8], String)] = [
        (Array(#"{"a":1,}"#.utf8), "invalid JSON at byte 7: expected a string key"),
        (Array(#"{"a" 1}"#.utf8), "invalid JSON at byte 5: expected ':' after a key"),
        (Array("{1:2}".utf8), "invalid JSON at byte 1: expected a string key"),
        (Array("[1,2".utf8), "invalid JSON at byte 4: unexpected end of input in an array"),
        (Array("[1 2]".utf8), "invalid JSON at byte 3: expected ',' or ']' in an array"),
        (Array(#"{"a":1"#.utf8), "invalid JSON at byte 6: unexpected end of input in an object"),
        (Array(#"{"a":1]"#.utf8), "invalid JSON at byte 6: expected ',' or '}' in an object"),
        (Array(#""abc"#.utf8), "invalid JSON at byte 4: unterminated string"),
        (Array(#""a\qb""#.utf8), #"invalid JSON at byte 4: invalid escape '\q'"#),
        (Array(#""a\u12""#.utf8), #"invalid JSON at byte 4: short \u escape"#),
        (Array(#""a\u12G4""#.utf8), #"invalid JSON at byte 6: invalid hex digit in \u escape"#),
        (Array(#""\ud800""#.utf8), "invalid JSON at byte 7: unpaired surrogate in a string"),
        (Array(#""\ud800\u0041""#.utf8), "invalid JSON at byte 13: unpaired surrogate in a string"),
        (Array(#""\udc00""#.utf8), "invalid JSON at byte 7: unpaired surrogate in a string"),
        (Array("\"a\tb\"".utf8), "invalid JSON at byte 2: control character in a string"),
        (Array("\"a\\n\u{1}\"".utf8), "invalid JSON at byte 4: control character in a string"),
        (Array("tru".utf8), "invalid JSON at byte 0: unexpected end of input"),
        (Array("trux".utf8), "invalid JSON at byte 0: invalid literal"),
        (Array("-".utf8), "invalid JSON at byte 1: invalid number"),
        (Array("-a".utf8), "invalid JSON at byte 1: invalid number"),
        (Array("1.".utf8), "invalid JSON at byte 2: invalid number: no digits after '.'"),
        (Array("1e+".utf8), "invalid JSON at byte 3: invalid number: no digits in the exponent"),
        (Array("01".utf8), "invalid JSON at byte 1: unexpected data after the value"),
        (Array(#"{"a":[}"#.utf8), "invalid JSON at byte 6: unexpected character '}'"),
        (Array("1e400".utf8), "invalid JSON at byte 5: number out of range"),
        (Array("".utf8), "invalid JSON at byte 0: unexpected end of input"),
        ([0x22, 0xC3, 0x22], "invalid JSON at byte 3: invalid UTF-8 in a string"),
        ([0x22, 0x61, 0xE2, 0x82, 0x22], "invalid JSON at byte 5: invalid UTF-8 in a string"),
        ([0x22, 0x5C, 0x6E, 0xC3, 0xA9, 0xFF, 0x22], "invalid JSON at byte 7: invalid UTF-8 in a string"),
        (Array(repeating: UInt8(ascii: "["), count: 600), "invalid JSON at byte 513: nesting deeper than 512 levels"),
        (Array(#"{"a":[{"b":["x","y",{"c":"#.utf8), "invalid JSON at byte 25: unexpected end of input"),
    ]

    @Test("invalid text is refused with the byte offset and the reason", arguments: refusals)
    func refused(_ bytes: [UInt8], _ message: String) {
        do {
            let value = try JSONValue.parse(bytes)
            Issue.record("parsed as \(value.jsonText)")
        } catch {
            #expect(error.description == message)
        }
    }

    // MARK: Generated values and the reference encoder

    /// The value a parse of the serialised form gives: a double printed without fraction or
    /// exponent (a whole number below 1e21, in its shortest digits) reads back as an integer
    /// when it fits 64 bits.
    static func reparsed(_ value: JSONValue) -> JSONValue {
        switch value {
        case .double(let number):
            if let integer = Int64(YAMLNode.formatFloat(number)) { return .int(integer) }
            return value
        case .array(let items): return .array(items.map(reparsed))
        case .object(let members): return .object(members.mapValues(reparsed))
        default: return value
        }
    }

    /// Straightforward JSON: keys sorted by their UTF-8 bytes, RFC 8259 escapes, optional
    /// white space around every token.
    static func reference(_ value: JSONValue) -> String {
        var none: SplitMix64? = nil
        return reference(value, spacing: &none)
    }

    static func reference(_ value: JSONValue, spaced random: inout SplitMix64) -> String {
        var spacing: SplitMix64? = random
        defer { random = spacing ?? random }
        return reference(value, spacing: &spacing)
    }

    private static func reference(_ value: JSONValue, spacing: inout SplitMix64?) -> String {
        func space() -> String {
            guard var random = spacing else { return "" }
            defer { spacing = random }
            return [" ", "\n", "\t", "\r", "", ""][Int(random.next() % 6)]
        }
        switch value {
        case .null: return "null"
        case .bool(let flag): return flag ? "true" : "false"
        case .int(let number): return String(number)
        case .double(let number): return YAMLNode.formatFloat(number)
        case .string(let text): return quoted(text)
        case .array(let items):
            return "[" + space() + items.map { reference($0, spacing: &spacing) + space() }.joined(separator: "," + space()) + "]"
        case .object(let members):
            let sorted = members.sorted { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }
            return "{" + space() + sorted.map { key, member in
                quoted(key) + space() + ":" + space() + reference(member, spacing: &spacing) + space()
            }.joined(separator: "," + space()) + "}"
        }
    }

    static func quoted(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\u{0}"..."\u{1f}":
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }

    static func value(_ random: inout SplitMix64, depth: Int) -> JSONValue {
        let choice = random.next() % (depth >= 5 ? 6 : 9)
        switch choice {
        case 0: return .null
        case 1: return .bool(random.next() % 2 == 0)
        case 2: return .int(integer(&random))
        case 3: return .double(double(&random))
        case 4, 5: return .string(string(&random, maxLength: 40))
        case 6: return .array((0..<Int(random.next() % 6)).map { _ in value(&random, depth: depth + 1) })
        default:
            var members: [String: JSONValue] = [:]
            // Some objects large enough to take the stdlib sort rather than insertion sort.
            let count = random.next() % 8 == 0 ? Int(20 + random.next() % 40) : Int(random.next() % 9)
            for _ in 0..<count {
                let key = key(&random)
                members[key] = value(&random, depth: depth + 1)
            }
            return .object(members)
        }
    }

    static func integer(_ random: inout SplitMix64) -> Int64 {
        switch random.next() % 6 {
        case 0: return [0, 1, -1, 9, 10, -10, 99, 100, Int64.max, Int64.min, Int64.max - 1, Int64.min + 1][Int(random.next() % 12)]
        case 1: return Int64(bitPattern: random.next())
        case 2: return -Int64(random.next() % 1_000_000)
        default: return Int64(random.next() % 100_000)
        }
    }

    static func double(_ random: inout SplitMix64) -> Double {
        switch random.next() % 5 {
        case 0: return [0.5, -0.25, 1e-7, 1.5e300, -2.5e-300, 1e21, 123456.789, 3.0, -0.0, 1e20][Int(random.next() % 10)]
        case 1:
            let number = Double(bitPattern: random.next())
            return number.isFinite ? number : 1.25
        default: return Double(Int64(random.next() % 2_000_000) - 1_000_000) / 64
        }
    }

    /// Pieces that exercise each path of the writer: plain runs longer and shorter than a
    /// word, every escape, control characters, multi-byte UTF-8.
    static let pieces: [String] = [
        "a", "b", "Z", "0", " ", "/", "name", "app.kubernetes.io/", "f:", "k:{\"name\":\"api\"}", "\"", "\\", "\n", "\r",
        "\t", "\u{0}", "\u{1}", "\u{8}", "\u{c}", "\u{1b}", "\u{1f}", "\u{7f}", "é", "€", "😀", "日本", "\u{2028}", "<>&",
        "0123456789abcdef", "registry.example.com/bench/api:1.4.2",
    ]

    static func string(_ random: inout SplitMix64, maxLength: Int) -> String {
        var text = ""
        for _ in 0..<Int(random.next() % UInt64(maxLength / 4 + 1)) { text += pieces[Int(random.next() % UInt64(pieces.count))] }
        return text
    }

    /// Keys in normal form C (as every generated string is), mostly the ASCII ones of Kubernetes.
    static func key(_ random: inout SplitMix64) -> String {
        if random.next() % 3 == 0 { return string(&random, maxLength: 24) }
        let names = ["apiVersion", "kind", "metadata", "spec", "f:metadata", "f:spec", "f:labels", ".", "k:{\"name\":\"api\"}",
                     "app.kubernetes.io/name", "app.kubernetes.io/component", "app.kubernetes.io/part-of", "name", "value", ""]
        return names[Int(random.next() % UInt64(names.count))] + (random.next() % 2 == 0 ? "" : String(random.next() % 50))
    }
}
