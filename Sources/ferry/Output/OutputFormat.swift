import ArgumentParser

/// How `validate` reports.
enum ReportFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json
}

/// How `render` writes objects.
enum ObjectFormat: String, ExpressibleByArgument, CaseIterable {
    case yaml, json
}
