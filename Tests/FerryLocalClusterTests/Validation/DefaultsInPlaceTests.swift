import FerryKube
import Foundation
@testable import FerryLocalCluster
import Testing

/// Defaults and canonical quantities are filled in place; on damaged real objects they
/// must give what the plain path getter and setter gave.
@Suite("Defaults in place agree with the plain setters")
struct DefaultsInPlaceTests {
    static let containers: [JSONValue] = [
        ["name": "a", "image": "web:1", "ports": [["containerPort": 80], ["containerPort": 81, "protocol": "UDP"]],
         "resources": ["requests": ["cpu": "2000m", "memory": 1024], "limits": ["cpu": 1.5, "memory": "1Gi"]],
         "readinessProbe": ["httpGet": ["port": 80]], "livenessProbe": ["exec": ["command": ["true"]], "periodSeconds": 3]],
        ["name": "b", "image": "web", "resources": ["limits": ["memory": "512Mi", "ephemeral-storage": "1G"]]],
    ]

    static func samples() -> [JSONValue] {
        var deployment = deploymentBody()
        deployment[path: ["spec", "template", "spec", "containers"]] = .array(containers)
        deployment[path: ["spec", "template", "spec", "initContainers"]] = [containers[1]]
        return [deployment, deploymentBody(), RealManifests.deployment]
    }

    @Test("setIfAbsent in place: the same object as the path getter and setter, for any path into any object")
    func fillIfAbsent() {
        var random = SplitMix64(seed: 56)
        let keys = ["spec", "template", "replicas", "containers", "x"]
        for sample in Self.samples() {
            for _ in 0..<400 {
                let object = ObjectMutations.mutated(sample, &random)
                let path = (0...random.below(4)).map { _ in keys[random.below(keys.count)] }
                let value = ObjectMutations.replacements[random.below(ObjectMutations.replacements.count)]
                var expected = object
                DefaultsReference.setIfAbsent(&expected, path, value)
                var actual = object
                Defaults.setIfAbsent(&actual, path, value)
                #expect(actual == expected, "\(path) = \(value) in \(object)")
            }
        }
    }

    @Test("pod spec defaults and canonical quantities: the same objects and the same refusals")
    func podSpecAndQuantities() throws {
        var random = SplitMix64(seed: 78)
        let key = deploymentKey()
        var refused = 0
        var changed = 0
        for sample in Self.samples() {
            for index in 0..<400 {
                let object = index == 0 ? sample : ObjectMutations.mutated(sample, &random)
                var expected = object
                DefaultsReference.podSpec(&expected, at: ["spec", "template", "spec"])
                var actual = object
                Defaults.podSpec(&actual, at: ["spec", "template", "spec"])
                #expect(actual == expected, "\(object)")
                if actual != object { changed += 1 }

                let refusal = DefaultsReference.quantities(in: &expected, key: key)
                do {
                    try Canonical.quantities(in: &actual, key: key)
                    #expect(refusal == nil)
                    #expect(actual == expected, "\(object)")
                } catch {
                    refused += 1
                    let field = error.details?["causes"]?.array?.first?["field"]?.string
                    #expect(field == refusal)
                }
            }
        }
        #expect(refused > 10 && changed > 100)
    }
}

/// The byte-wise readings of ASCII text used on every write agree with the
/// character-wise ones they stand in for.
@Suite("ASCII fast paths agree with the character-wise readings")
struct ASCIIFastPathTests {
    static func randomText(_ random: inout SplitMix64) -> String {
        let alphabet = Array("0123456789%%/.-_aZ:@ \r\n")
        return String((0..<random.below(8)).map { _ in alphabet[random.below(alphabet.count)] })
    }

    /// The port-name check as it was, searching the string for "--".
    static func portNameByString(_ name: String) -> String? {
        if name.utf8.count > 15 { return "must be no more than 15 characters" }
        let bytes = Array(name.utf8)
        let allowed = bytes.allSatisfy { ($0 >= 0x61 && $0 <= 0x7A) || ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x2D }
        if !allowed { return "must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)" }
        if !bytes.contains(where: { $0 >= 0x61 && $0 <= 0x7A }) { return "must contain at least one letter (a-z)" }
        if name.contains("--") { return "must not contain consecutive hyphens" }
        if bytes.first == 0x2D || bytes.last == 0x2D { return "must not begin or end with a hyphen" }
        return nil
    }

    @Test("percentages, label-key prefixes, image digests and port names")
    func agree() {
        var random = SplitMix64(seed: 90)
        var percents = 0
        for _ in 0..<5000 {
            let text = Self.randomText(&random)
            let percent = PercentValue.percent(.string(text))
            #expect(percent == PercentValue.percent(byCharacters: text), "\(text.debugDescription)")
            if percent != nil { percents += 1 }
            // The character-wise key check: the slash found by Character, the prefix copied.
            let general: String? = {
                var name = Substring(text)
                if let slash = text.firstIndex(of: "/") {
                    let prefix = String(text[..<slash])
                    if prefix.isEmpty { return "prefix part must be non-empty" }
                    if NameSyntax.dns1123Subdomain(prefix) != nil { return "prefix part " + NameSyntax.subdomainMessage }
                    name = text[text.index(after: slash)...]
                }
                if name.isEmpty { return "name part must be non-empty" }
                if name.utf8.count > 63 { return "name part must be no more than 63 characters" }
                return NameSyntax.labelValue(String(name)) == nil ? nil : NameSyntax.qualifiedNameMessage  // the same token rule
            }()
            #expect(NameSyntax.qualifiedName(text) == general, "\(text.debugDescription)")
            let portName = String(text.filter { $0 != "%" }.map { $0 == "Z" ? "-" : $0 })  // more hyphens
            #expect(PortNames.check(portName) == Self.portNameByString(portName), "\(portName.debugDescription)")
            if text.contains("@") { #expect(Defaults.imagePullPolicy(for: text) == "IfNotPresent") }
        }
        #expect(percents > 50)
    }
}
