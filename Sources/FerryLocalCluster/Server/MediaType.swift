/// One media type from an `Accept` or `Content-Type` header, with its parameters
/// (`application/json;as=Table;v=v1;g=meta.k8s.io`).
struct MediaType: Sendable, Equatable {
    /// `type/subtype`, lower-cased.
    var essence: String
    /// Parameters with lower-cased names; values as sent.
    var parameters: [String: String]

    init(_ text: some StringProtocol) {
        // Most headers are one lower-case type with no parameters and no spaces: that is
        // already its essence (Foundation's trimming and lower-casing cost more than the rest
        // of the request's routing).
        if !text.utf8.contains(where: { $0 == UInt8(ascii: ";") || $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t")
                                        || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains($0) }) {
            essence = String(text)
            parameters = [:]
            return
        }
        let pieces = text.split(separator: ";")
        essence = pieces.first.map { $0.trimmingCharacters(in: .whitespaces).lowercased() } ?? ""
        var parameters: [String: String] = [:]
        for piece in pieces.dropFirst() {
            let pair = piece.split(separator: "=", maxSplits: 1)
            guard pair.count == 2 else { continue }
            let value = pair[1].trimmingCharacters(in: .whitespaces)
            parameters[pair[0].trimmingCharacters(in: .whitespaces).lowercased()] =
                value.count >= 2 && value.hasPrefix("\"") && value.hasSuffix("\"") ? String(value.dropFirst().dropLast()) : value
        }
        self.parameters = parameters
    }

    /// The media types of an `Accept` header, in the order given.
    static func list(_ header: String?) -> [MediaType] {
        guard let header else { return [] }
        return header.split(separator: ",").map(MediaType.init).filter { !$0.essence.isEmpty }
    }

    /// Whether a JSON body satisfies this range.
    var acceptsJSON: Bool { ["application/json", "application/*", "*/*"].contains(essence) }
}

/// What a response body is encoded as, chosen from the `Accept` header.
enum ResponseFormat: Sendable, Equatable {
    case json
    case yaml
    /// Server-side printing: a `meta.k8s.io` Table of the given version.
    case table(version: String)
}

/// Content negotiation, as far as kubectl needs it: Table for `kubectl get`,
/// aggregated discovery for `/api` and `/apis`, and JSON for everything else,
/// protobuf-first `Accept` headers included (protobuf is never sent).
enum Negotiation {
    /// The format for an object or list response; nil when nothing acceptable is on
    /// offer (406).
    static func format(accept header: String?, tableAllowed: Bool = true) -> ResponseFormat? {
        let ranges = MediaType.list(header)
        if ranges.isEmpty { return .json }
        for range in ranges {
            if let shape = range.parameters["as"] {
                guard tableAllowed, shape == "Table", range.parameters["g"] == "meta.k8s.io", range.acceptsJSON,
                      let version = range.parameters["v"], ["v1", "v1beta1"].contains(version)
                else { continue }
                return .table(version: version)
            }
            if range.acceptsJSON { return .json }
            if range.essence == "application/yaml" { return .yaml }
        }
        return nil
    }

    /// The aggregated discovery version (`v2` or `v2beta1`) the client asked for
    /// first, or nil for the legacy documents.
    static func aggregatedDiscovery(accept header: String?) -> String? {
        for range in MediaType.list(header) {
            if range.parameters["as"] == "APIGroupDiscoveryList", range.parameters["g"] == "apidiscovery.k8s.io",
               range.acceptsJSON, let version = range.parameters["v"], ["v2", "v2beta1"].contains(version) {
                return version
            }
            if range.parameters["as"] == nil, range.acceptsJSON { return nil }
        }
        return nil
    }
}
