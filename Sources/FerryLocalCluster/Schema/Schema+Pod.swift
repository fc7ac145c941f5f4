/// core/v1 pod templates: PodSpec and the container types.
extension SchemaCatalog {
    static let pod: [SchemaDefinition] = {
        let c = SchemaNames.core
        let n = SchemaNames.self
        return [
            SchemaDefinition(n.podTemplateSpec, "PodTemplateSpec describes the data a pod should have when created from a template.", [
                .ref("metadata", n.objectMeta, "Standard object's metadata."),
                .ref("spec", c("PodSpec"), "Specification of the desired behavior of the pod."),
            ]),
            SchemaDefinition(c("PodSpec"), "PodSpec is a description of a pod.", [
                .integer("activeDeadlineSeconds", "Optional duration in seconds the pod may be active on the node relative to StartTime before the system will actively try to mark it failed and kill associated containers.", format: "int64"),
                .ref("affinity", c("Affinity"), "If specified, the pod's scheduling constraints."),
                .boolean("automountServiceAccountToken", "AutomountServiceAccountToken indicates whether a service account token should be automatically mounted."),
                .list("containers", c("Container"), "List of containers belonging to the pod.", mergeKey: "name").required(),
                .ref("dnsConfig", c("PodDNSConfig"), "Specifies the DNS parameters of a pod."),
                .string("dnsPolicy", "Set DNS policy for the pod.", enum: ["ClusterFirst", "ClusterFirstWithHostNet", "Default", "None"]),
                .boolean("enableServiceLinks", "EnableServiceLinks indicates whether information about services should be injected into pod's environment variables."),
                .list("ephemeralContainers", c("EphemeralContainer"), "List of ephemeral containers run in this pod.", mergeKey: "name"),
                .list("hostAliases", c("HostAlias"), "HostAliases is an optional list of hosts and IPs that will be injected into the pod's hosts file if specified.", mergeKey: "ip"),
                .boolean("hostIPC", "Use the host's ipc namespace."),
                .boolean("hostNetwork", "Host networking requested for this pod."),
                .boolean("hostPID", "Use the host's pid namespace."),
                .boolean("hostUsers", "Use the host's user namespace."),
                .string("hostname", "Specifies the hostname of the Pod."),
                .list("imagePullSecrets", c("LocalObjectReference"), "ImagePullSecrets is an optional list of references to secrets in the same namespace to use for pulling any of the images used by this PodSpec.", mergeKey: "name"),
                .list("initContainers", c("Container"), "List of initialization containers belonging to the pod.", mergeKey: "name"),
                .string("nodeName", "NodeName indicates in which node this pod is scheduled."),
                .map("nodeSelector", "NodeSelector is a selector which must be true for the pod to fit on a node."),
                .ref("os", c("PodOS"), "Specifies the OS of the containers in the pod."),
                .quantities("overhead", "Overhead represents the resource overhead associated with running a pod for a given RuntimeClass."),
                .string("preemptionPolicy", "PreemptionPolicy is the Policy for preempting pods with lower priority.", enum: ["Never", "PreemptLowerPriority"]),
                .integer("priority", "The priority value."),
                .string("priorityClassName", "If specified, indicates the pod's priority."),
                .list("readinessGates", c("PodReadinessGate"), "If specified, all readiness gates will be evaluated for pod readiness.", atomic: true),
                .list("resourceClaims", c("PodResourceClaim"), "ResourceClaims defines which ResourceClaims must be allocated and reserved before the Pod is allowed to start.", mergeKey: "name"),
                .ref("resources", c("ResourceRequirements"), "Resources is the total amount of CPU and Memory resources required by all containers in the pod."),
                .string("restartPolicy", "Restart policy for all containers within the pod.", enum: ["Always", "OnFailure", "Never"]),
                .string("runtimeClassName", "RuntimeClassName refers to a RuntimeClass object in the node.k8s.io group."),
                .string("schedulerName", "If specified, the pod will be dispatched by specified scheduler."),
                .list("schedulingGates", c("PodSchedulingGate"), "SchedulingGates is an opaque list of values that if specified will block scheduling the pod.", mergeKey: "name"),
                .ref("securityContext", c("PodSecurityContext"), "SecurityContext holds pod-level security attributes and common container settings."),
                .string("serviceAccount", "DeprecatedServiceAccount is a deprecated alias for ServiceAccountName."),
                .string("serviceAccountName", "ServiceAccountName is the name of the ServiceAccount to use to run this pod."),
                .boolean("setHostnameAsFQDN", "If true the pod's hostname will be configured as the pod's FQDN, rather than the leaf name (the default)."),
                .boolean("shareProcessNamespace", "Share a single process namespace between all of the containers in a pod."),
                .string("subdomain", "If specified, the fully qualified Pod hostname will be \"<hostname>.<subdomain>.<pod namespace>.svc.<cluster domain>\"."),
                .integer("terminationGracePeriodSeconds", "Optional duration in seconds the pod needs to terminate gracefully.", format: "int64"),
                .list("tolerations", c("Toleration"), "If specified, the pod's tolerations.", atomic: true),
                .list("topologySpreadConstraints", c("TopologySpreadConstraint"), "TopologySpreadConstraints describes how a group of pods ought to spread across topology domains.", mergeKey: "topologyKey", mapKeys: ["topologyKey", "whenUnsatisfiable"]),
                .list("volumes", c("Volume"), "List of volumes that can be mounted by containers belonging to the pod.", mergeKey: "name"),
            ]),
            container(c("Container"), "A single application container that you want to run within a pod."),
            container(c("EphemeralContainer"), "An EphemeralContainer is a temporary container that you may add to an existing Pod for user-initiated activities such as debugging.",
                      extra: [.string("targetContainerName", "If set, the name of the container from PodSpec that this ephemeral container targets.")]),
            SchemaDefinition(c("ContainerPort"), "ContainerPort represents a network port in a single container.", [
                .integer("containerPort", "Number of port to expose on the pod's IP address.").required(),
                .string("hostIP", "What host IP to bind the external port to."),
                .integer("hostPort", "Number of port to expose on the host."),
                .string("name", "If specified, this must be an IANA_SVC_NAME and unique within the pod."),
                .string("protocol", "Protocol for port. Must be UDP, TCP, or SCTP.", enum: ["SCTP", "TCP", "UDP"]),
            ]),
            SchemaDefinition(c("EnvVar"), "EnvVar represents an environment variable present in a Container.", [
                .string("name", "Name of the environment variable.").required(),
                .string("value", "Variable references $(VAR_NAME) are expanded using the previously defined environment variables in the container and any service environment variables."),
                .ref("valueFrom", c("EnvVarSource"), "Source for the environment variable's value."),
            ]),
            SchemaDefinition(c("EnvVarSource"), "EnvVarSource represents a source for the value of an EnvVar.", [
                .ref("configMapKeyRef", c("ConfigMapKeySelector"), "Selects a key of a ConfigMap."),
                .ref("fieldRef", c("ObjectFieldSelector"), "Selects a field of the pod."),
                .ref("resourceFieldRef", c("ResourceFieldSelector"), "Selects a resource of the container."),
                .ref("secretKeyRef", c("SecretKeySelector"), "Selects a key of a secret in the pod's namespace."),
            ]),
            keySelector(c("ConfigMapKeySelector"), "Selects a key from a ConfigMap.", "ConfigMap"),
            keySelector(c("SecretKeySelector"), "SecretKeySelector selects a key of a Secret.", "Secret"),
            SchemaDefinition(c("ObjectFieldSelector"), "ObjectFieldSelector selects an APIVersioned field of an object.", [
                .string("apiVersion", "Version of the schema the FieldPath is written in terms of, defaults to \"v1\"."),
                .string("fieldPath", "Path of the field to select in the specified API version.").required(),
            ]),
            SchemaDefinition(c("ResourceFieldSelector"), "ResourceFieldSelector represents container resources (cpu, memory) and their output format.", [
                .string("containerName", "Container name: required for volumes, optional for env vars."),
                .quantity("divisor", "Specifies the output format of the exposed resources, defaults to \"1\"."),
                .string("resource", "Required: resource to select.").required(),
            ]),
            SchemaDefinition(c("EnvFromSource"), "EnvFromSource represents the source of a set of ConfigMaps or Secrets.", [
                .ref("configMapRef", c("ConfigMapEnvSource"), "The ConfigMap to select from."),
                .string("prefix", "Optional text to prepend to the name of each environment variable."),
                .ref("secretRef", c("SecretEnvSource"), "The Secret to select from."),
            ]),
            SchemaDefinition(c("ConfigMapEnvSource"), "ConfigMapEnvSource selects a ConfigMap to populate the environment variables with.", [
                .string("name", "Name of the referent."), .boolean("optional", "Specify whether the ConfigMap must be defined."),
            ]),
            SchemaDefinition(c("SecretEnvSource"), "SecretEnvSource selects a Secret to populate the environment variables with.", [
                .string("name", "Name of the referent."), .boolean("optional", "Specify whether the Secret must be defined."),
            ]),
            SchemaDefinition(c("ResourceRequirements"), "ResourceRequirements describes the compute resource requirements.", [
                .list("claims", c("ResourceClaim"), "Claims lists the names of resources, defined in spec.resourceClaims, that are used by this container.", mergeKey: "name"),
                .quantities("limits", "Limits describes the maximum amount of compute resources allowed."),
                .quantities("requests", "Requests describes the minimum amount of compute resources required."),
            ]),
            SchemaDefinition(c("ResourceClaim"), "ResourceClaim references one entry in PodSpec.ResourceClaims.", [
                .string("name", "Name must match the name of one entry in pod.spec.resourceClaims of the Pod where this field is used.").required(),
                .string("request", "Request is the name chosen for a request in the referenced claim."),
            ]),
            SchemaDefinition(c("PodResourceClaim"), "PodResourceClaim references exactly one ResourceClaim.", [
                .string("name", "Name uniquely identifies this resource claim inside the pod.").required(),
                .string("resourceClaimName", "ResourceClaimName is the name of a ResourceClaim object in the same namespace as this pod."),
                .string("resourceClaimTemplateName", "ResourceClaimTemplateName is the name of a ResourceClaimTemplate object in the same namespace as this pod."),
            ]),
            SchemaDefinition(c("ContainerResizePolicy"), "ContainerResizePolicy represents resource resize policy for the container.", [
                .string("resourceName", "Name of the resource to which this resource resize policy applies.").required(),
                .string("restartPolicy", "Restart policy to apply when specified resource is resized.").required(),
            ]),
            SchemaDefinition(c("VolumeMount"), "VolumeMount describes a mounting of a Volume within a container.", [
                .string("mountPath", "Path within the container at which the volume should be mounted.").required(),
                .string("mountPropagation", "mountPropagation determines how mounts are propagated from the host to container and the other way around.", enum: ["Bidirectional", "HostToContainer", "None"]),
                .string("name", "This must match the Name of a Volume.").required(),
                .boolean("readOnly", "Mounted read-only if true, read-write otherwise (false or unspecified)."),
                .string("recursiveReadOnly", "RecursiveReadOnly specifies whether read-only mounts should be handled recursively."),
                .string("subPath", "Path within the volume from which the container's volume should be mounted."),
                .string("subPathExpr", "Expanded path within the volume from which the container's volume should be mounted."),
            ]),
            SchemaDefinition(c("VolumeDevice"), "volumeDevice describes a mapping of a raw block device within a container.", [
                .string("devicePath", "devicePath is the path inside of the container that the device will be mapped to.").required(),
                .string("name", "name must match the name of a persistentVolumeClaim in the pod").required(),
            ]),
            SchemaDefinition(c("LocalObjectReference"), "LocalObjectReference contains enough information to let you locate the referenced object inside the same namespace.", [
                .string("name", "Name of the referent."),
            ]),
            SchemaDefinition(c("HostAlias"), "HostAlias holds the mapping between IP and hostnames that will be injected as an entry in the pod's hosts file.", [
                .strings("hostnames", "Hostnames for the above IP address."), .string("ip", "IP address of the host file entry.").required(),
            ]),
            SchemaDefinition(c("PodDNSConfig"), "PodDNSConfig defines the DNS parameters of a pod in addition to those generated from DNSPolicy.", [
                .strings("nameservers", "A list of DNS name server IP addresses."),
                .list("options", c("PodDNSConfigOption"), "A list of DNS resolver options.", atomic: true),
                .strings("searches", "A list of DNS search domains for host-name lookup."),
            ]),
            SchemaDefinition(c("PodDNSConfigOption"), "PodDNSConfigOption defines DNS resolver options of a pod.", [
                .string("name", "Name is this DNS resolver option's name."), .string("value", "Value is this DNS resolver option's value."),
            ]),
            SchemaDefinition(c("PodOS"), "PodOS defines the OS parameters of a pod.", [.string("name", "Name is the name of the operating system.").required()]),
            SchemaDefinition(c("PodReadinessGate"), "PodReadinessGate contains the reference to a pod condition", [
                .string("conditionType", "ConditionType refers to a condition in the pod's condition list with matching type.").required(),
            ]),
            SchemaDefinition(c("PodSchedulingGate"), "PodSchedulingGate is associated to a Pod to guard its scheduling.", [
                .string("name", "Name of the scheduling gate.").required(),
            ]),
            SchemaDefinition(c("Toleration"), "The pod this Toleration is attached to tolerates any taint that matches the triple <key,value,effect> using the matching operator <operator>.", [
                .string("effect", "Effect indicates the taint effect to match.", enum: ["NoExecute", "NoSchedule", "PreferNoSchedule"]),
                .string("key", "Key is the taint key that the toleration applies to."),
                .string("operator", "Operator represents a key's relationship to the value.", enum: ["Equal", "Exists"]),
                .integer("tolerationSeconds", "TolerationSeconds represents the period of time the toleration tolerates the taint.", format: "int64"),
                .string("value", "Value is the taint value the toleration matches to."),
            ]),
            SchemaDefinition(c("TopologySpreadConstraint"), "TopologySpreadConstraint specifies how to spread matching pods among the given topology.", [
                .ref("labelSelector", n.labelSelector, "LabelSelector is used to find matching pods."),
                .strings("matchLabelKeys", "MatchLabelKeys is a set of pod label keys to select the pods over which spreading will be calculated."),
                .integer("maxSkew", "MaxSkew describes the degree to which pods may be unevenly distributed.").required(),
                .integer("minDomains", "MinDomains indicates a minimum number of eligible domains."),
                .string("nodeAffinityPolicy", "NodeAffinityPolicy indicates how we will treat Pod's nodeAffinity/nodeSelector when calculating pod topology spread skew.", enum: ["Honor", "Ignore"]),
                .string("nodeTaintsPolicy", "NodeTaintsPolicy indicates how we will treat node taints when calculating pod topology spread skew.", enum: ["Honor", "Ignore"]),
                .string("topologyKey", "TopologyKey is the key of node labels.").required(),
                .string("whenUnsatisfiable", "WhenUnsatisfiable indicates how to deal with a pod if it doesn't satisfy the spread constraint.", enum: ["DoNotSchedule", "ScheduleAnyway"]).required(),
            ]),
        ]
    }()

    /// Container and EphemeralContainer share their fields.
    private static func container(_ name: String, _ description: String, extra: [SchemaField] = []) -> SchemaDefinition {
        let c = SchemaNames.core
        return SchemaDefinition(name, description, [
            .strings("args", "Arguments to the entrypoint."),
            .strings("command", "Entrypoint array. Not executed within a shell."),
            .list("env", c("EnvVar"), "List of environment variables to set in the container.", mergeKey: "name"),
            .list("envFrom", c("EnvFromSource"), "List of sources to populate environment variables in the container.", atomic: true),
            .string("image", "Container image name."),
            .string("imagePullPolicy", "Image pull policy. One of Always, Never, IfNotPresent.", enum: ["Always", "IfNotPresent", "Never"]),
            .ref("lifecycle", c("Lifecycle"), "Actions that the management system should take in response to container lifecycle events."),
            .ref("livenessProbe", c("Probe"), "Periodic probe of container liveness."),
            .string("name", "Name of the container specified as a DNS_LABEL.").required(),
            .list("ports", c("ContainerPort"), "List of ports to expose from the container.", mergeKey: "containerPort", mapKeys: ["containerPort", "protocol"]),
            .ref("readinessProbe", c("Probe"), "Periodic probe of container service readiness."),
            .list("resizePolicy", c("ContainerResizePolicy"), "Resources resize policy for the container.", atomic: true),
            .ref("resources", c("ResourceRequirements"), "Compute Resources required by this container."),
            .string("restartPolicy", "RestartPolicy defines the restart behavior of individual containers in a pod.", enum: ["Always"]),
            .ref("securityContext", c("SecurityContext"), "SecurityContext defines the security options the container should be run with."),
            .ref("startupProbe", c("Probe"), "StartupProbe indicates that the Pod has successfully initialized."),
            .boolean("stdin", "Whether this container should allocate a buffer for stdin in the container runtime."),
            .boolean("stdinOnce", "Whether the container runtime should close the stdin channel after it has been opened by a single attach."),
            .string("terminationMessagePath", "Path at which the file to which the container's termination message will be written is mounted into the container's filesystem."),
            .string("terminationMessagePolicy", "Indicate how the termination message should be populated.", enum: ["FallbackToLogsOnError", "File"]),
            .boolean("tty", "Whether this container should allocate a TTY for itself, also requires 'stdin' to be true."),
            .list("volumeDevices", c("VolumeDevice"), "volumeDevices is the list of block devices to be used by the container.", mergeKey: "devicePath"),
            .list("volumeMounts", c("VolumeMount"), "Pod volumes to mount into the container's filesystem.", mergeKey: "mountPath"),
            .string("workingDir", "Container's working directory."),
        ] + extra)
    }

    private static func keySelector(_ name: String, _ description: String, _ kind: String) -> SchemaDefinition {
        SchemaDefinition(name, description, [
            .string("key", "The key to select.").required(),
            .string("name", "Name of the referent."),
            .boolean("optional", "Specify whether the \(kind) or its key must be defined"),
        ])
    }
}
