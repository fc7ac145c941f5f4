import FerryKube

/// Any other object, as kstatus reads the conditions controllers agree on: `Stalled`
/// True is a failure, `Reconciling` True or an unobserved generation is progress,
/// `Ready` says whether it is done; an object without them is current as applied.
extension RolloutStatus {
    static let readinessConditions: Set<String> = ["Ready", "Reconciling", "Stalled"]

    static func hasReadinessConditions(_ object: JSONValue) -> Bool {
        (object[path: ["status", "conditions"]]?.array ?? []).contains {
            readinessConditions.contains($0["type"]?.string ?? "")
        }
    }

    public init(conditionsOf object: JSONValue, kind: String) {
        let name = object[path: ["metadata", "name"]]?.string ?? "?"
        let conditions = object[path: ["status", "conditions"]]?.array ?? []
        func condition(_ type: String) -> JSONValue? { conditions.first { $0["type"]?.string == type } }
        func said(_ condition: JSONValue) -> String {
            let reason = condition["reason"]?.string ?? ""
            let message = condition["message"]?.string ?? ""
            return [reason, message].filter { !$0.isEmpty }.joined(separator: ": ")
        }
        let ready = condition("Ready")
        let progress = "Ready=\(ready?["status"]?.string ?? "Unknown")"
        let label = "\(kind.lowercased()) \"\(name)\""
        if let stalled = condition("Stalled"), stalled["status"]?.string == "True" {
            self.init(phase: .failed, message: "\(label) is stalled: \(said(stalled))", progress: progress)
        } else if Self.specUnobserved(object) && object[path: ["status", "observedGeneration"]] != nil {
            self.init(phase: .waitingForController, message: "Waiting for \(label) spec update to be observed...", progress: progress)
        } else if let reconciling = condition("Reconciling"), reconciling["status"]?.string == "True" {
            self.init(phase: .progressing, message: "Waiting for \(label) to reconcile: \(said(reconciling))", progress: progress)
        } else if let ready, ready["status"]?.string != "True" {
            self.init(phase: .progressing, message: "Waiting for \(label) to be ready: \(said(ready))", progress: progress)
        } else {
            self.init(phase: .complete, message: ready == nil ? "\(label) is current" : "\(label) is ready", progress: progress)
        }
    }
}
