/// How scalars become values: the rules Kubernetes applies when it reads a manifest
/// (sigs.k8s.io/yaml over go-yaml v2, i.e. YAML 1.1, not YAML 1.2's core schema).
///
/// ## Plain scalars (neither quoted nor tagged)
///
/// The first rule that applies wins:
///
/// 1. **Null**: the empty scalar, `~`, `null`, `Null`, `NULL`.
/// 2. **Booleans**: `y Y yes Yes YES true True TRUE on On ON` are true and
///    `n N no No NO false False FALSE off Off OFF` are false; any other casing
///    (`tRUE`, `yES`) is a string.
/// 3. **Special floats**: `.nan .NaN .NAN` are NaN; `.inf .Inf .INF +.inf +.Inf +.INF`
///    are +∞; `-.inf -.Inf -.INF` are −∞. JSON cannot hold them: Kubernetes rejects them
///    when it writes JSON; here they stay floats and ``YAML/validateJSONCompatible(_:)``
///    reports them.
/// 4. Nothing else can be a number unless its first character is a digit, `+`, `-`
///    or `.` (go-yaml's hint table); everything starting otherwise is a string.
/// 5. **Starting with `.`**: a float when Go's `strconv.ParseFloat` accepts the whole
///    text (`.5`, `.5e3`, `.5_5`: underscores only between digits); else a string.
/// 6. **Starting with a digit or sign**:
///    1. *Timestamps*: four digits and `-` that go-yaml parses as one of
///       `2006-1-2`, `2006-1-2T15:4:5.999999999Z07:00` (also with `t`) or
///       `2006-1-2 15:4:5.999999999` resolve to the **string as written**. go-yaml
///       makes a `time.Time` of them, but decoding into `interface{}` (which
///       sigs.k8s.io/yaml does) hands back the original text "for backward
///       compatibility", so the API sees `"2001-12-14"`, not an RFC 3339 time.
///    2. Underscores are removed, then Go's `strconv.ParseInt(s, 0, 64)` gives an
///       **integer**: optional sign, decimal, `0x`/`0X` hex, `0o`/`0O` octal, `0b`/`0B`
///       binary, and YAML 1.1 octal with a leading zero (`0755` is 493, `010` is 8).
///    3. Else `strconv.ParseUint(s, 0, 64)`: values from 2⁶³ to 2⁶⁴−1 are `uint64` in
///       go-yaml. ``YAMLNode/Value`` has no unsigned case, so they become the nearest
///       **float** here (JSON gets `18446744073709552000` for 2⁶⁴−1).
///    4. Else, if the text matches go-yaml's `yamlStyleFloat`,
///       `^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$`, a **float**: `1.10` is
///       1.1, `1e3` is 1000.0, `1.` is 1.0, `-9223372036854775809` is a float, and `08`
///       and `09` (not octal) are 8.0 and 9.0. Outside float64's range (`1e400`) Go's
///       parser fails and the text stays a string; below it (`1e-400`) is 0.0.
///    5. Else `0b` followed by a signed binary number (`0b-101` is −5) or `-0b` and
///       binary digits: an **integer** (go-yaml's fallback after the generic parse).
///    6. Else an unsigned `0x`/`0o`/`0b` literal too large for 64 bits: Kubernetes'
///       go-yaml fork keeps a big integer (a JSON number); here the nearest **float**.
///    7. Else a string (`1.2.3`, `0x`, `+`, `-`, `1_000_000_000_000_000_000_000x`).
/// 7. **Everything else** is a string.
///
/// `<<` as a plain mapping key is the merge key; quoted, it is the string `<<`.
///
/// ## Quoted and block scalars
///
/// `'…'`, `"…"`, `|` and `>` scalars are strings, whatever they look like (`"yes"`,
/// `'1.10'`, `"null"`), unless they carry a tag.
///
/// ## Tags
///
/// Tags are given as libyaml expands them (`!!int` is `tag:yaml.org,2002:int`).
/// * `!!str`, and `!!binary` (kept as its base64 text, not decoded): a string.
/// * `!!int`, `!!float`, `!!bool`, `!!null`, `!!timestamp`: the scalar, quoted or not,
///   is resolved by the rules above (timestamps only under `!!timestamp`) and must
///   come out as that type, else the parse fails with go-yaml's message ("cannot
///   decode !!str `abc` as a !!int"). `!!float` also takes an integer and makes it a
///   float (`!!float 1` is 1.0).
/// * Any other tag on a scalar, including the non-specific `!`, local tags (`!foo`),
///   `!!merge`, `!!map` and `!!seq`: the text as a string. This is what go-yaml does
///   when decoding into `interface{}` (it only resolves the tags it knows), so
///   `!foo 3` is the string "3".
/// * Tags on collections are ignored.
public enum YAMLResolver {
    /// The value a plain (unquoted, untagged) scalar with this text resolves to.
    public static func resolvePlain(_ text: String) -> YAMLNode.Value {
        var bytes = text
        return bytes.withUTF8 { resolvePlain($0) } ?? .string(text)
    }

    /// The value of a plain scalar, or nil when it is a string (so the caller makes
    /// the `String` only then, from the bytes it already has).
    static func resolvePlain(_ text: UnsafeBufferPointer<UInt8>) -> YAMLNode.Value? {
        guard let first = text.first else { return .null }
        switch first {
        case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "+"), UInt8(ascii: "-"):
            if let special = specialValue(text) { return special }
            if GoTimestamp.hasDatePrefix(text) { return nil }
            return GoNumber.resolveNumber(text)
        case UInt8(ascii: "."):
            if let special = specialValue(text) { return special }
            return GoNumber.parseFloat(text).map { .float($0) }
        case UInt8(ascii: "y"), UInt8(ascii: "Y"), UInt8(ascii: "n"), UInt8(ascii: "N"),
             UInt8(ascii: "t"), UInt8(ascii: "T"), UInt8(ascii: "f"), UInt8(ascii: "F"),
             UInt8(ascii: "o"), UInt8(ascii: "O"), UInt8(ascii: "~"):
            return specialValue(text)
        default:
            return nil
        }
    }

    /// Whether the scalar text is the merge key, `<<`.
    static func isMergeKey(_ text: UnsafeBufferPointer<UInt8>) -> Bool {
        text.count == 2 && text[0] == UInt8(ascii: "<") && text[1] == UInt8(ascii: "<")
    }

    /// go-yaml's table of fixed spellings: booleans, nulls, NaN and infinities.
    ///
    /// Only texts of one to five bytes can match, so they are packed into an integer
    /// and compared against packed constants: no hashing and no `String` for the many
    /// keys (`name`, `ports`, `type`) that merely start with a table letter.
    private static func specialValue(_ text: UnsafeBufferPointer<UInt8>) -> YAMLNode.Value? {
        guard text.count <= 5 else { return nil }
        var packed: UInt64 = 0
        for byte in text { packed = packed << 8 | UInt64(byte) }
        switch text.count {
        case 1:
            switch packed {
            case pack("y"), pack("Y"): return .bool(true)
            case pack("n"), pack("N"): return .bool(false)
            case pack("~"): return .null
            default: return nil
            }
        case 2:
            switch packed {
            case pack("on"), pack("On"), pack("ON"): return .bool(true)
            case pack("no"), pack("No"), pack("NO"): return .bool(false)
            default: return nil
            }
        case 3:
            switch packed {
            case pack("yes"), pack("Yes"), pack("YES"): return .bool(true)
            case pack("off"), pack("Off"), pack("OFF"): return .bool(false)
            default: return nil
            }
        case 4:
            switch packed {
            case pack("true"), pack("True"), pack("TRUE"): return .bool(true)
            case pack("null"), pack("Null"), pack("NULL"): return .null
            case pack(".nan"), pack(".NaN"), pack(".NAN"): return .float(.nan)
            case pack(".inf"), pack(".Inf"), pack(".INF"): return .float(.infinity)
            default: return nil
            }
        case 5:
            switch packed {
            case pack("false"), pack("False"), pack("FALSE"): return .bool(false)
            case pack("+.inf"), pack("+.Inf"), pack("+.INF"): return .float(.infinity)
            case pack("-.inf"), pack("-.Inf"), pack("-.INF"): return .float(-.infinity)
            default: return nil
            }
        default:
            return nil
        }
    }

    /// Packs up to eight ASCII characters big-endian into an integer, at compile time
    /// when the optimiser folds it (it does for these literals).
    @inline(__always)
    private static func pack(_ literal: StaticString) -> UInt64 {
        var packed: UInt64 = 0
        literal.withUTF8Buffer { for byte in $0 { packed = packed << 8 | UInt64(byte) } }
        return packed
    }
}
