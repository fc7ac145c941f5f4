import FerryYAML
import Testing

/// Each of ``YAMLResolver``'s rules for plain scalars, as Kubernetes (go-yaml v2) reads them.
@Suite("Plain scalar resolution")
struct ResolutionTests {
    struct Case: CustomTestStringConvertible, Sendable {
        let text: String
        let expected: YAMLNode
        init(_ text: String, _ expected: YAMLNode) {
            self.text = text
            self.expected = expected
        }
        var testDescription: String { "\(text.debugDescription) → \(show(expected))" }
    }

    static func check(_ cases: [Case], sourceLocation: SourceLocation = #_sourceLocation) {
        for item in cases {
            let resolved = YAMLNode(YAMLResolver.resolvePlain(item.text))
            #expect(sameValue(resolved, item.expected),
                    "\(item.text.debugDescription) resolved to \(show(resolved)), expected \(show(item.expected))",
                    sourceLocation: sourceLocation)
        }
    }

    @Test("1. null", arguments: [
        Case("", null), Case("~", null), Case("null", null), Case("Null", null), Case("NULL", null),
        Case("nULL", str("nULL")), Case("NuLL", str("NuLL")), Case("none", str("none")), Case("~~", str("~~")),
    ])
    func nulls(_ item: Case) { Self.check([item]) }

    @Test("2. booleans", arguments: [
        Case("y", bool(true)), Case("Y", bool(true)), Case("yes", bool(true)), Case("Yes", bool(true)),
        Case("YES", bool(true)), Case("true", bool(true)), Case("True", bool(true)), Case("TRUE", bool(true)),
        Case("on", bool(true)), Case("On", bool(true)), Case("ON", bool(true)),
        Case("n", bool(false)), Case("N", bool(false)), Case("no", bool(false)), Case("No", bool(false)),
        Case("NO", bool(false)), Case("false", bool(false)), Case("False", bool(false)),
        Case("FALSE", bool(false)), Case("off", bool(false)), Case("Off", bool(false)), Case("OFF", bool(false)),
        Case("yES", str("yES")), Case("tRUE", str("tRUE")), Case("oN", str("oN")), Case("ofF", str("ofF")),
        Case("yes!", str("yes!")), Case("nope", str("nope")), Case("t", str("t")), Case("f", str("f")),
    ])
    func booleans(_ item: Case) { Self.check([item]) }

    @Test("3. special floats", arguments: [
        Case(".nan", float(.nan)), Case(".NaN", float(.nan)), Case(".NAN", float(.nan)),
        Case(".inf", float(.infinity)), Case(".Inf", float(.infinity)), Case(".INF", float(.infinity)),
        Case("+.inf", float(.infinity)), Case("+.Inf", float(.infinity)), Case("+.INF", float(.infinity)),
        Case("-.inf", float(-.infinity)), Case("-.Inf", float(-.infinity)), Case("-.INF", float(-.infinity)),
        Case(".NAn", str(".NAn")), Case("-.nan", str("-.nan")), Case("inf", str("inf")), Case("nan", str("nan")),
        Case("Infinity", str("Infinity")), Case(".infinity", str(".infinity")),
    ])
    func specialFloats(_ item: Case) { Self.check([item]) }

    @Test("4. only digits, signs and dots start numbers", arguments: [
        Case("a1", str("a1")), Case("x0x1F", str("x0x1F")), Case("_1", str("_1")), Case(" 1", str(" 1")),
        Case("e3", str("e3")), Case("$1", str("$1")),
    ])
    func hints(_ item: Case) { Self.check([item]) }

    @Test("5. starting with a dot: Go's ParseFloat", arguments: [
        Case(".5", float(0.5)), Case(".5e3", float(500)), Case(".5E-1", float(0.05)), Case(".5_5", float(0.55)),
        Case(".5e1_0", float(0.5e10)), Case(".1e-400", float(0)),
        Case("._5", str("._5")), Case(".5_", str(".5_")), Case(".5__5", str(".5__5")), Case(".5e", str(".5e")),
        Case(".e5", str(".e5")), Case(".", str(".")), Case("..", str("..")), Case(".5.5", str(".5.5")),
        Case(".1e400", str(".1e400")), Case(".5e_3", str(".5e_3")), Case(".config", str(".config")),
    ])
    func dotFloats(_ item: Case) { Self.check([item]) }

    @Test("6.1 timestamps stay the text as written", arguments: [
        Case("2001-12-14", str("2001-12-14")),
        Case("2001-12-14T21:59:43.10Z", str("2001-12-14T21:59:43.10Z")),
        Case("2001-12-14t21:59:43.10-05:00", str("2001-12-14t21:59:43.10-05:00")),
        Case("2001-12-14 21:59:43.10", str("2001-12-14 21:59:43.10")),
        Case("2001-1-2", str("2001-1-2")),
        Case("2001-13-01", str("2001-13-01")),
        Case("2001-12-14 21:59:43.10 -5", str("2001-12-14 21:59:43.10 -5")),
    ])
    func timestamps(_ item: Case) { Self.check([item]) }

    @Test("6.2 integers: Go's ParseInt(s, 0, 64) after removing underscores", arguments: [
        Case("0", int(0)), Case("-0", int(0)), Case("+0", int(0)), Case("42", int(42)), Case("-42", int(-42)),
        Case("+42", int(42)), Case("1_000", int(1000)), Case("1__0", int(10)), Case("1_", int(1)),
        Case("0x1F", int(31)), Case("0X1f", int(31)), Case("-0x1F", int(-31)), Case("+0x1F", int(31)),
        Case("0x_1F", int(31)), Case("0o17", int(15)), Case("0O17", int(15)), Case("-0o17", int(-15)),
        Case("017", int(15)), Case("0755", int(493)), Case("-017", int(-15)), Case("00", int(0)),
        Case("0b101", int(5)), Case("0B101", int(5)), Case("-0b101", int(-5)),
        Case("9223372036854775807", int(.max)), Case("-9223372036854775808", int(.min)),
        Case("0x7FFFFFFFFFFFFFFF", int(.max)), Case("-0x8000000000000000", int(.min)),
    ])
    func integers(_ item: Case) { Self.check([item]) }

    @Test("6.3 unsigned 64-bit integers become the nearest float", arguments: [
        Case("9223372036854775808", float(9223372036854775808.0)),
        Case("18446744073709551615", float(18446744073709551615.0)),
        Case("0xFFFFFFFFFFFFFFFF", float(18446744073709551615.0)),
        Case("0b1111111111111111111111111111111111111111111111111111111111111111", float(18446744073709551615.0)),
    ])
    func unsignedIntegers(_ item: Case) { Self.check([item]) }

    @Test("6.4 floats: go-yaml's yamlStyleFloat, then ParseFloat", arguments: [
        Case("1.10", float(1.1)), Case("1e3", float(1000)), Case("1E3", float(1000)), Case("1e+3", float(1000)),
        Case("-1.5e-3", float(-0.0015)), Case("1.", float(1)), Case("+.5", float(0.5)), Case("-.5", float(-0.5)),
        Case("08", float(8)), Case("09", float(9)), Case("0.5", float(0.5)), Case("00.5", float(0.5)),
        Case("1_000.5", float(1000.5)), Case("-9223372036854775809", float(-9223372036854775809.0)),
        Case("18446744073709551616", float(18446744073709551616.0)), Case("1e-400", float(0)),
        Case("3.0", float(3)), Case("-0.0", float(-0.0)),
        Case("1e400", str("1e400")), Case("-1e400", str("-1e400")), Case("1.5e", str("1.5e")),
        Case("1e3.5", str("1e3.5")), Case("1.2.3", str("1.2.3")), Case("12:30", str("12:30")),
        Case("1,000", str("1,000")), Case("1e", str("1e")),
    ])
    func floats(_ item: Case) { Self.check([item]) }

    @Test("6.5 go-yaml's 0b fallback", arguments: [
        Case("0b+101", int(5)), Case("0b-101", int(-5)), Case("-0b-101", str("-0b-101")),
        Case("0b2", str("0b2")), Case("0b", str("0b")), Case("-0b", str("-0b")),
    ])
    func binaryFallback(_ item: Case) { Self.check([item]) }

    @Test("6.6 prefixed integers beyond 64 bits become the nearest float", arguments: [
        Case("0x10000000000000000", float(18446744073709551616.0)),
        Case("0o2000000000000000000000", float(18446744073709551616.0)),
        Case("0b1" + String(repeating: "0", count: 64), float(18446744073709551616.0)),
        Case("-0x10000000000000000", str("-0x10000000000000000")),
        Case("+0x10000000000000000", str("+0x10000000000000000")),
        Case("0x10000000000000000G", str("0x10000000000000000G")),
    ])
    func bigIntegers(_ item: Case) { Self.check([item]) }

    @Test("6.7 and 7. everything else is a string", arguments: [
        Case("abc", str("abc")), Case("0x", str("0x")), Case("0xG", str("0xG")), Case("+", str("+")),
        Case("-", str("-")), Case("1-2", str("1-2")), Case("123abc", str("123abc")), Case("<<", str("<<")),
        Case("nginx:1.25", str("nginx:1.25")), Case("100m", str("100m")), Case("1Gi", str("1Gi")),
        Case("日本語", str("日本語")), Case("1 2", str("1 2")),
    ])
    func strings(_ item: Case) { Self.check([item]) }

    @Test("the parser resolves plain scalars by these rules and keeps quoted ones strings")
    func parserUsesTheRules() throws {
        let node = try root("""
            - yes
            - 'yes'
            - "1.10"
            - 1.10
            - 0755
            - ''
            -
            - "null"
            - |
              yes
            - >-
              1.5
            """)
        let expected = seq(bool(true), str("yes"), str("1.10"), float(1.1), int(493), str(""), null,
                           str("null"), str("yes\n"), str("1.5"))
        #expect(sameValue(node, expected), "\(YAML.json(node))")
    }

    struct TagCase: CustomTestStringConvertible, Sendable {
        let yaml: String
        let expected: YAMLNode
        var testDescription: String { yaml }
    }

    @Test("tags", arguments: [
        TagCase(yaml: "!!str 123", expected: str("123")),
        TagCase(yaml: "!!str yes", expected: str("yes")),
        TagCase(yaml: "!!str ~", expected: str("~")),
        TagCase(yaml: "!!int \"12\"", expected: int(12)),
        TagCase(yaml: "!!int 0x1F", expected: int(31)),
        TagCase(yaml: "!!int 18446744073709551615", expected: float(18446744073709551615.0)),
        TagCase(yaml: "!!float 1", expected: float(1)),
        TagCase(yaml: "!!float '1.5'", expected: float(1.5)),
        TagCase(yaml: "!!bool \"yes\"", expected: bool(true)),
        TagCase(yaml: "!!null ''", expected: null),
        TagCase(yaml: "!!null ~", expected: null),
        TagCase(yaml: "!!binary aGVsbG8=", expected: str("aGVsbG8=")),
        TagCase(yaml: "!!timestamp 2001-12-14", expected: str("2001-12-14")),
        TagCase(yaml: "!!timestamp 2000-02-29", expected: str("2000-02-29")),
        TagCase(yaml: "!!timestamp 2001-12-14  21:59:43", expected: str("2001-12-14  21:59:43")),
        TagCase(yaml: "!!timestamp 2001-12-14T21:59:43+05:30", expected: str("2001-12-14T21:59:43+05:30")),
        TagCase(yaml: "!<tag:yaml.org,2002:int> '7'", expected: int(7)),
        TagCase(yaml: "!foo 3", expected: str("3")),
        TagCase(yaml: "! 3", expected: str("3")),
        TagCase(yaml: "!!merge x", expected: str("x")),
        TagCase(yaml: "%TAG !k! tag:yaml.org,2002:\n--- !k!int '5'", expected: int(5)),
        TagCase(yaml: "!!map {a: 1}", expected: map(("a", int(1)))),
        TagCase(yaml: "!foo [1]", expected: seq(int(1))),
    ])
    func tags(_ item: TagCase) throws {
        let node = try root(item.yaml)
        #expect(sameValue(node, item.expected), "got \(show(node))")
    }

    @Test("a tag the value does not fit is an error", arguments: [
        ("!!int abc", "1:1: cannot decode !!str `abc` as a !!int at 1:1"),
        ("!!int 1.5", "1:1: cannot decode !!float `1.5` as a !!int at 1:1"),
        ("!!int 2001-12-14", "1:1: cannot decode !!str `2001-12-14` as a !!int at 1:1"),
        ("!!bool 1", "1:1: cannot decode !!int `1` as a !!bool at 1:1"),
        ("!!null 0", "1:1: cannot decode !!int `0` as a !!null at 1:1"),
        ("!!float yes", "1:1: cannot decode !!bool `yes` as a !!float at 1:1"),
        ("a: !!timestamp 2001-13-01", "1:4: cannot decode !!str `2001-13-01` as a !!timestamp at 1:4"),
        ("a: !!timestamp 2001-02-29", "1:4: cannot decode !!str `2001-02-29` as a !!timestamp at 1:4"),
        ("a: !!timestamp 2001-12-14T21:59:43", "1:4: cannot decode !!str `2001-12-14T21:59:43` as a !!timestamp at 1:4"),
        ("a: !!timestamp 2001-12-14T21:59:43+25:00",
         "1:4: cannot decode !!str `2001-12-14T21:59:43+25:00` as a !!timestamp at 1:4"),
    ])
    func tagMismatch(_ yaml: String, _ expected: String) {
        #expect(parseError(yaml)?.description == expected)
    }
}
