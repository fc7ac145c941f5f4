import FerryYAML
import Testing

@Suite("YAML emitter")
struct EmitterTests {
    static let deployment = """
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: web
          labels:
            app: web
            version: "1.10"
          annotations:
            note: |
              line one
              line two
        spec:
          replicas: 3
          selector:
            matchLabels:
              app: web
          template:
            metadata:
              labels:
                app: web
            spec:
              containers:
              - name: web
                image: nginx:1.25
                args: ["--port", "8080", "yes", -v]
                ports:
                - containerPort: 8080
                  protocol: TCP
                resources:
                  limits: {cpu: 500m, memory: 128Mi}
                env:
                - name: EMPTY
                  value: ""
                - name: RATIO
                  value: "0.5"
              tolerations: []
              nodeSelector: {}

        """

    @Test("a Deployment: keys sorted, kubectl layout, quoting only where needed")
    func goldenDeployment() throws {
        let expected = """
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              annotations:
                note: |
                  line one
                  line two
              labels:
                app: web
                version: "1.10"
              name: web
            spec:
              replicas: 3
              selector:
                matchLabels:
                  app: web
              template:
                metadata:
                  labels:
                    app: web
                spec:
                  containers:
                  - args:
                    - --port
                    - "8080"
                    - "yes"
                    - -v
                    env:
                    - name: EMPTY
                      value: ""
                    - name: RATIO
                      value: "0.5"
                    image: nginx:1.25
                    name: web
                    ports:
                    - containerPort: 8080
                      protocol: TCP
                    resources:
                      limits:
                        cpu: 500m
                        memory: 128Mi
                  nodeSelector: {}
                  tolerations: []

            """
        let emitted = YAML.emit(try root(Self.deployment))
        #expect(emitted == expected)
    }

    @Test("scalars at the root, and empty collections")
    func roots() {
        #expect(YAML.emit(null) == "null\n")
        #expect(YAML.emit(str("yes")) == "\"yes\"\n")
        #expect(YAML.emit(str("plain")) == "plain\n")
        #expect(YAML.emit(int(-3)) == "-3\n")
        #expect(YAML.emit(float(3)) == "3.0\n")
        #expect(YAML.emit(float(1e21)) == "1e+21\n")
        #expect(YAML.emit(float(.infinity)) == ".inf\n")
        #expect(YAML.emit(map()) == "{}\n")
        #expect(YAML.emit(seq()) == "[]\n")
        #expect(YAML.emit(str("a\nb")) == "|-\n  a\n  b\n")
    }

    @Test("lists in lists, and mappings in lists in lists")
    func nestedLists() {
        let node = seq(seq(str("a"), seq(int(1))), map(("k", seq(map(("x", int(1)), ("w", seq()))))))
        #expect(YAML.emit(node) == """
            - - a
              - - 1
            - k:
              - w: []
                x: 1

            """)
    }

    @Test("strings are quoted when a plain scalar would read differently", arguments: [
        ("yes", "\"yes\""), ("No", "\"No\""), ("on", "\"on\""), ("y", "\"y\""), ("~", "\"~\""),
        ("null", "\"null\""), ("", "\"\""), ("1.10", "\"1.10\""), ("0x1F", "\"0x1F\""), ("0755", "\"0755\""),
        ("1e3", "\"1e3\""), (".5", "\".5\""), (".inf", "\".inf\""), ("2001-12-14", "\"2001-12-14\""),
        (" lead", "\" lead\""), ("trail ", "\"trail \""), ("a: b", "\"a: b\""), ("a:", "\"a:\""),
        ("a #b", "\"a #b\""), ("#c", "\"#c\""), ("- x", "\"- x\""), ("-", "\"-\""), ("---", "\"---\""),
        ("...", "\"...\""), ("? x", "\"? x\""), (":x", "\":x\""), ("[a]", "\"[a]\""), ("{a}", "\"{a}\""),
        ("*a", "\"*a\""), ("&a", "\"&a\""), ("!a", "\"!a\""), ("|", "\"|\""), (">", "\">\""),
        ("'q'", "\"'q'\""), ("\"q\"", "\"\\\"q\\\"\""), ("%p", "\"%p\""), ("@a", "\"@a\""), ("`a", "\"`a\""),
        ("<<", "\"<<\""), ("tab\there", "\"tab\\there\""), ("back\\slash\n\r", "\"back\\\\slash\\n\\r\""),
        ("bell\u{7}", "\"bell\\a\""), ("nel\u{85}", "\"nel\\N\""), ("ls\u{2028}", "\"ls\\L\""),
        ("del\u{7F}", "\"del\\x7F\""), ("bom\u{FEFF}", "\"bom\\uFEFF\""), ("\u{0}", "\"\\0\""),
    ])
    func quoting(_ text: String, _ expected: String) {
        #expect(YAML.emit(str(text)) == expected + "\n")
    }

    @Test("strings that need no quotes are written plain", arguments: [
        "web", "nginx:1.25", "--port=8080", "-v", "a#b", "http://x.y/z?q=1", "it's", "say \"hi\"", "a, b",
        "1.2.3", "100m", "日本語", "emoji 😀", "a - b", "key=value", "x: ", "nbsp\u{A0}x", "<html>",
    ])
    func plain(_ text: String) {
        guard text != "x: " else {
            #expect(YAML.emit(str(text)) == "\"x: \"\n")
            return
        }
        #expect(YAML.emit(str(text)) == text + "\n")
    }

    @Test("multi-line strings become literal blocks when a block can hold them exactly", arguments: [
        ("a\nb\n", "k: |\n  a\n  b\n"),
        ("a\nb", "k: |-\n  a\n  b\n"),
        ("a\n\n", "k: |+\n  a\n\n"),
        ("a\n\n  indented\n\tb", "k: |-\n  a\n\n    indented\n  \tb\n"),
        (" starts with a space\nx", "k: \" starts with a space\\nx\"\n"),
        ("\nstarts with a newline", "k: \"\\nstarts with a newline\"\n"),
        ("has\r\ncarriage return", "k: \"has\\r\\ncarriage return\"\n"),
        ("\n\n", "k: \"\\n\\n\"\n"),
    ])
    func literalBlocks(_ text: String, _ expected: String) {
        #expect(YAML.emit(map(("k", str(text)))) == expected)
    }

    @Test("multi-line and long keys are quoted or explicit")
    func awkwardKeys() throws {
        let long = String(repeating: "k", count: 1500)
        let node = map(("a\nb", int(1)), (long, seq(int(2))))
        let emitted = YAML.emit(node)
        #expect(emitted == "\"a\\nb\": 1\n? \(long)\n:\n- 2\n")
        #expect(sameValue(try root(emitted), node))
    }

    @Test("non-string keys are written as their values and sorted as their JSON keys")
    func nonStringKeys() throws {
        let node = YAMLNode(.mapping([
            YAMLNode.Entry(key: bool(true), value: str("t")),
            YAMLNode.Entry(key: int(10), value: str("ten")),
            YAMLNode.Entry(key: int(9), value: str("nine")),
            YAMLNode.Entry(key: null, value: str("nil")),
            YAMLNode.Entry(key: float(1.5), value: str("f")),
        ]))
        let emitted = YAML.emit(node)
        #expect(emitted == "1.5: f\n10: ten\n9: nine\nnull: nil\ntrue: t\n")
        let back = try root(emitted)
        #expect(back.entries?.map(\.key.kindDescription) == ["a number", "an integer", "an integer", "null", "a boolean"])
    }

    static let tricky: [String] = [
        "", " ", "  ", "yes", "no", "on", "off", "y", "n", "Y", "~", "null", "Null", "NULL", "true", "True",
        "1.10", "1e3", "1e400", "0x1F", "0o17", "0755", "08", "+1", "-1", "1_000", ".5", ".inf", "-.inf",
        ".nan", "2001-12-14", "2001-12-14T21:59:43.10Z", "1999-99-99", " leading", "trailing ", "a: b", "a:",
        "a #b", "a#b", "#comment", "- item", "-", "--", "---", "...", "--flag", "-v", "?", "? x", ":x", "[a]",
        "{a}", "a, b", "*alias", "&anchor", "!tag", "|", ">", "'single'", "\"double\"", "%percent", "@at",
        "`tick", "<<", "line1\nline2", "line1\nline2\n", "line1\n\n", "\nleading newline", " indented\nsecond",
        "tab\there", "\t", "\ttab first\nx", "cr\r\nlf", "unicode: 日本語", "日本語", "emoji 😀", "nel\u{85}x",
        "ls\u{2028}x", "ps\u{2029}x", "bom\u{FEFF}x", "nul\u{0}x", "bell\u{7}", "del\u{7F}", "c1\u{9B}",
        "nbsp\u{A0}x", "\u{A0}", "quote\"s", "back\\slash", "ends with spaces\n  ", "a\n  b\n c", "a\n\n\nb\n\n",
        "line with trailing space \nnext", "# not a comment\nsecond", "---\n...", "key: value\n- item",
        "\u{FFFE}", "x\u{FFFF}", String(repeating: "long ", count: 400), "0b101", "-0b1", "0b+1", "12:30",
        "=", "a=b", "!", "&", "*", "%", "@", ",", "[", "]", "{", "}", "'", "\"", "\\", "/", "1 2", "- - x",
        "a\n  \n", "a\n\n  \n", "x\n\t\n", "- a\n- b", "a:\n  b", "\u{85}", "x\u{2028}\ny", "a\n ",
        "{a: 1}\n[b]", "x\n---\ny", "z\n...\n", "a\u{0}\nb",
    ]

    @Test("every tricky string reads back as itself, as a value and as a key")
    func roundTripStrings() throws {
        for text in Self.tricky {
            for node in [str(text), map(("k", str(text))), map((text, str("v"))), seq(str(text), seq(str(text)))] {
                let emitted = YAML.emit(node)
                let back = try YAML.parse(emitted)
                #expect(back.count == 1 && sameValue(back[0].root, node),
                        "\(text.debugDescription) emitted as \(emitted.debugDescription)")
            }
        }
    }

    static let values: [YAMLNode] = [
        null, bool(true), bool(false), int(0), int(-1), int(.max), int(.min), float(0), float(-0.0), float(3),
        float(1.5), float(-2.25), float(1e21), float(1e20), float(1e-7), float(1e-6), float(123456789.123),
        float(.greatestFiniteMagnitude), float(.leastNonzeroMagnitude), float(0.1 + 0.2), float(.infinity),
        float(-.infinity), float(.nan), float(9007199254740994), map(), seq(), seq(map(), seq(), null),
        map(("a", map(("b", map(("c", seq(int(1), map(("d", seq(seq(seq()))))))))))),
        map(("list", seq(map(("name", str("a")), ("value", str("yes"))), map(("name", str("b")))))),
        seq(seq(seq(str("deep")))),
        map(("block", str("one\ntwo\n")), ("after", int(1))),
        seq(str("keep\n\n"), str("next")),
        map(("outer", seq(map(("inner", str("x\ny"))), str("z\n")))),
    ]

    @Test("every value reads back as itself")
    func roundTripValues() throws {
        for node in Self.values {
            let emitted = YAML.emit(node)
            let back = try YAML.parse(emitted)
            #expect(back.count == 1 && sameValue(back[0].root, canonical(node)), "\(show(node)) emitted as \(emitted.debugDescription)")
        }
    }

    @Test("the Deployment reads back as itself")
    func roundTripDeployment() throws {
        let node = try root(Self.deployment)
        let emitted = YAML.emit(node)
        #expect(sameValue(try root(emitted), canonical(node)))
        #expect(YAML.emit(try root(emitted)) == emitted)
    }

    @Test("a stream separates documents with ---, and reads back")
    func stream() throws {
        let nodes = [map(("a", int(1))), null, str("x\n\n"), seq(str("b"))]
        let emitted = YAML.emitStream(nodes)
        #expect(emitted == "a: 1\n---\nnull\n---\n|+\n  x\n\n---\n- b\n")
        let back = try YAML.parse(emitted)
        #expect(back.count == nodes.count)
        #expect(zip(back, nodes).allSatisfy { sameValue($0.root, $1) })
        #expect(YAML.emitStream([]) == "")
    }
}
