import FerryKube
import NIOConcurrencyHelpers

/// The `pod-template-hash` that names a Deployment's ReplicaSets, and the template
/// identity that decides whether a ReplicaSet belongs to the current template.
enum PodTemplateHash {
    /// The label (apps.DefaultDeploymentUniqueLabelKey) that keeps ReplicaSets' pods apart.
    static let label = "pod-template-hash"

    /// The alphabet of rand.SafeEncodeString: no vowels, no confusable characters,
    /// so a hash never spells a word.
    static let safeAlphabet = Array("bcdfghjklmnpqrstvwxz2456789".utf8)

    /// controller.ComputeHash: FNV-32a over the template, then over collisionCount as
    /// eight little-endian bytes when set, rendered safely. The template is hashed as
    /// the canonical JSON of its semantic identity (upstream hashes the Go struct dump),
    /// so two templates that compare equal always get the same name.
    static func compute(_ template: JSONValue, collisionCount: Int64?) -> String {
        compute(identity: identity(template), collisionCount: collisionCount)
    }

    /// ``compute(_:collisionCount:)`` from the template's ``identity(_:)``, when the caller
    /// already has it (a Deployment's is cached): normalising is most of the work.
    static func compute(identity: JSONValue, collisionCount: Int64?) -> String {
        var hash = FNV32a()
        hash.add(identity.serialized())
        if let collisionCount {
            let value = UInt32(truncatingIfNeeded: collisionCount)
            var bytes: [UInt8] = [0, 0, 0, 0, 0, 0, 0, 0]
            for index in 0..<4 { bytes[index] = UInt8(truncatingIfNeeded: value >> (8 * UInt32(index))) }
            hash.add(bytes)
        }
        return safeEncode(String(hash.value))
    }

    /// rand.SafeEncodeString: each byte mapped into the safe alphabet.
    static func safeEncode(_ text: String) -> String {
        String(decoding: text.utf8.map { safeAlphabet[Int($0) % safeAlphabet.count] }, as: UTF8.self)
    }

    /// `count` random characters of the safe alphabet (utilrand.String), as the API
    /// server appends to a generateName.
    static func randomSuffix(_ count: Int = 5) -> String {
        var generator = SystemRandomNumberGenerator()
        return String(decoding: (0..<count).map { _ in safeAlphabet[Int.random(in: 0..<safeAlphabet.count, using: &generator)] },
                      as: UTF8.self)
    }

    /// deploymentutil.EqualIgnoreHash: templates equal once the hash label is removed,
    /// compared semantically (nulls, empty maps and empty lists count as absent), as
    /// `kubectl rollout undo` sends `creationTimestamp: null` and `resources: {}`.
    static func equalIgnoringHash(_ left: JSONValue, _ right: JSONValue) -> Bool {
        identity(left) == identity(right)
    }

    /// A Deployment's pod template as its ReplicaSet carries it: labelled with the hash.
    /// Its ``identity(_:)`` is the Deployment template's, which the label does not change.
    static func labeled(_ template: JSONValue, hash: String) -> JSONValue {
        var template = template
        template[path: ["metadata", "labels", label]] = .string(hash)
        return template
    }

    /// The template's semantic identity: without `pod-template-hash`, normalised.
    static func identity(_ template: JSONValue) -> JSONValue {
        var copy = template
        if copy[path: ["metadata", "labels", label]] != nil {
            copy[path: ["metadata", "labels", label]] = nil
        }
        return copy.semanticallyNormalized() ?? .object([:])
    }
}

/// 32-bit FNV-1a (hash/fnv New32a).
struct FNV32a {
    private(set) var value: UInt32 = 2_166_136_261

    mutating func add(_ bytes: [UInt8]) {
        for byte in bytes {
            value ^= UInt32(byte)
            value = value &* 16_777_619
        }
    }
}

extension JSONValue {
    /// The value with nulls, empty maps and empty lists removed at every depth and
    /// whole doubles turned into integers: what Go's semantic equality, which treats
    /// nil and empty alike, sees. nil when nothing is left. `emptyDir: {}` is kept:
    /// there the presence of the empty map is the meaning.
    func semanticallyNormalized() -> JSONValue? {
        switch normalization {
        case .unchanged: return self
        case .removed: return nil
        case .replaced(let value): return value
        }
    }

    /// What normalising does to a value. Unchanged parts are reported as such rather
    /// than rebuilt, so a template that is mostly normal costs a walk, not a copy.
    private enum Normalization {
        case unchanged
        case removed
        case replaced(JSONValue)
    }

    private var normalization: Normalization {
        switch self {
        case .null:
            return .removed
        case .double(let number):
            if let whole = self.int, Double(whole) == number { return .replaced(.int(whole)) }
            return .unchanged
        case .array(let items):
            if items.isEmpty { return .removed }
            var result = items
            var changed = false
            for index in items.indices {
                switch items[index].normalization {
                case .unchanged: continue
                case .removed: result[index] = .object([:])
                case .replaced(let value): result[index] = value
                }
                changed = true
            }
            return changed ? .replaced(.array(result)) : .unchanged
        case .object(let members):
            var result = members
            var changed = false
            for (key, value) in members {
                switch value.normalization {
                case .unchanged:
                    continue
                case .replaced(let normalized):
                    result[key] = normalized
                case .removed:
                    if key == "emptyDir", let map = value.object {
                        if map.isEmpty { continue }
                        result[key] = .object([:])
                    } else {
                        result[key] = nil
                    }
                }
                changed = true
            }
            if result.isEmpty { return .removed }
            return changed ? .replaced(.object(result)) : .unchanged
        default:
            return .unchanged
        }
    }
}

/// Template identities by object uid and generation. A stored template cannot change
/// without its object's generation changing, so the controllers normalise each
/// template once instead of on every pass over its Deployment or ReplicaSet.
final class TemplateIdentityCache: Sendable {
    static let shared = TemplateIdentityCache()
    /// Past this many entries the cache starts afresh (an old generation is never asked for again).
    static let capacity = 20_000

    private struct Key: Hashable {
        var uid: String
        var generation: Int64
    }

    private let entries = NIOLockedValueBox<[Key: JSONValue]>([:])

    func identity(of template: JSONValue, uid: String, generation: Int64) -> JSONValue {
        let key = Key(uid: uid, generation: generation)
        if let cached = entries.withLockedValue({ $0[key] }) { return cached }
        let identity = PodTemplateHash.identity(template)
        remember(identity, uid: uid, generation: generation)
        return identity
    }

    /// Records an identity known without normalising: a ReplicaSet just created from a
    /// Deployment's template has that template's identity. Sharing the one value also
    /// makes comparing the two cheap (equal dictionaries with the same storage compare
    /// without a walk).
    func remember(_ identity: JSONValue, uid: String, generation: Int64) {
        entries.withLockedValue { entries in
            if entries.count >= Self.capacity { entries.removeAll(keepingCapacity: true) }
            entries[Key(uid: uid, generation: generation)] = identity
        }
    }
}
