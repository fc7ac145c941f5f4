import FerrySync
import Foundation

/// A plan in the shape `ferry diff -o json` prints.
struct PlanReport: Encodable {
    struct Object: Encodable {
        var object: String
        var action: String
        var source: String?
        var diff: String
    }

    var commit: String
    var instance: String
    var inSync: Bool
    var summary: [String: Int]
    var objects: [Object]

    init(_ plan: Plan, commit: String, instance: String) {
        self.commit = commit
        self.instance = instance
        inSync = !plan.hasChanges
        summary = Dictionary(uniqueKeysWithValues: Action.allCases.map { ($0.rawValue, plan.count($0)) })
        objects = plan.entries.map {
            Object(object: "\($0.identity)", action: $0.action.rawValue, source: $0.desired?.source.description, diff: $0.diff)
        }
    }

    func json() throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(self), as: UTF8.self)
    }
}
