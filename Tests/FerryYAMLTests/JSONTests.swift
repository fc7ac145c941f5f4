import FerryYAML
import Testing

@Suite("JSON emitter and number formatting")
struct JSONTests {
    @Test("the Deployment as compact JSON, keys sorted")
    func goldenCompact() throws {
        let node = try root(EmitterTests.deployment)
        let expected = #"{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"annotations":{"note":"line one\nline two\n"},"#
            + #""labels":{"app":"web","version":"1.10"},"name":"web"},"spec":{"replicas":3,"selector":{"matchLabels":"#
            + #"{"app":"web"}},"template":{"metadata":{"labels":{"app":"web"}},"spec":{"containers":[{"args":["--port","#
            + #""8080","yes","-v"],"env":[{"name":"EMPTY","value":""},{"name":"RATIO","value":"0.5"}],"image":"nginx:1.25","#
            + #""name":"web","ports":[{"containerPort":8080,"protocol":"TCP"}],"resources":{"limits":{"cpu":"500m","#
            + #""memory":"128Mi"}}}],"nodeSelector":{},"tolerations":[]}}}}"#
        #expect(YAML.json(node) == expected)
    }

    @Test("pretty JSON is indented like Go's json.MarshalIndent(v, \"\", \"  \")")
    func pretty() throws {
        let node = try root("d: []\na: [1, {b: null}]\nc: {}\ne: [[]]\n")
        #expect(YAML.json(node, pretty: true) == """
            {
              "a": [
                1,
                {
                  "b": null
                }
              ],
              "c": {},
              "d": [],
              "e": [
                []
              ]
            }
            """)
        #expect(YAML.json(str("x"), pretty: true) == "\"x\"")
    }

    @Test("strings are escaped per RFC 8259, non-ASCII kept as UTF-8", arguments: [
        ("plain", #""plain""#), ("a\"b", #""a\"b""#), ("back\\slash", #""back\\slash""#), ("\n", #""\n""#),
        ("\r", #""\r""#), ("\t", #""\t""#), ("\u{8}", #""\b""#), ("\u{C}", #""\f""#), ("\u{0}", #""\u0000""#),
        ("\u{1}", #""\u0001""#), ("\u{1B}", #""\u001b""#), ("\u{1F}", #""\u001f""#), ("\u{7F}", "\"\u{7F}\""),
        ("é", "\"é\""), ("日本", "\"日本\""), ("😀", "\"😀\""), ("</script>&", #""</script>&""#),
        ("\u{2028}", "\"\u{2028}\""), ("/", #""/""#), ("", #""""#),
    ])
    func escaping(_ text: String, _ expected: String) {
        #expect(YAML.json(str(text)) == expected)
    }

    static let floatCases: [(Double, String)] = [
        (3.0, "3"), (1.5, "1.5"), (-2.25, "-2.25"), (0.1, "0.1"), (0.1 + 0.2, "0.30000000000000004"),
        (0.0, "0"), (-0.0, "-0"), (1e20, "100000000000000000000"), (1e21, "1e+21"), (1.5e300, "1.5e+300"),
        (123456789.0, "123456789"), (1e-6, "0.000001"), (1e-7, "1e-7"), (1.5e-7, "1.5e-7"), (2.5e-10, "2.5e-10"),
        (1e-100, "1e-100"), (0.000123, "0.000123"), (12345678.9, "12345678.9"),
        (9007199254740994.0, "9007199254740994"), (1.7976931348623157e308, "1.7976931348623157e+308"),
        (Double.leastNonzeroMagnitude, "5e-324"), (-1e21, "-1e+21"), (999999999999999900000.0, "999999999999999900000"),
        (18446744073709551615.0, "18446744073709552000"),
    ]

    @Test("floats as Go's encoding/json writes a float64", arguments: floatCases)
    func floats(_ number: Double, _ expected: String) {
        #expect(YAMLNode.formatFloat(number) == expected)
        #expect(YAML.json(float(number)) == expected)
    }

    @Test("JSON has no NaN or infinity: they are written as YAML-spelt strings")
    func nonFinite() {
        #expect(YAML.json(seq(float(.nan), float(.infinity), float(-.infinity))) == #"[".nan",".inf","-.inf"]"#)
    }

    static let floatKeyCases: [(Double, String)] = [
        (1.5, "1.5"), (3.0, "3"), (0.1, "0.1"), (1e6, "1e+06"), (100000.0, "100000"), (123456.0, "123456"),
        (1234567.0, "1.234567e+06"), (0.0001, "0.0001"), (0.00001, "1e-05"), (3.14159265358979, "3.1415927"),
        (16777217.0, "1.6777216e+07"), (1e300, ".inf"), (-1e300, "-.inf"), (-0.0, "-0"), (0.0, "0"),
        (Double.nan, ".nan"), (1e-40, "1e-40"),
    ]

    @Test("float keys become JSON keys as sigs.k8s.io/yaml makes them (FormatFloat 'g', 32 bits)", arguments: floatKeyCases)
    func floatKeys(_ number: Double, _ expected: String) {
        #expect(float(number).keyString == expected)
    }

    @Test("non-string keys become strings, sorted with the rest")
    func nonStringKeys() throws {
        let node = try root("true: a\n1: b\n~: c\n1.0e6: d\nz: e\n-1: f\n")
        #expect(YAML.json(node) == #"{"-1":"f","1":"b","1e+06":"d","null":"c","true":"a","z":"e"}"#)
    }

    @Test("integers, booleans and null")
    func scalars() {
        #expect(YAML.json(seq(int(.min), int(.max), bool(true), bool(false), null))
                == "[-9223372036854775808,9223372036854775807,true,false,null]")
    }

    @Test("what Kubernetes cannot turn into JSON is reported with its position", arguments: [
        ("a: [1, .nan]\n", "1:8: .nan at 1:8 cannot be represented in JSON"),
        ("a:\n  b: -.inf\n", "2:6: -.inf at 2:6 cannot be represented in JSON"),
        ("a: {~: 1}\n", "1:5: null mapping key at 1:5 cannot be converted to a JSON key"),
    ])
    func jsonIncompatible(_ yaml: String, _ expected: String) throws {
        let node = try root(yaml)
        #expect(throws: YAMLError.self) { try YAML.validateJSONCompatible(node) }
        do {
            try YAML.validateJSONCompatible(node)
        } catch {
            #expect("\(error)" == expected)
        }
    }

    @Test("ordinary manifests pass the JSON check")
    func jsonCompatible() throws {
        #expect(throws: Never.self) { try YAML.validateJSONCompatible(try root(EmitterTests.deployment)) }
    }
}
