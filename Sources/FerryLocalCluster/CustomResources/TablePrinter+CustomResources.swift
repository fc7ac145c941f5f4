import FerryKube
import Foundation

extension TablePrinter {
    /// A custom resource's columns as apiextensions prints them: Name, then the
    /// version's `additionalPrinterColumns` (simple dotted JSON paths), or Age when it
    /// declares none.
    static func custom(_ version: CustomResourceVersion) -> TablePrinter {
        guard !version.printerColumns.isEmpty else { return standard }
        let declared = version.printerColumns
        let columns = [nameColumn] + declared.map {
            Column(name: $0.name, type: $0.type, format: $0.format, priority: $0.priority)
        }
        return TablePrinter(columns: columns) { object, now in
            [name(object)] + declared.map { cell(object[path: $0.path], type: $0.type, now: now) }
        }
    }

    private static func cell(_ value: JSONValue?, type: String, now: Date) -> JSONValue {
        guard let value, value != .null else { return .null }
        switch (type, value) {
        case ("date", .string(let stamp)): return .string(HumanDuration.age(since: stamp, now: now))
        case (_, .string), (_, .int), (_, .double), (_, .bool): return value
        default: return .string(value.jsonText)
        }
    }
}
