import FerryKube
import Foundation

/// Server-side printing: the `meta.k8s.io` Table that `kubectl get` asks for, with
/// the columns a real API server uses for each kind. kubectl prints the cells
/// verbatim; priority 1 columns appear with `-o wide` only.
struct TablePrinter: Sendable {
    /// One column definition.
    struct Column: Sendable {
        var name: String
        var type: String
        var format = ""
        var priority = 0

        var definition: JSONValue {
            ["name": .string(name), "type": .string(type), "format": .string(format), "description": "", "priority": .int(Int64(priority))]
        }
    }

    /// What `row.object` carries (`?includeObject=`): the object's metadata by
    /// default, which kubectl needs for `-A` and `--show-labels`.
    enum IncludeObject: String, Sendable {
        case none = "None", metadata = "Metadata", object = "Object"
    }

    let columns: [Column]
    /// The cells of one object's row, every column included.
    let cells: @Sendable (_ object: JSONValue, _ now: Date) -> [JSONValue]

    /// The printer for a resource: its own columns, or `Name, Age`.
    static func forResource(_ resource: ResourceType) -> TablePrinter {
        if let custom = resource.custom { return TablePrinter.custom(custom) }
        switch resource {
        case ResourceCatalog.deployments: return deployments
        case ResourceCatalog.replicaSets: return replicaSets
        case ResourceCatalog.pods: return pods
        case ResourceCatalog.statefulSets: return statefulSets
        case ResourceCatalog.daemonSets: return daemonSets
        case ResourceCatalog.controllerRevisions: return controllerRevisions
        case ResourceCatalog.services: return services
        case ResourceCatalog.configMaps: return configMaps
        case ResourceCatalog.namespaces: return namespaces
        case ResourceCatalog.secrets: return secrets
        case ResourceCatalog.serviceAccounts: return serviceAccounts
        case ResourceCatalog.events: return events
        case ResourceCatalog.nodes: return nodes
        case ResourceCatalog.persistentVolumeClaims: return persistentVolumeClaims
        case ResourceCatalog.persistentVolumes: return persistentVolumes
        case ResourceCatalog.ingresses: return ingresses
        case ResourceCatalog.roles, ResourceCatalog.clusterRoles: return roles
        case ResourceCatalog.roleBindings, ResourceCatalog.clusterRoleBindings: return roleBindings
        case ResourceCatalog.horizontalPodAutoscalers: return horizontalPodAutoscalers
        case ResourceCatalog.leases: return leases
        case ResourceCatalog.jobs: return jobs
        case ResourceCatalog.cronJobs: return cronJobs
        default: return standard
        }
    }

    /// A Table of `items`; `metadata` is the list's (resourceVersion, continue).
    /// Watch events after the first one leave out the column definitions, as the
    /// API server does.
    func table(items: [JSONValue], metadata: JSONValue, version: String, include: IncludeObject,
               now: Date, withColumns: Bool = true) -> JSONValue {
        var table: JSONValue = [
            "kind": "Table", "apiVersion": .string("meta.k8s.io/\(version)"), "metadata": metadata,
            "rows": .array(items.map { row(for: $0, include: include, version: version, now: now) }),
        ]
        if withColumns { table["columnDefinitions"] = .array(columns.map(\.definition)) }
        return table
    }

    private func row(for object: JSONValue, include: IncludeObject, version: String, now: Date) -> JSONValue {
        var row: JSONValue = ["cells": .array(cells(object, now))]
        switch include {
        case .none: break
        case .object: row["object"] = object
        case .metadata:
            var metadata = object["metadata"] ?? [:]
            metadata["managedFields"] = nil
            row["object"] = ["kind": "PartialObjectMetadata", "apiVersion": .string("meta.k8s.io/\(version)"), "metadata": metadata]
        }
        return row
    }

    // MARK: Shared cells

    static let nameColumn = Column(name: "Name", type: "string", format: "name")
    static let ageColumn = Column(name: "Age", type: "string")

    static func name(_ object: JSONValue) -> JSONValue { .string(object[path: ["metadata", "name"]]?.string ?? "") }

    static func age(_ object: JSONValue, _ now: Date) -> JSONValue {
        .string(HumanDuration.age(since: object[path: ["metadata", "creationTimestamp"]]?.string, now: now))
    }

    static func integer(_ value: JSONValue?) -> Int64 { value?.int ?? 0 }

    static func count(_ value: JSONValue?) -> Int64 {
        Int64(value?.object?.count ?? value?.array?.count ?? 0)
    }

    static let standard = TablePrinter(columns: [nameColumn, ageColumn]) { object, now in
        [name(object), age(object, now)]
    }
}
