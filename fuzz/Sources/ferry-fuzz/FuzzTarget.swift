import FerryKube
import FerryYAML

/// The fuzz target (`LLVMFuzzerTestOneInput` by libFuzzer's convention): one input,
/// as a manifest file and as YAML and JSON.
///
/// Any input must end in values or in thrown errors: a crash, a trap (a failed
/// precondition, an overflow, an out-of-bounds index), a hang or unbounded memory is a
/// finding. Besides, what Ferry writes must read back: a parsed document's YAML
/// emission parses again to the same emission, and its JSON parses as JSON.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
    checkYAML(bytes)
    checkManifests(bytes)
    _ = try? JSONValue.parse(bytes)
    return 0
}

/// Parses, then checks that emitting and parsing again gives the same values.
func checkYAML(_ bytes: [UInt8]) {
    guard let documents = try? YAML.parse(bytes) else { return }
    for document in documents {
        let emitted = YAML.emit(document.root)
        let json = YAML.json(document.root)
        // Alias expansion may make the emission larger than the input limit allows.
        guard emitted.utf8.count <= YAMLLimits.default.maxInputBytes else { continue }
        let again: [YAMLDocument]
        do {
            again = try YAML.parse(emitted)
        } catch {
            fatalError("emitted YAML does not parse: \(error)\n--- emitted:\n\(emitted)")
        }
        // Emission sorts keys, so compare emissions: emit(parse(emit(x))) == emit(x).
        guard again.count == 1, YAML.emit(again[0].root) == emitted else {
            fatalError("emitted YAML reads back otherwise:\n--- emitted:\n\(emitted)\n--- and again:\n\(again.map { YAML.emit($0.root) })")
        }
        if (try? JSONValue.parse(json)) == nil, (try? YAML.validateJSONCompatible(document.root)) != nil {
            fatalError("YAML.json wrote text that is not JSON:\n\(json)")
        }
    }
}

/// Decodes and validates the input as one manifest file: problems, never a crash.
func checkManifests(_ bytes: [UInt8]) {
    let set = ManifestSet.load([ManifestSource(path: "fuzz.yaml", bytes: bytes)])
    for manifest in set.manifests {
        _ = manifest.identity.description
    }
    for problem in set.problems {
        _ = problem.description
    }
}
