import FerryKube
import FerryKubeClient
import FerryYAML

/// Defaults kept in `ferry.yaml` at the repository root, so that a cron line or a
/// hook stays short. Flags on the command line override each of them.
///
/// ```yaml
/// path: manifests        # where the manifests live in the repository
/// namespace: spark       # for namespaced objects that name none
/// context: production    # the kubeconfig context to sync to
/// timeout: 5m            # how long a rollout may take
/// instance: spark        # names this repository's objects and record in the cluster
/// recordNamespace: default  # where the instance's record and lock live
/// notify: https://hooks.example.com/ferry  # POST a JSON event per sync that changed or failed
/// hookSync: true         # git hooks sync in the foreground (git config ferry.hookSync wins)
/// rateLimit: none        # client-side requests/s[/burst], e.g. 50/100; default none (the server's flow control)
/// ```
public struct FerryConfig: Sendable, Equatable {
    /// The file name Ferry looks for at the repository root.
    public static let fileName = "ferry.yaml"

    public var path: String?
    public var namespace: String?
    public var context: String?
    /// The rollout timeout, in seconds.
    public var timeout: Double?
    /// The instance name: labels every object and names the record, so that two
    /// repositories syncing into one cluster never prune each other's objects.
    public var instance: String?
    public var recordNamespace: String?
    /// Where sync outcomes are POSTed as JSON events.
    public var notify: String?
    /// Whether syncs started by ferry's git hooks run in the foreground, printing their output,
    /// rather than in the background; `git config ferry.hookSync` overrides it.
    public var hookSync: Bool?
    /// The client-side rate limit (`--rate-limit` overrides it); nil: the default, none.
    public var rateLimit: RateLimitSetting?

    public init(path: String? = nil, namespace: String? = nil, context: String? = nil, timeout: Double? = nil) {
        self.path = path
        self.namespace = namespace
        self.context = context
        self.timeout = timeout
    }

    static let keys = ["path", "namespace", "context", "timeout", "instance", "recordNamespace", "notify", "hookSync", "rateLimit"]

    /// Reads a config file's bytes. Every problem is reported with its place; an
    /// unknown key is an error, since a misspelt key would otherwise be ignored silently.
    public static func parse(_ bytes: [UInt8], file: String = fileName) throws(ConfigError) -> FerryConfig {
        let documents: [YAMLDocument]
        do {
            documents = try YAML.parse(bytes)
        } catch let error as YAMLError {
            throw ConfigError([ManifestProblem("invalid YAML: \(error.message)",
                                               at: SourceLocation(file: file, mark: error.mark ?? YAMLMark(line: 1, column: 1)))])
        } catch {
            throw ConfigError([ManifestProblem("\(error)", at: SourceLocation(file: file, line: 1, column: 1))])
        }
        let roots = documents.map(\.root).filter { !$0.isNull }
        guard let root = roots.first else { return FerryConfig() }
        let at = { (node: YAMLNode) in SourceLocation(file: file, mark: node.mark) }
        var problems: [ManifestProblem] = []
        if roots.count > 1 {
            problems.append(ManifestProblem("holds more than one document; keep one", at: at(roots[1])))
        }
        guard let entries = root.entries else {
            throw ConfigError([ManifestProblem("must be a mapping of settings (\(keys.joined(separator: ", "))), got \(root.kindDescription)", at: at(root))])
        }

        var config = FerryConfig()
        for entry in entries {
            let key = entry.key.keyString
            let value = entry.value
            func text() -> String? {
                if let string = value.string, !string.isEmpty { return string }
                let problem = value.string == nil
                    ? "\(key) must be a non-empty string, got \(value.kindDescription)"
                    : "\(key) is empty; give it a value, or remove the key to use the default"
                problems.append(ManifestProblem(problem, at: at(value)))
                return nil
            }
            switch key {
            case "path": config.path = text()
            case "namespace":
                config.namespace = text()
                if let namespace = config.namespace, let reason = NameRules.dns1123Label(namespace) {
                    problems.append(ManifestProblem("namespace '\(namespace)' \(reason)", at: at(value)))
                }
            case "context": config.context = text()
            case "instance":
                config.instance = text()
                if let instance = config.instance, let reason = NameRules.dns1123Label(instance) {
                    problems.append(ManifestProblem("instance '\(instance)' \(reason)", at: at(value)))
                }
            case "recordNamespace":
                config.recordNamespace = text()
                if let namespace = config.recordNamespace, let reason = NameRules.dns1123Label(namespace) {
                    problems.append(ManifestProblem("recordNamespace '\(namespace)' \(reason)", at: at(value)))
                }
            case "notify":
                config.notify = text()
                if let url = config.notify, !(url.hasPrefix("http://") || url.hasPrefix("https://")) {
                    problems.append(ManifestProblem("notify must be an http:// or https:// URL, got '\(url)'", at: at(value)))
                }
            case "hookSync":
                if case .bool(let flag) = value.value {
                    config.hookSync = flag
                } else {
                    problems.append(ManifestProblem("hookSync must be true or false, got \(value.kindDescription)", at: at(value)))
                }
            case "rateLimit":
                // A bare number (`rateLimit: 50`) is read as its text too.
                let text: String? = switch value.value {
                case .string(let text): text
                case .int(let number): String(number)
                case .float(let number): String(number)
                default: nil
                }
                if let text {
                    switch RateLimit.parse(text) {
                    case .success(let limit): config.rateLimit = RateLimitSetting(limit)
                    case .failure(let error): problems.append(ManifestProblem("rateLimit: \(error)", at: at(value)))
                    }
                } else {
                    problems.append(ManifestProblem("rateLimit must be none, QPS or QPS/BURST such as 50/100, got \(value.kindDescription)", at: at(value)))
                }
            case "timeout":
                if let seconds = value.string.flatMap(GoDuration.seconds) {
                    config.timeout = seconds
                } else {
                    problems.append(ManifestProblem("timeout must be a duration such as 90s, 5m or 1h30m", at: at(value)))
                }
            default:
                problems.append(ManifestProblem(
                    "unknown key '\(key)'; ferry.yaml may hold \(keys.joined(separator: ", "))", at: at(entry.key)))
            }
        }
        if !problems.isEmpty { throw ConfigError(problems) }
        return config
    }
}

extension FerryConfig {
    /// Where `key`'s value is written in a config file's bytes, for problems found after
    /// parsing (a `path` the revision does not hold); nil when the key is not there.
    static func location(of key: String, in bytes: [UInt8], file: String = fileName) -> SourceLocation? {
        guard let documents = try? YAML.parse(bytes),
              let entries = documents.map(\.root).first(where: { !$0.isNull })?.entries,
              let entry = entries.first(where: { $0.key.keyString == key })
        else { return nil }
        return SourceLocation(file: file, mark: entry.value.mark)
    }
}

/// The problems of a `ferry.yaml`, each with its place.
public struct ConfigError: Error, Sendable, CustomStringConvertible {
    public var problems: [ManifestProblem]
    public init(_ problems: [ManifestProblem]) { self.problems = problems }
    public var description: String { problems.map(\.description).joined(separator: "\n") }
}
