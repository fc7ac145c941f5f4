import Foundation

/// Which faults the local cluster injects into its API requests (`--faults SPEC`),
/// for testing clients against a server that misbehaves. Off unless configured.
///
/// The grammar is comma-separated `key=value` pairs; `off` (or nothing) is no faults:
///
/// ```
/// error=20%            answer this share of requests with an error, before handling them
/// codes=500+503+429    the error codes, picked at random (default 500+503+429)
/// retry-after=1        seconds sent as Retry-After with 429 and 503 (default 1; 0 sends none)
/// delay=10%:200ms      hold this share of requests this long before handling them
/// drop=5%              handle this share, then close the connection halfway through the answer
/// restart-after=40     restart the server after every 40th request (it stops listening and starts again)
/// seed=7               seed of the random choices, for a reproducible sequence (default: random)
/// methods=PATCH+DELETE only requests with these methods get faults (default: all)
/// path=/configmaps/    only requests whose path and query contain this text get faults
///                      (ending in `$`: whose path and query end with it)
/// ```
public struct FaultSpec: Sendable, Equatable {
    /// The share (0...1) of requests answered with an error.
    public var errorRate = 0.0
    /// The error codes to answer with.
    public var codes = [500, 503, 429]
    /// The `Retry-After` seconds sent with 429 and 503; nil sends none.
    public var retryAfterSeconds: Int? = 1
    /// The share of requests delayed.
    public var delayRate = 0.0
    /// How long a delayed request waits.
    public var delay: Duration = .zero
    /// The share of answers cut halfway.
    public var dropRate = 0.0
    /// Restart the server after this many requests.
    public var restartAfter: Int?
    /// The random generator's seed; nil picks one.
    public var seed: UInt64?
    /// The methods that get faults; nil for all.
    public var methods: Set<String>?
    /// Text the request's path and query must contain to get faults.
    public var pathContains: String?

    /// No faults.
    public init() {}

    /// Whether the spec injects nothing.
    public var isOff: Bool {
        errorRate == 0 && delayRate == 0 && dropRate == 0 && restartAfter == nil
    }

    /// The keys the grammar knows, in the order the help lists them.
    static let keys = ["error", "codes", "retry-after", "delay", "drop", "restart-after", "seed", "methods", "path"]

    /// Parses a spec; the error names the pair at fault and what it should look like.
    public static func parse(_ text: String) throws(FaultSpecError) -> FaultSpec {
        var spec = FaultSpec()
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        if trimmed.isEmpty || trimmed == "off" { return spec }
        var seen: Set<String> = []
        for pair in trimmed.split(separator: ",", omittingEmptySubsequences: false) {
            let item = pair.trimmingCharacters(in: .whitespaces)
            guard let equals = item.firstIndex(of: "="), !item[..<equals].isEmpty else {
                throw FaultSpecError("'\(item)' is not key=value")
            }
            let key = String(item[..<equals]).lowercased()
            let value = String(item[item.index(after: equals)...])
            guard keys.contains(key) else {
                throw FaultSpecError("unknown key '\(key)' in '\(item)'; the keys are \(keys.joined(separator: ", "))")
            }
            guard seen.insert(key).inserted else { throw FaultSpecError("'\(key)' is given twice") }
            switch key {
            case "error": spec.errorRate = try percentage(value, item)
            case "codes":
                spec.codes = try value.split(separator: "+", omittingEmptySubsequences: false).map { code throws(FaultSpecError) in
                    guard let number = Int(code), (400...599).contains(number) else {
                        throw FaultSpecError("'\(item)': each code must be an HTTP error status from 400 to 599, joined with +, e.g. codes=500+503+429")
                    }
                    return number
                }
            case "retry-after":
                guard let seconds = Int(value), seconds >= 0 else {
                    throw FaultSpecError("'\(item)': retry-after takes whole seconds, e.g. retry-after=1")
                }
                spec.retryAfterSeconds = seconds == 0 ? nil : seconds
            case "delay":
                let parts = value.split(separator: ":", maxSplits: 1).map(String.init)
                guard parts.count == 2, let duration = parseDuration(parts[1]) else {
                    throw FaultSpecError("'\(item)': delay takes a share and a duration, e.g. delay=10%:200ms")
                }
                spec.delayRate = try percentage(parts[0], item)
                spec.delay = duration
            case "drop": spec.dropRate = try percentage(value, item)
            case "restart-after":
                guard let count = Int(value), count > 0 else {
                    throw FaultSpecError("'\(item)': restart-after takes a number of requests, e.g. restart-after=40")
                }
                spec.restartAfter = count
            case "seed":
                guard let seed = UInt64(value) else { throw FaultSpecError("'\(item)': seed takes a whole number, e.g. seed=7") }
                spec.seed = seed
            case "methods":
                let methods = value.uppercased().split(separator: "+").map(String.init)
                guard !methods.isEmpty, methods.allSatisfy({ ["GET", "POST", "PUT", "PATCH", "DELETE"].contains($0) }) else {
                    throw FaultSpecError("'\(item)': methods takes GET, POST, PUT, PATCH or DELETE joined with +, e.g. methods=PATCH+DELETE")
                }
                spec.methods = Set(methods)
            default:
                guard !value.isEmpty else { throw FaultSpecError("'\(item)': path takes the text to look for, e.g. path=/configmaps/") }
                spec.pathContains = value
            }
        }
        return spec
    }

    /// Whether a request's path and query match `path=`: contain it, or end with it when it ends in `$`.
    static func matches(_ target: String, _ text: String) -> Bool {
        text.hasSuffix("$") ? target.hasSuffix(text.dropLast()) : target.contains(text)
    }

    /// `20%` as 0.2.
    private static func percentage(_ value: String, _ item: String) throws(FaultSpecError) -> Double {
        guard value.hasSuffix("%"), let number = Double(value.dropLast()), (0...100).contains(number) else {
            throw FaultSpecError("'\(item)': the share must be a percentage from 0% to 100%, e.g. 20%")
        }
        return number / 100
    }

    /// `200ms`, `1s`, `1.5s`.
    static func parseDuration(_ text: String) -> Duration? {
        let (number, scale): (Substring, Double) = text.hasSuffix("ms") ? (text.dropLast(2), 1)
            : text.hasSuffix("s") ? (text.dropLast(), 1000) : ("", 0)
        guard let value = Double(number), value >= 0, value.isFinite else { return nil }
        return .milliseconds(Int64((value * scale).rounded()))
    }
}

/// A `--faults` spec that cannot be read.
public struct FaultSpecError: Error, Sendable, CustomStringConvertible {
    /// What is wrong, naming the pair.
    public var message: String
    init(_ message: String) { self.message = message }
    public var description: String { "--faults: \(message)" }
}
