/// core/v1 kinds other than the pod template's parts.
extension SchemaCatalog {
    static let core: [SchemaDefinition] = {
        let c = SchemaNames.core
        let n = SchemaNames.self
        func kind(_ name: String, _ description: String, _ fields: [SchemaField]) -> SchemaDefinition {
            .topLevel(c(name), group: "", version: "v1", name, description, fields)
        }
        return [
            kind("Pod", "Pod is a collection of containers that can run on a host.", [
                .ref("spec", c("PodSpec"), "Specification of the desired behavior of the pod."),
                .ref("status", c("PodStatus"), "Most recently observed status of the pod."),
            ]),
            SchemaDefinition(c("PodStatus"), "PodStatus represents information about the status of a pod.", [
                .list("conditions", c("PodCondition"), "Current service state of pod.", mergeKey: "type"),
                .raw("containerStatuses", "Statuses of containers in this pod."),
                .string("hostIP", "hostIP holds the IP address of the host to which the pod is assigned."),
                .string("message", "A human readable message indicating details about why the pod is in this condition."),
                .string("phase", "The phase of a Pod is a simple, high-level summary of where the Pod is in its lifecycle."),
                .string("podIP", "podIP address allocated to the pod."),
                .string("reason", "A brief CamelCase message indicating details about why the pod is in this state."),
                .time("startTime", "RFC 3339 date and time at which the object was acknowledged by the Kubelet."),
            ]).open(),
            SchemaDefinition(c("PodCondition"), "PodCondition contains details for the current condition of this pod.", conditionFields).open(),
            kind("ConfigMap", "ConfigMap holds configuration data for pods to consume.", [
                .map("binaryData", "BinaryData contains the binary data.", of: .byte),
                .map("data", "Data contains the configuration data."),
                .boolean("immutable", "Immutable, if set to true, ensures that data stored in the ConfigMap cannot be updated (only object metadata can be modified)."),
            ]),
            kind("Secret", "Secret holds secret data of a certain type.", [
                .map("data", "Data contains the secret data. Each key must consist of alphanumeric characters, '-', '_' or '.'.", of: .byte),
                .boolean("immutable", "Immutable, if set to true, ensures that data stored in the Secret cannot be updated (only object metadata can be modified)."),
                .map("stringData", "stringData allows specifying non-binary secret data in string form."),
                .string("type", "Used to facilitate programmatic handling of secret data."),
            ]),
            kind("ServiceAccount", "ServiceAccount binds together: a name, a principal that can be authenticated and authorized, and a set of secrets.", [
                .boolean("automountServiceAccountToken", "AutomountServiceAccountToken indicates whether pods running as this service account should have an API token automatically mounted."),
                .list("imagePullSecrets", c("LocalObjectReference"), "ImagePullSecrets is a list of references to secrets in the same namespace to use for pulling any images in pods that reference this ServiceAccount.", atomic: true),
                .list("secrets", c("ObjectReference"), "Secrets is a list of the secrets in the same namespace that pods running using this ServiceAccount are allowed to use.", mergeKey: "name"),
            ]),
            kind("Namespace", "Namespace provides a scope for Names.", [
                .ref("spec", c("NamespaceSpec"), "Spec defines the behavior of the Namespace."),
                .ref("status", c("NamespaceStatus"), "Status describes the current status of a Namespace."),
            ]),
            SchemaDefinition(c("NamespaceSpec"), "NamespaceSpec describes the attributes on a Namespace.", [
                .strings("finalizers", "Finalizers is an opaque list of values that must be empty to permanently remove object from storage."),
            ]),
            SchemaDefinition(c("NamespaceStatus"), "NamespaceStatus is information about the current status of a Namespace.", [
                .raw("conditions", "Represents the latest available observations of a namespace's current state."),
                .string("phase", "Phase is the current lifecycle phase of the namespace.", enum: ["Active", "Terminating"]),
            ]).open(),
            kind("Node", "Node is a worker node in Kubernetes.", [
                .ref("spec", c("NodeSpec"), "Spec defines the behavior of a node."),
                .raw("status", "Most recently observed status of the node."),
            ]),
            SchemaDefinition(c("NodeSpec"), "NodeSpec describes the attributes that a node is created with.", [
                .raw("configSource", "Deprecated: Previously used to specify the source of the node's configuration for the DynamicKubeletConfig feature."),
                .string("externalID", "Deprecated. Not all kubelets will set this field."),
                .string("podCIDR", "PodCIDR represents the pod IP range assigned to the node."),
                .strings("podCIDRs", "podCIDRs represents the IP ranges assigned to the node for usage by Pods on that node.", set: true),
                .string("providerID", "ID of the node assigned by the cloud provider in the format: <ProviderName>://<ProviderSpecificNodeID>"),
                .list("taints", c("Taint"), "If specified, the node's taints.", atomic: true),
                .boolean("unschedulable", "Unschedulable controls node schedulability of new pods."),
            ]),
            SchemaDefinition(c("Taint"), "The node this Taint is attached to has the \"effect\" on any pod that does not tolerate the Taint.", [
                .string("effect", "Required. The effect of the taint on pods that do not tolerate the taint.", enum: ["NoExecute", "NoSchedule", "PreferNoSchedule"]).required(),
                .string("key", "Required. The taint key to be applied to a node.").required(),
                .time("timeAdded", "TimeAdded represents the time at which the taint was added."),
                .string("value", "The taint value corresponding to the taint key."),
            ]),
            kind("PersistentVolumeClaim", "PersistentVolumeClaim is a user's request for and claim to a persistent volume", [
                .ref("spec", c("PersistentVolumeClaimSpec"), "spec defines the desired characteristics of a volume requested by a pod author."),
                .ref("status", c("PersistentVolumeClaimStatus"), "status represents the current information/status of a persistent volume claim."),
            ]),
            SchemaDefinition(c("PersistentVolumeClaimSpec"), "PersistentVolumeClaimSpec describes the common attributes of storage devices and allows a Source for provider-specific attributes", [
                .strings("accessModes", "accessModes contains the desired access modes the volume should have."),
                .ref("dataSource", c("TypedLocalObjectReference"), "dataSource field can be used to specify an existing VolumeSnapshot object or an existing PVC."),
                .raw("dataSourceRef", "dataSourceRef specifies the object from which to populate the volume with data, if a non-empty volume is desired."),
                .ref("resources", c("VolumeResourceRequirements"), "resources represents the minimum resources the volume should have."),
                .ref("selector", n.labelSelector, "selector is a label query over volumes to consider for binding."),
                .string("storageClassName", "storageClassName is the name of the StorageClass required by the claim."),
                .string("volumeAttributesClassName", "volumeAttributesClassName may be used to set the VolumeAttributesClass used by this claim."),
                .string("volumeMode", "volumeMode defines what type of volume is required by the claim.", enum: ["Block", "Filesystem"]),
                .string("volumeName", "volumeName is the binding reference to the PersistentVolume backing this claim."),
            ]),
            SchemaDefinition(c("PersistentVolumeClaimStatus"), "PersistentVolumeClaimStatus is the current status of a persistent volume claim.", [
                .strings("accessModes", "accessModes contains the actual access modes the volume backing the PVC has."),
                .quantities("capacity", "capacity represents the actual resources of the underlying volume."),
                .string("phase", "phase represents the current phase of PersistentVolumeClaim.", enum: ["Bound", "Lost", "Pending"]),
            ]).open(),
            SchemaDefinition(c("VolumeResourceRequirements"), "VolumeResourceRequirements describes the storage resource requirements for a volume.", [
                .quantities("limits", "Limits describes the maximum amount of compute resources allowed."),
                .quantities("requests", "Requests describes the minimum amount of compute resources required."),
            ]),
            SchemaDefinition(c("TypedLocalObjectReference"), "TypedLocalObjectReference contains enough information to let you locate the typed referenced object inside the same namespace.", [
                .string("apiGroup", "APIGroup is the group for the resource being referenced."),
                .string("kind", "Kind is the type of resource being referenced").required(),
                .string("name", "Name is the name of resource being referenced").required(),
            ]),
            SchemaDefinition(c("ObjectReference"), "ObjectReference contains enough information to let you inspect or modify the referred object.", [
                .string("apiVersion", "API version of the referent."), .string("fieldPath", "If referring to a piece of an object instead of an entire object, this string should contain a valid JSON/Go field access statement."),
                .string("kind", "Kind of the referent."), .string("name", "Name of the referent."), .string("namespace", "Namespace of the referent."),
                .string("resourceVersion", "Specific resourceVersion to which this reference is made, if any."), .string("uid", "UID of the referent."),
            ]),
            kind("Event", "Event is a report of an event somewhere in the cluster.", [
                .string("action", "What action was taken/failed regarding to the Regarding object."),
                .integer("count", "The number of times this event has occurred."),
                .time("eventTime", "Time when this Event was first observed."),
                .time("firstTimestamp", "The time at which the event was first recorded."),
                .ref("involvedObject", c("ObjectReference"), "The object that this event is about.").required(),
                .time("lastTimestamp", "The time at which the most recent occurrence of this event was recorded."),
                .string("message", "A human-readable description of the status of this operation."),
                .string("reason", "This should be a short, machine understandable string that gives the reason for the transition into the object's current status."),
                .ref("related", c("ObjectReference"), "Optional secondary object for more complex actions."),
                .string("reportingComponent", "Name of the controller that emitted this Event."),
                .string("reportingInstance", "ID of the controller instance."),
                .raw("series", "Data about the Event series this event represents or nil if it's a singleton Event."),
                .raw("source", "The component reporting this event."),
                .string("type", "Type of this event (Normal, Warning), new types could be added in the future"),
            ]),
        ] + services
    }()

    /// The fields of a typed status condition (Pod, Deployment, Job, ...).
    static var conditionFields: [SchemaField] {
        [
            .time("lastProbeTime", "Last time the condition was probed."),
            .time("lastTransitionTime", "Last time the condition transitioned from one status to another."),
            .time("lastUpdateTime", "The last time this condition was updated."),
            .string("message", "Human-readable message indicating details about last transition."),
            .string("reason", "Unique, one-word, CamelCase reason for the condition's last transition."),
            .string("status", "Status of the condition, one of True, False, Unknown.").required(),
            .string("type", "Type of the condition.").required(),
        ]
    }
}
