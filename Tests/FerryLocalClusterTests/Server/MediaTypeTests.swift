import Testing
@testable import FerryLocalCluster

@Suite("Media types")
struct MediaTypeTests {
    @Test("a type's essence is lower-cased and trimmed; parameter names lower-cased, quoted values unquoted", arguments: [
        ("application/json", "application/json", [:]),
        ("application/apply-patch+yaml", "application/apply-patch+yaml", [:]),
        ("Application/JSON", "application/json", [:]),
        (" application/json\t", "application/json", [:]),
        ("application/json;as=Table;v=v1;g=meta.k8s.io", "application/json", ["as": "Table", "v": "v1", "g": "meta.k8s.io"]),
        ("application/json; charset=\"utf-8\"", "application/json", ["charset": "utf-8"]),
        ("application/json;AS=Table", "application/json", ["as": "Table"]),
    ] as [(String, String, [String: String])])
    func parses(text: String, essence: String, parameters: [String: String]) {
        let type = MediaType(text)
        #expect(type.essence == essence)
        #expect(type.parameters == parameters)
    }
}
