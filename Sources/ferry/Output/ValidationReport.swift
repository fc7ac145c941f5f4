import FerryKube
import FerrySync
import Foundation

/// The result of `ferry validate` in the shape `-o json` prints.
struct ValidationReport: Encodable {
    struct Problem: Encodable {
        var file: String
        var line: Int
        var column: Int
        var object: String?
        var message: String
    }

    var source: String
    var commit: String?
    var path: String
    var valid: Bool
    var objects: Int
    var files: Int
    var problems: [Problem]

    init(_ state: DesiredState) {
        source = state.origin.description
        commit = state.origin.commit?.id.hex
        path = state.manifestPath
        valid = state.manifests.isValid
        objects = state.manifests.manifests.count
        files = state.fileCount
        problems = state.manifests.problems.map {
            Problem(file: $0.location.file, line: $0.location.line, column: $0.location.column,
                    object: $0.object?.description, message: $0.message)
        }
    }

    func json() throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(self), as: UTF8.self)
    }
}
