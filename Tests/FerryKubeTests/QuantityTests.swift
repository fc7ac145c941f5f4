import FerryKube
import Testing

@Suite("Quantity")
struct QuantityTests {
    @Test("canonical forms follow apimachinery", arguments: [
        ("2000m", "2"), ("1024Mi", "1Gi"), ("0.5", "500m"), ("1500m", "1500m"), ("1536Mi", "1536Mi"),
        ("512Ki", "512Ki"), ("100m", "100m"), ("1000", "1k"), ("0", "0"), ("1e3", "1e3"), ("0.1Ki", "102400m"),
    ])
    func canonical(_ input: String, _ expected: String) throws {
        #expect(try #require(Quantity(input)).description == expected)
    }

    /// The spelling check admission uses to skip decimal arithmetic must never call a
    /// spelling canonical that the full computation would rewrite.
    @Test("the canonical-spelling shortcut agrees with the full computation")
    func shortcutAgrees() throws {
        let mantissas = ["0", "1", "2", "7", "10", "100", "999", "1000", "1023", "1024", "1500", "2000", "2048",
                         "3072", "4096000", "123456789", "01", "+1", "-1", "1.5", ""]
        let suffixes = ["", "n", "u", "m", "k", "M", "G", "T", "P", "E", "Ki", "Mi", "Gi", "Ti", "Pi", "Ei", "e3", "x", "mi"]
        var shortcuts = 0
        for mantissa in mantissas {
            for suffix in suffixes {
                let text = mantissa + suffix
                guard Quantity.isCanonicalSpelling(text) else { continue }
                shortcuts += 1
                let quantity = try #require(Quantity(text), "\(text) passed the shortcut but does not parse")
                #expect(quantity.description == text, "\(text) is canonically \(quantity.description)")
            }
        }
        #expect(shortcuts > 50, "the shortcut covers the common spellings")
        for text in ["100m", "128Mi", "1", "512Mi", "250m", "2Gi", "0"] {
            #expect(Quantity.isCanonicalSpelling(text), "\(text)")
        }
        for text in ["2000m", "1024Mi", "1000", "00", "1.0", "1e3"] {
            #expect(!Quantity.isCanonicalSpelling(text), "\(text)")
        }
    }
}
