import FerryKube
import Foundation
import Logging

/// A swift-log handler that writes one JSON object per line: `time`, `level`,
/// `message`, and the metadata as string fields (`event`, `object`, `action`...).
/// What it writes is what the text output says, so it holds no more than the text
/// does: never a token, a key or a Secret's value.
struct JSONLineHandler: LogHandler {
    let stream: FileHandle
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .info

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(level: Logger.Level, message: Logger.Message, metadata explicit: Logger.Metadata?,
             source: String, file: String, function: String, line: UInt) {
        var fields: [String: JSONValue] = [
            "time": .string(Date().formatted(.iso8601)), "level": .string(level.rawValue),
            "message": .string(message.description),
        ]
        for (key, value) in metadata.merging(explicit ?? [:], uniquingKeysWith: { $1 }) {
            fields[key] = .string("\(value)")
        }
        stream.write(Data((JSONValue.object(fields).jsonText + "\n").utf8))
    }
}

/// The loggers JSON output goes through.
enum JSONLines {
    static let standardOutput = Logger(label: "ferry") { _ in JSONLineHandler(stream: .standardOutput) }
    static let standardError = Logger(label: "ferry") { _ in JSONLineHandler(stream: .standardError) }
}
