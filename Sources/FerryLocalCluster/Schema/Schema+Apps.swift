/// apps/v1: Deployments, ReplicaSets, StatefulSets, DaemonSets, ControllerRevisions.
extension SchemaCatalog {
    static let apps: [SchemaDefinition] = {
        let a = SchemaNames.apps
        let n = SchemaNames.self
        func kind(_ name: String, _ description: String, _ fields: [SchemaField]) -> SchemaDefinition {
            .topLevel(a(name), group: "apps", version: "v1", name, description, fields)
        }
        let selector: SchemaField = .ref("selector", n.labelSelector, "Label selector for pods. It must match the pod template's labels.").required()
        let template: SchemaField = .ref("template", n.podTemplateSpec, "Template describes the pods that will be created.").required()
        let minReady: SchemaField = .integer("minReadySeconds", "Minimum number of seconds for which a newly created pod should be ready without any of its container crashing, for it to be considered available.")
        let history: SchemaField = .integer("revisionHistoryLimit", "The number of old history to retain to allow rollback.")
        let status: (String) -> SchemaField = { name in .ref("status", a(name), "Most recently observed status.") }
        return [
            kind("Deployment", "Deployment enables declarative updates for Pods and ReplicaSets.", [
                .ref("spec", a("DeploymentSpec"), "Specification of the desired behavior of the Deployment."), status("DeploymentStatus"),
            ]),
            SchemaDefinition(a("DeploymentSpec"), "DeploymentSpec is the specification of the desired behavior of the Deployment.", [
                minReady,
                .boolean("paused", "Indicates that the deployment is paused."),
                .integer("progressDeadlineSeconds", "The maximum time in seconds for a deployment to make progress before it is considered to be failed."),
                .integer("replicas", "Number of desired pods. This is a pointer to distinguish between explicit zero and not specified. Defaults to 1."),
                history, selector,
                .ref("strategy", a("DeploymentStrategy"), "The deployment strategy to use to replace existing pods with new ones."),
                template,
            ]),
            SchemaDefinition(a("DeploymentStrategy"), "DeploymentStrategy describes how to replace existing pods with new ones.", [
                .ref("rollingUpdate", a("RollingUpdateDeployment"), "Rolling update config params. Present only if DeploymentStrategyType = RollingUpdate."),
                .string("type", "Type of deployment. Can be \"Recreate\" or \"RollingUpdate\". Default is RollingUpdate.", enum: ["Recreate", "RollingUpdate"]),
            ]),
            SchemaDefinition(a("RollingUpdateDeployment"), "Spec to control the desired behavior of rolling update.", [
                .intOrString("maxSurge", "The maximum number of pods that can be scheduled above the desired number of pods."),
                .intOrString("maxUnavailable", "The maximum number of pods that can be unavailable during the update."),
            ]),
            SchemaDefinition(a("DeploymentStatus"), "DeploymentStatus is the most recently observed status of the Deployment.", [
                .integer("availableReplicas", "Total number of available non-terminating pods targeted by this deployment."),
                .integer("collisionCount", "Count of hash collisions for the Deployment."),
                .list("conditions", a("DeploymentCondition"), "Represents the latest available observations of a deployment's current state.", mergeKey: "type"),
                .integer("observedGeneration", "The generation observed by the deployment controller.", format: "int64"),
                .integer("readyReplicas", "Total number of non-terminating pods targeted by this Deployment with a Ready Condition."),
                .integer("replicas", "Total number of non-terminating pods targeted by this deployment (their labels match the selector)."),
                .integer("terminatingReplicas", "Total number of terminating pods targeted by this deployment."),
                .integer("unavailableReplicas", "Total number of unavailable pods targeted by this deployment."),
                .integer("updatedReplicas", "Total number of non-terminating pods targeted by this deployment that have the desired template spec."),
            ]).open(),
            SchemaDefinition(a("DeploymentCondition"), "DeploymentCondition describes the state of a deployment at a certain point.", conditionFields).open(),
            kind("ReplicaSet", "ReplicaSet ensures that a specified number of pod replicas are running at any given time.", [
                .ref("spec", a("ReplicaSetSpec"), "Spec defines the specification of the desired behavior of the ReplicaSet."), status("ReplicaSetStatus"),
            ]),
            SchemaDefinition(a("ReplicaSetSpec"), "ReplicaSetSpec is the specification of a ReplicaSet.", [
                minReady,
                .integer("replicas", "Replicas is the number of desired pods."),
                selector,
                .ref("template", n.podTemplateSpec, "Template is the object that describes the pod that will be created if insufficient replicas are detected."),
            ]),
            SchemaDefinition(a("ReplicaSetStatus"), "ReplicaSetStatus represents the current status of a ReplicaSet.", [
                .integer("availableReplicas", "The number of available non-terminating pods for this replica set."),
                .raw("conditions", "Represents the latest available observations of a replica set's current state."),
                .integer("fullyLabeledReplicas", "The number of non-terminating pods that have labels matching the labels of the pod template of the replicaset."),
                .integer("observedGeneration", "ObservedGeneration reflects the generation of the most recently observed ReplicaSet.", format: "int64"),
                .integer("readyReplicas", "The number of non-terminating pods targeted by this ReplicaSet with a Ready Condition."),
                .integer("replicas", "Replicas is the most recently observed number of non-terminating pods.").required(),
            ]).open(),
            kind("StatefulSet", "StatefulSet represents a set of pods with consistent identities.", [
                .ref("spec", a("StatefulSetSpec"), "Spec defines the desired identities of pods in this set."), status("StatefulSetStatus"),
            ]),
            SchemaDefinition(a("StatefulSetSpec"), "A StatefulSetSpec is the specification of a StatefulSet.", [
                minReady,
                .ref("ordinals", a("StatefulSetOrdinals"), "ordinals controls the numbering of replica indices in a StatefulSet."),
                .ref("persistentVolumeClaimRetentionPolicy", a("StatefulSetPersistentVolumeClaimRetentionPolicy"), "persistentVolumeClaimRetentionPolicy describes the lifecycle of persistent volume claims created from volumeClaimTemplates."),
                .string("podManagementPolicy", "podManagementPolicy controls how pods are created during initial scale up, when replacing pods on nodes, or when scaling down.", enum: ["OrderedReady", "Parallel"]),
                .integer("replicas", "replicas is the desired number of replicas of the given Template."),
                history, selector,
                .string("serviceName", "serviceName is the name of the service that governs this StatefulSet."),
                template,
                .ref("updateStrategy", a("StatefulSetUpdateStrategy"), "updateStrategy indicates the StatefulSetUpdateStrategy that will be employed to update Pods in the StatefulSet when a revision is made to Template."),
                .list("volumeClaimTemplates", SchemaNames.core("PersistentVolumeClaim"), "volumeClaimTemplates is a list of claims that pods are allowed to reference.", atomic: true),
            ]),
            SchemaDefinition(a("StatefulSetOrdinals"), "StatefulSetOrdinals describes the policy used for replica ordinal assignment in this StatefulSet.", [
                .integer("start", "start is the number representing the first replica's index."),
            ]),
            SchemaDefinition(a("StatefulSetPersistentVolumeClaimRetentionPolicy"), "StatefulSetPersistentVolumeClaimRetentionPolicy describes the policy used for PVCs created from the StatefulSet VolumeClaimTemplates.", [
                .string("whenDeleted", "WhenDeleted specifies what happens to PVCs created from StatefulSet VolumeClaimTemplates when the StatefulSet is deleted.", enum: ["Delete", "Retain"]),
                .string("whenScaled", "WhenScaled specifies what happens to PVCs created from StatefulSet VolumeClaimTemplates when the StatefulSet is scaled down.", enum: ["Delete", "Retain"]),
            ]),
            SchemaDefinition(a("StatefulSetUpdateStrategy"), "StatefulSetUpdateStrategy indicates the strategy that the StatefulSet controller will use to perform updates.", [
                .ref("rollingUpdate", a("RollingUpdateStatefulSetStrategy"), "RollingUpdate is used to communicate parameters when Type is RollingUpdateStatefulSetStrategyType."),
                .string("type", "Type indicates the type of the StatefulSetUpdateStrategy. Default is RollingUpdate.", enum: ["OnDelete", "RollingUpdate"]),
            ]),
            SchemaDefinition(a("RollingUpdateStatefulSetStrategy"), "RollingUpdateStatefulSetStrategy is used to communicate parameter for RollingUpdateStatefulSetStrategyType.", [
                .intOrString("maxUnavailable", "The maximum number of pods that can be unavailable during the update."),
                .integer("partition", "Partition indicates the ordinal at which the StatefulSet should be partitioned for updates."),
            ]),
            SchemaDefinition(a("StatefulSetStatus"), "StatefulSetStatus represents the current state of a StatefulSet.", [
                .integer("availableReplicas", "Total number of available pods (ready for at least minReadySeconds) targeted by this statefulset."),
                .integer("collisionCount", "collisionCount is the count of hash collisions for the StatefulSet."),
                .raw("conditions", "Represents the latest available observations of a statefulset's current state."),
                .integer("currentReplicas", "currentReplicas is the number of Pods created by the StatefulSet controller from the StatefulSet version indicated by currentRevision."),
                .string("currentRevision", "currentRevision, if not empty, indicates the version of the StatefulSet used to generate Pods in the sequence [0,currentReplicas)."),
                .integer("observedGeneration", "observedGeneration is the most recent generation observed for this StatefulSet.", format: "int64"),
                .integer("readyReplicas", "readyReplicas is the number of pods created for this StatefulSet with a Ready Condition."),
                .integer("replicas", "replicas is the number of Pods created by the StatefulSet controller.").required(),
                .string("updateRevision", "updateRevision, if not empty, indicates the version of the StatefulSet used to generate Pods in the sequence [replicas-updatedReplicas,replicas)"),
                .integer("updatedReplicas", "updatedReplicas is the number of Pods created by the StatefulSet controller from the StatefulSet version indicated by updateRevision."),
            ]).open(),
            kind("DaemonSet", "DaemonSet represents the configuration of a daemon set.", [
                .ref("spec", a("DaemonSetSpec"), "The desired behavior of this daemon set."), status("DaemonSetStatus"),
            ]),
            SchemaDefinition(a("DaemonSetSpec"), "DaemonSetSpec is the specification of a daemon set.", [
                minReady, history, selector,
                .ref("template", n.podTemplateSpec, "An object that describes the pod that will be created.").required(),
                .ref("updateStrategy", a("DaemonSetUpdateStrategy"), "An update strategy to replace existing DaemonSet pods with new pods."),
            ]),
            SchemaDefinition(a("DaemonSetUpdateStrategy"), "DaemonSetUpdateStrategy is a struct used to control the update strategy for a DaemonSet.", [
                .ref("rollingUpdate", a("RollingUpdateDaemonSet"), "Rolling update config params. Present only if type = \"RollingUpdate\"."),
                .string("type", "Type of daemon set update. Can be \"RollingUpdate\" or \"OnDelete\". Default is RollingUpdate.", enum: ["OnDelete", "RollingUpdate"]),
            ]),
            SchemaDefinition(a("RollingUpdateDaemonSet"), "Spec to control the desired behavior of daemon set rolling update.", [
                .intOrString("maxSurge", "The maximum number of nodes with an existing available DaemonSet pod that can have an updated DaemonSet pod during during an update."),
                .intOrString("maxUnavailable", "The maximum number of DaemonSet pods that can be unavailable during the update."),
            ]),
            SchemaDefinition(a("DaemonSetStatus"), "DaemonSetStatus represents the current status of a daemon set.", [
                .integer("currentNumberScheduled", "The number of nodes that are running at least 1 daemon pod and are supposed to run the daemon pod.").required(),
                .integer("desiredNumberScheduled", "The total number of nodes that should be running the daemon pod (including nodes correctly running the daemon pod).").required(),
                .integer("numberAvailable", "The number of nodes that should be running the daemon pod and have one or more of the daemon pod running and available."),
                .integer("numberMisscheduled", "The number of nodes that are running the daemon pod, but are not supposed to run the daemon pod.").required(),
                .integer("numberReady", "numberReady is the number of nodes that should be running the daemon pod and have one or more of the daemon pod running with a Ready Condition.").required(),
                .integer("numberUnavailable", "The number of nodes that should be running the daemon pod and have none of the daemon pod running and available."),
                .integer("observedGeneration", "The most recent generation observed by the daemon set controller.", format: "int64"),
                .integer("updatedNumberScheduled", "The total number of nodes that are running updated daemon pod"),
            ]).open(),
            kind("ControllerRevision", "ControllerRevision implements an immutable snapshot of state data.", [
                .raw("data", "Data is the serialized representation of the state."),
                .integer("revision", "Revision indicates the revision of the state represented by Data.", format: "int64").required(),
            ]),
        ]
    }()
}
