import FerryYAML
import Testing

@Suite("Document structure")
struct StructureTests {
    @Test("anchors and aliases copy values; the alias node takes the alias's position")
    func anchorsAndAliases() throws {
        let node = try root("""
            base: &base
              image: nginx
              ports: [80, 443]
            copy: *base
            name: &n web
            again: *n
            """)
        #expect(sameValue(try #require(node["copy"]), map(("image", str("nginx")), ("ports", seq(int(80), int(443))))))
        #expect(node["again"]?.string == "web")
        #expect(node["copy"]?.mark == YAMLMark(line: 4, column: 7))
        // Inside the copy, nodes keep the place they were written.
        #expect(node["copy"]?["image"]?.mark == YAMLMark(line: 2, column: 10))
    }

    @Test("an anchor defined again replaces the earlier one from there on")
    func anchorRedefined() throws {
        let node = try root("[&a 1, *a, &a 2, *a]")
        #expect(sameValue(node, seq(int(1), int(1), int(2), int(2))))
    }

    @Test("anchors do not carry over to the next document")
    func anchorsPerDocument() {
        #expect(parseError("a: &x 1\n---\nb: *x\n")?.message
                == "undefined alias *x at 3:4: no anchor &x before it in this document")
    }

    @Test("a merge key brings in a mapping; explicit keys win wherever they are")
    func mergeSingle() throws {
        let node = try root("""
            defaults: &d {cpu: 1, memory: 2, disk: 3}
            small:
              memory: 9
              <<: *d
              disk: 8
            """)
        let small = try #require(node["small"]?.entries)
        #expect(small.map(\.key.keyString) == ["memory", "cpu", "disk"])
        #expect(sameValue(try #require(node["small"]), map(("memory", int(9)), ("cpu", int(1)), ("disk", int(8)))))
    }

    @Test("with a list of mappings, earlier mappings win over later ones (as go-yaml)")
    func mergeSequence() throws {
        let node = try root("""
            - &a {p: 1, q: 1}
            - &b {q: 2, r: 2}
            - <<: [*a, *b]
              r: 3
            - <<: [*b, *a]
            - <<: {inline: true}
            """)
        let items = try #require(node.items)
        #expect(sameValue(items[2], map(("p", int(1)), ("q", int(1)), ("r", int(3)))))
        #expect(sameValue(items[3], map(("q", int(2)), ("r", int(2)), ("p", int(1)))))
        #expect(sameValue(items[4], map(("inline", bool(true)))))
    }

    @Test("y, n, on and off are booleans as keys too (YAML 1.1), and keys compare as JSON keys")
    func booleanKeys() throws {
        let node = try root("y: 1\nOff: 2\n")
        #expect(node.entries?.map(\.key.kindDescription) == ["a boolean", "a boolean"])
        #expect(YAML.json(node) == #"{"false":2,"true":1}"#)
    }

    @Test("a quoted << is an ordinary key; !!merge << is a merge key")
    func mergeKeySpelling() throws {
        let node = try root("""
            a: &a {k: 1}
            quoted: {"<<": *a}
            tagged: {!!merge <<: *a}
            """)
        #expect(node["quoted"]?.entries?.first?.key.string == "<<")
        #expect(sameValue(try #require(node["tagged"]), map(("k", int(1)))))
    }

    @Test("a merge needs a mapping or a list of mappings", arguments: [
        ("a: {<<: 1}", "1:9: merge key << at 1:5 needs a mapping or a list of mappings, not an integer (at 1:9)"),
        ("a: {<<: [{b: 1}, 2]}", "1:18: merge key << at 1:5 needs a mapping or a list of mappings, not an integer (at 1:18)"),
        ("a:\n  <<: {b: 1}\n  <<: {c: 1}\n", "3:3: duplicate key \"<<\" at 3:3, first defined at 2:3"),
    ])
    func badMerges(_ yaml: String, _ expected: String) {
        #expect(parseError(yaml)?.description == expected)
    }

    @Test("multi-document streams, with empty documents and document positions")
    func multipleDocuments() throws {
        let documents = try YAML.parse("""
            # leading comment
            a: 1
            ---
            ---
            - b
            ...
            --- c
            """)
        #expect(documents.count == 4)
        #expect(documents.map(\.mark) == [YAMLMark(line: 2, column: 1), YAMLMark(line: 3, column: 1),
                                          YAMLMark(line: 4, column: 1), YAMLMark(line: 7, column: 1)])
        #expect(sameValue(documents[0].root, map(("a", int(1)))))
        #expect(documents[1].root.isNull)
        #expect(sameValue(documents[2].root, seq(str("b"))))
        #expect(documents[3].root.string == "c")
    }

    @Test("empty input, blank input and comments hold no documents", arguments: ["", "   \n\n", "# only\n# comments\n"])
    func noDocuments(_ yaml: String) throws {
        #expect(try YAML.parse(yaml).isEmpty)
        #expect(try YAML.parse(Array(yaml.utf8)).isEmpty)
    }

    @Test("comments are ignored wherever they are")
    func comments() throws {
        let node = try root("""
            # header
            a: 1 # trailing
            # between
            b: [2, # inside flow
                3]
            c: "# not a comment"
            d: a#b
            """)
        #expect(sameValue(node, map(("a", int(1)), ("b", seq(int(2), int(3))), ("c", str("# not a comment")),
                                    ("d", str("a#b")))))
    }

    @Test("CRLF line endings: values and positions as with LF")
    func crlf() throws {
        let node = try root("a: 1\r\nb:\r\n  - x\r\n  - |\r\n    one\r\n    two\r\n")
        #expect(sameValue(node, map(("a", int(1)), ("b", seq(str("x"), str("one\ntwo\n"))))))
        #expect(node["b"]?.items?[0].mark == YAMLMark(line: 3, column: 5))
    }

    @Test("a UTF-8 byte order mark is skipped and does not count as a column")
    func byteOrderMark() throws {
        let documents = try YAML.parse([0xEF, 0xBB, 0xBF] + Array("a: 1\nb: 2\n".utf8))
        let node = try #require(documents.first?.root)
        #expect(sameValue(node, map(("a", int(1)), ("b", int(2)))))
        #expect(node.entries?[0].key.mark == YAMLMark(line: 1, column: 1))
    }

    @Test("UTF-16 with a byte order mark, both byte orders")
    func utf16() throws {
        let text = "name: café ☕\nnum: 1\n"
        let units = Array(text.utf16)
        let little: [UInt8] = [0xFF, 0xFE] + units.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
        let big: [UInt8] = [0xFE, 0xFF] + units.flatMap { [UInt8($0 >> 8), UInt8($0 & 0xFF)] }
        for bytes in [little, big] {
            let node = try #require(try YAML.parse(bytes).first?.root)
            #expect(sameValue(node, map(("name", str("café ☕")), ("num", int(1)))))
        }
    }

    @Test("unicode content; columns count characters, not bytes")
    func unicode() throws {
        let node = try root("名前: 値\nキー: [a, ü, 😀x]\n")
        #expect(node["名前"]?.string == "値")
        let items = try #require(node["キー"]?.items)
        #expect(items.map(\.string) == ["a", "ü", "😀x"])
        #expect(node["キー"]?.mark == YAMLMark(line: 2, column: 5))
        #expect(items.map(\.mark) == [YAMLMark(line: 2, column: 6), YAMLMark(line: 2, column: 9),
                                      YAMLMark(line: 2, column: 12)])
    }

    @Test("block scalars: literal and folded, with each chomping indicator")
    func blockScalars() throws {
        let node = try root("""
            clip: |
              one
              two

            strip: |-
              one
            keep: |+
              one


            folded: >
              a
              b

              c
            foldedStrip: >-
              a
              b
            indented: |2
                four spaces
            last: end
            """)
        #expect(node["clip"]?.string == "one\ntwo\n")
        #expect(node["strip"]?.string == "one")
        #expect(node["keep"]?.string == "one\n\n\n")
        #expect(node["folded"]?.string == "a b\nc\n")
        #expect(node["foldedStrip"]?.string == "a b")
        #expect(node["indented"]?.string == "  four spaces\n")
        #expect(node["last"]?.string == "end")
    }

    @Test("flow collections, nested, across lines, with trailing commas")
    func flow() throws {
        let node = try root("""
            {a: [1, {b: c}, []], d: {}, e: [x,
              w,], 'f': "g"}
            """)
        #expect(sameValue(node, map(("a", seq(int(1), map(("b", str("c"))), seq())), ("d", map()),
                                    ("e", seq(str("x"), str("w"))), ("f", str("g")))))
    }

    @Test("quoted scalars: escapes and folding")
    func quoted() throws {
        let node = try root(#"""
            - "tab\there \u00e9 \x41 \"q\" \\"
            - 'it''s'
            - "folded
              line"
            """#)
        #expect(node.items?.map(\.string) == ["tab\there é A \"q\" \\", "it's", "folded line"])
    }

    @Test("non-string keys keep their type")
    func scalarKeys() throws {
        let node = try root("1: a\ntrue: b\n~: c\n1.5: d\n")
        let keys = try #require(node.entries?.map(\.key))
        #expect(sameValue(keys[0], int(1)) && sameValue(keys[1], bool(true)))
        #expect(keys[2].isNull && sameValue(keys[3], float(1.5)))
        #expect(node["1"]?.string == "a" && node["true"]?.string == "b" && node["null"]?.string == "c")
    }

    @Test("every node carries its position, down the tree")
    func marks() throws {
        let node = try root("""
            apiVersion: v1
            kind: List
            items:
            - metadata:
                name: a
              data: {k: v}
            """)
        #expect(node.mark == YAMLMark(line: 1, column: 1))
        #expect(node.entries?[1].key.mark == YAMLMark(line: 2, column: 1))
        #expect(node["kind"]?.mark == YAMLMark(line: 2, column: 7))
        let item = try #require(node["items"]?.items?.first)
        #expect(node["items"]?.mark == YAMLMark(line: 4, column: 1))
        #expect(item.mark == YAMLMark(line: 4, column: 3))
        #expect(item[path: ["metadata", "name"]]?.mark == YAMLMark(line: 5, column: 11))
        #expect(item["data"]?.mark == YAMLMark(line: 6, column: 9))
        #expect(item["data"]?["k"]?.mark == YAMLMark(line: 6, column: 13))
    }

    @Test("parsing a String and its UTF-8 bytes agree")
    func stringAndBytes() throws {
        let text = "a: [1, 'two', {three: 3.0}]\nb: ünï\n"
        let fromString = try YAML.parse(text)
        let fromBytes = try YAML.parse(Array(text.utf8))
        #expect(fromString == fromBytes)
    }
}
