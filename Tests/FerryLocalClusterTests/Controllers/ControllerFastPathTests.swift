import FerryKube
import Foundation
import Testing
@testable import FerryLocalCluster

/// The controllers' cheaper readings agree with the plain ones.
@Suite("Controller fast paths")
struct ControllerFastPathTests {
    @Test("normalising shares unchanged parts and gives what rebuilding everything gives, on varied values")
    func normalisation() {
        var generator = SplitMix64(seed: 12)
        for _ in 0..<3000 {
            let value = randomJSON(depth: 4, &generator)
            #expect(value.semanticallyNormalized() == referenceNormalized(value), "\(value.jsonText)")
        }
        let normal: JSONValue = ["spec": ["containers": [["name": "main", "image": "nginx"]]], "emptyDir": [:]]
        #expect(normal.semanticallyNormalized() == normal)
    }

    @Test("a ReplicaSetView reads what the object's general accessors read")
    func replicaSetView() throws {
        let owner: JSONValue = ["apiVersion": "apps/v1", "kind": "Deployment", "name": "web", "uid": "d", "controller": true]
        let objects: [JSONValue] = [
            ["metadata": ["uid": "1", "name": "web-1", "namespace": "ns"]],
            ["metadata": ["uid": "2", "name": "web-2", "namespace": "ns", "generation": 3,
                          "creationTimestamp": "2026-01-02T03:04:05Z", "deletionTimestamp": .null,
                          "labels": ["app": "web", "n": 1], "annotations": [DeploymentAnnotation.revision: "4"],
                          "ownerReferences": [["name": "other", "uid": "o"], owner]],
             "spec": ["replicas": 2, "minReadySeconds": 5, "template": ["metadata": ["labels": ["app": "web"]]]],
             "status": ["replicas": 2, "readyReplicas": 1, "availableReplicas": 1, "observedGeneration": 2]],
            ["metadata": ["uid": "3", "name": "web-3", "deletionTimestamp": "2026-01-02T03:04:05Z"], "spec": ["replicas": -1]],
        ]
        for object in objects {
            let view = try #require(ReplicaSetView(object: object))
            #expect(view.key == StoreKey(ResourceCatalog.replicaSets, namespace: object.namespace, name: object.name))
            #expect(view.uid == object.uid && view.generation == object.generation)
            #expect(view.created == object.creationDate ?? .distantPast)
            #expect(view.annotations == object.annotations && view.labels == object.labels)
            #expect(view.controllerReference == object.controllerReference)
            #expect(view.isBeingDeleted == object.isBeingDeleted)
            #expect(view.replicas == max(0, object.int("spec", "replicas") ?? 1))
            #expect(view.minReadySeconds == object.int("spec", "minReadySeconds") ?? 0)
            #expect(view.statusReplicas == object.int("status", "replicas") ?? 0)
            #expect(view.readyReplicas == object.int("status", "readyReplicas") ?? 0)
            #expect(view.availableReplicas == object.int("status", "availableReplicas") ?? 0)
            #expect(view.observedGeneration == object.int("status", "observedGeneration") ?? 0)
        }
        #expect(ReplicaSetView(object: ["metadata": ["name": "no-uid"]]) == nil)
    }

    @Test("a ReplicaSet's template, labelled with the hash, has the Deployment template's identity")
    func labeledTemplateIdentity() {
        let templates: [JSONValue] = [
            [:],
            ["spec": ["containers": [["name": "main", "image": "nginx"]]]],
            ["metadata": .null, "spec": ["containers": [["name": "main", "image": "nginx"]]]],
            ["metadata": ["labels": .null]],
            ["metadata": ["labels": [:], "annotations": ["a": "b"]]],
            ["metadata": ["labels": ["app": "web", PodTemplateHash.label: "users-own"]]],
            ["metadata": ["labels": [PodTemplateHash.label: "only"]], "spec": ["volumes": [["name": "v", "emptyDir": [:]]]]],
            deploymentFixture()[path: ["spec", "template"]] ?? [:],
        ]
        for template in templates {
            let labeled = PodTemplateHash.labeled(template, hash: "5d4f8b6c7")
            #expect(labeled[path: ["metadata", "labels", PodTemplateHash.label]] == "5d4f8b6c7")
            #expect(PodTemplateHash.identity(labeled) == PodTemplateHash.identity(template), "\(template.jsonText)")
        }
    }

    @Test("rolling-update bounds read counts, percentages and numeric strings, with or without spaces")
    func intOrPercent() {
        #expect(IntOrPercent(json: "25%") == .percent(25))
        #expect(IntOrPercent(json: " 25% ") == .percent(25))
        #expect(IntOrPercent(json: "\t30%") == .percent(30))
        #expect(IntOrPercent(json: 2) == .count(2))
        #expect(IntOrPercent(json: "3") == .count(3))
        #expect(IntOrPercent(json: " 3 ") == .count(3))
        #expect(IntOrPercent(json: "+4") == .count(4))
        #expect(IntOrPercent(json: "-1%") == .percent(-1))
        #expect(IntOrPercent(json: "%") == nil)
        #expect(IntOrPercent(json: "") == nil)
        #expect(IntOrPercent(json: "25 %") == nil)
        #expect(IntOrPercent(json: "x") == nil)
        #expect(IntOrPercent(json: nil) == nil)
        #expect(IntOrPercent(json: true) == nil)
    }
}

/// The normalisation as first written: every value rebuilt.
private func referenceNormalized(_ value: JSONValue) -> JSONValue? {
    switch value {
    case .null:
        return nil
    case .double(let number):
        if let whole = value.int, Double(whole) == number { return .int(whole) }
        return value
    case .array(let items):
        if items.isEmpty { return nil }
        return .array(items.map { referenceNormalized($0) ?? .object([:]) })
    case .object(let members):
        var result: [String: JSONValue] = [:]
        for (key, member) in members {
            if let normalized = referenceNormalized(member) {
                result[key] = normalized
            } else if key == "emptyDir", member.object != nil {
                result[key] = .object([:])
            }
        }
        if result.isEmpty { return nil }
        return .object(result)
    default:
        return value
    }
}


/// Values rich in what normalising touches: nulls, empty maps and lists, whole and
/// fractional doubles, `emptyDir` keys.
private func randomJSON(depth: Int, _ generator: inout SplitMix64) -> JSONValue {
    let keys = ["a", "b", "emptyDir", "labels", "c"]
    switch Int.random(in: 0..<(depth > 0 ? 9 : 6), using: &generator) {
    case 0: return .null
    case 1: return .double([1.0, 2.5, -3.0, 0.0][Int.random(in: 0..<4, using: &generator)])
    case 2: return .int(Int64.random(in: -2...2, using: &generator))
    case 3: return .string(["", "x"][Int.random(in: 0..<2, using: &generator)])
    case 4: return .bool(Bool.random(using: &generator))
    case 5: return Bool.random(using: &generator) ? .object([:]) : .array([])
    case 6: return .array((0..<Int.random(in: 0...3, using: &generator)).map { _ in randomJSON(depth: depth - 1, &generator) })
    default:
        var members: [String: JSONValue] = [:]
        for _ in 0..<Int.random(in: 0...4, using: &generator) {
            members[keys[Int.random(in: 0..<keys.count, using: &generator)]] = randomJSON(depth: depth - 1, &generator)
        }
        return .object(members)
    }
}
