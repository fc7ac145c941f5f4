import FerryKube
import Foundation

/// StatefulSets, DaemonSets and ControllerRevisions, with the cells kubernetes/pkg/printers computes.
extension TablePrinter {
    static let statefulSets = TablePrinter(columns: [
        nameColumn, Column(name: "Ready", type: "string"), ageColumn,
        Column(name: "Containers", type: "string", priority: 1), Column(name: "Images", type: "string", priority: 1),
    ]) { object, now in
        let desired = object[path: ["spec", "replicas"]]?.int ?? 1
        let ready = integer(object[path: ["status", "readyReplicas"]])
        let (containers, images) = containerCells(object[path: ["spec", "template", "spec", "containers"]])
        return [name(object), .string("\(ready)/\(desired)"), age(object, now), .string(containers), .string(images)]
    }

    static let daemonSets = TablePrinter(columns: [
        nameColumn, Column(name: "Desired", type: "integer"), Column(name: "Current", type: "integer"),
        Column(name: "Ready", type: "integer"), Column(name: "Up-to-date", type: "integer"),
        Column(name: "Available", type: "integer"), Column(name: "Node Selector", type: "string"), ageColumn,
        Column(name: "Containers", type: "string", priority: 1), Column(name: "Images", type: "string", priority: 1),
        Column(name: "Selector", type: "string", priority: 1),
    ]) { object, now in
        let status = { (field: String) in JSONValue.int(integer(object[path: ["status", field]])) }
        let (containers, images) = containerCells(object[path: ["spec", "template", "spec", "containers"]])
        // labels.FormatLabels: `key=value` sorted by key, `<none>` when empty.
        let nodeSelector = JSONValue.stringMap(object[path: ["spec", "template", "spec", "nodeSelector"]])
            .sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ",")
        return [
            name(object), status("desiredNumberScheduled"), status("currentNumberScheduled"), status("numberReady"),
            status("updatedNumberScheduled"), status("numberAvailable"),
            .string(nodeSelector.isEmpty ? "<none>" : nodeSelector), age(object, now),
            .string(containers), .string(images), .string(selector(object[path: ["spec", "selector"]])),
        ]
    }

    static let controllerRevisions = TablePrinter(columns: [
        nameColumn, Column(name: "Controller", type: "string"), Column(name: "Revision", type: "integer"), ageColumn,
    ]) { object, now in
        // formatResourceName with the kind: `statefulset.apps/web`.
        var controller = "<none>"
        if let owner = object.controllerReference {
            let group = owner.apiVersion.split(separator: "/").dropLast().first.map { "." + $0 } ?? ""
            controller = (owner.kind + group).lowercased() + "/" + owner.name
        }
        return [name(object), .string(controller), .int(integer(object["revision"])), age(object, now)]
    }
}
