/// core/v1 probes, lifecycle hooks and security contexts.
extension SchemaCatalog {
    static let probes: [SchemaDefinition] = {
        let c = SchemaNames.core
        let handlers: [SchemaField] = [
            .ref("exec", c("ExecAction"), "Exec specifies a command to execute in the container."),
            .ref("grpc", c("GRPCAction"), "GRPC specifies a GRPC HealthCheckRequest."),
            .ref("httpGet", c("HTTPGetAction"), "HTTPGet specifies an HTTP GET request to perform."),
            .ref("tcpSocket", c("TCPSocketAction"), "TCPSocket specifies a connection to a TCP port."),
        ]
        return [
            SchemaDefinition(c("Probe"), "Probe describes a health check to be performed against a container to determine whether it is alive or ready to receive traffic.", handlers + [
                .integer("failureThreshold", "Minimum consecutive failures for the probe to be considered failed after having succeeded."),
                .integer("initialDelaySeconds", "Number of seconds after the container has started before liveness probes are initiated."),
                .integer("periodSeconds", "How often (in seconds) to perform the probe."),
                .integer("successThreshold", "Minimum consecutive successes for the probe to be considered successful after having failed."),
                .integer("terminationGracePeriodSeconds", "Optional duration in seconds the pod needs to terminate gracefully upon probe failure.", format: "int64"),
                .integer("timeoutSeconds", "Number of seconds after which the probe times out."),
            ]),
            SchemaDefinition(c("ExecAction"), "ExecAction describes a \"run in container\" action.", [
                .strings("command", "Command is the command line to execute inside the container."),
            ]),
            SchemaDefinition(c("GRPCAction"), "GRPCAction specifies an action involving a GRPC service.", [
                .integer("port", "Port number of the gRPC service.").required(),
                .string("service", "Service is the name of the service to place in the gRPC HealthCheckRequest."),
            ]),
            SchemaDefinition(c("HTTPGetAction"), "HTTPGetAction describes an action based on HTTP Get requests.", [
                .string("host", "Host name to connect to, defaults to the pod IP."),
                .list("httpHeaders", c("HTTPHeader"), "Custom headers to set in the request.", atomic: true),
                .string("path", "Path to access on the HTTP server."),
                .intOrString("port", "Name or number of the port to access on the container.").required(),
                .string("scheme", "Scheme to use for connecting to the host. Defaults to HTTP.", enum: ["HTTP", "HTTPS"]),
            ]),
            SchemaDefinition(c("HTTPHeader"), "HTTPHeader describes a custom header to be used in HTTP probes", [
                .string("name", "The header field name.").required(), .string("value", "The header field value").required(),
            ]),
            SchemaDefinition(c("TCPSocketAction"), "TCPSocketAction describes an action based on opening a socket", [
                .string("host", "Optional: Host name to connect to, defaults to the pod IP."),
                .intOrString("port", "Number or name of the port to access on the container.").required(),
            ]),
            SchemaDefinition(c("SleepAction"), "SleepAction describes a \"sleep\" action.", [
                .integer("seconds", "Seconds is the number of seconds to sleep.", format: "int64").required(),
            ]),
            SchemaDefinition(c("Lifecycle"), "Lifecycle describes actions that the management system should take in response to container lifecycle events.", [
                .ref("postStart", c("LifecycleHandler"), "PostStart is called immediately after a container is created."),
                .ref("preStop", c("LifecycleHandler"), "PreStop is called immediately before a container is terminated."),
                .string("stopSignal", "StopSignal defines which signal will be sent to a container when it is being stopped."),
            ]),
            SchemaDefinition(c("LifecycleHandler"), "LifecycleHandler defines a specific action that should be taken in a lifecycle hook.", [
                .ref("exec", c("ExecAction"), "Exec specifies a command to execute in the container."),
                .ref("httpGet", c("HTTPGetAction"), "HTTPGet specifies an HTTP GET request to perform."),
                .ref("sleep", c("SleepAction"), "Sleep represents a duration that the container should sleep."),
                .ref("tcpSocket", c("TCPSocketAction"), "Deprecated. TCPSocket is NOT supported as a LifecycleHandler."),
            ]),
            SchemaDefinition(c("SecurityContext"), "SecurityContext holds security configuration that will be applied to a container.", [
                .boolean("allowPrivilegeEscalation", "AllowPrivilegeEscalation controls whether a process can gain more privileges than its parent process."),
                .ref("appArmorProfile", c("AppArmorProfile"), "appArmorProfile is the AppArmor options to use by this container."),
                .ref("capabilities", c("Capabilities"), "The capabilities to add/drop when running containers."),
                .boolean("privileged", "Run container in privileged mode."),
                .string("procMount", "procMount denotes the type of proc mount to use for the containers.", enum: ["Default", "Unmasked"]),
                .boolean("readOnlyRootFilesystem", "Whether this container has a read-only root filesystem."),
                .integer("runAsGroup", "The GID to run the entrypoint of the container process.", format: "int64"),
                .boolean("runAsNonRoot", "Indicates that the container must run as a non-root user."),
                .integer("runAsUser", "The UID to run the entrypoint of the container process.", format: "int64"),
                .ref("seLinuxOptions", c("SELinuxOptions"), "The SELinux context to be applied to the container."),
                .ref("seccompProfile", c("SeccompProfile"), "The seccomp options to use by this container."),
                .ref("windowsOptions", c("WindowsSecurityContextOptions"), "The Windows specific settings applied to all containers."),
            ]),
            SchemaDefinition(c("PodSecurityContext"), "PodSecurityContext holds pod-level security attributes and common container settings.", [
                .ref("appArmorProfile", c("AppArmorProfile"), "appArmorProfile is the AppArmor options to use by the containers in this pod."),
                .integer("fsGroup", "A special supplemental group that applies to all containers in a pod.", format: "int64"),
                .string("fsGroupChangePolicy", "fsGroupChangePolicy defines behavior of changing ownership and permission of the volume before being exposed inside Pod.", enum: ["Always", "OnRootMismatch"]),
                .integer("runAsGroup", "The GID to run the entrypoint of the container process.", format: "int64"),
                .boolean("runAsNonRoot", "Indicates that the container must run as a non-root user."),
                .integer("runAsUser", "The UID to run the entrypoint of the container process.", format: "int64"),
                .string("seLinuxChangePolicy", "seLinuxChangePolicy defines how the container's SELinux label is applied to all volumes used by the Pod."),
                .ref("seLinuxOptions", c("SELinuxOptions"), "The SELinux context to be applied to all containers."),
                .ref("seccompProfile", c("SeccompProfile"), "The seccomp options to use by the containers in this pod."),
                SchemaField(name: "supplementalGroups", type: .array(.integer), description: "A list of groups applied to the first process run in each container.", format: "int64", listType: "atomic"),
                .string("supplementalGroupsPolicy", "Defines how supplemental groups of the first container processes are calculated.", enum: ["Merge", "Strict"]),
                .list("sysctls", c("Sysctl"), "Sysctls hold a list of namespaced sysctls used for the pod.", atomic: true),
                .ref("windowsOptions", c("WindowsSecurityContextOptions"), "The Windows specific settings applied to all containers."),
            ]),
            SchemaDefinition(c("AppArmorProfile"), "AppArmorProfile defines a pod or container's AppArmor settings.", [
                .string("localhostProfile", "localhostProfile indicates a profile loaded on the node that should be used."),
                .string("type", "type indicates which kind of AppArmor profile will be applied.", enum: ["Localhost", "RuntimeDefault", "Unconfined"]).required(),
            ]),
            SchemaDefinition(c("Capabilities"), "Adds and removes POSIX capabilities from running containers.", [
                .strings("add", "Added capabilities"), .strings("drop", "Removed capabilities"),
            ]),
            SchemaDefinition(c("SELinuxOptions"), "SELinuxOptions are the labels to be applied to the container", [
                .string("level", "Level is SELinux level label that applies to the container."),
                .string("role", "Role is a SELinux role label that applies to the container."),
                .string("type", "Type is a SELinux type label that applies to the container."),
                .string("user", "User is a SELinux user label that applies to the container."),
            ]),
            SchemaDefinition(c("SeccompProfile"), "SeccompProfile defines a pod/container's seccomp profile settings.", [
                .string("localhostProfile", "localhostProfile indicates a profile defined in a file on the node should be used."),
                .string("type", "type indicates which kind of seccomp profile will be applied.", enum: ["Localhost", "RuntimeDefault", "Unconfined"]).required(),
            ]),
            SchemaDefinition(c("Sysctl"), "Sysctl defines a kernel parameter to be set", [
                .string("name", "Name of a property to set").required(), .string("value", "Value of a property to set").required(),
            ]),
            SchemaDefinition(c("WindowsSecurityContextOptions"), "WindowsSecurityContextOptions contain Windows-specific options and credentials.", [
                .string("gmsaCredentialSpec", "GMSACredentialSpec is where the GMSA admission webhook inlines the contents of the GMSA credential spec."),
                .string("gmsaCredentialSpecName", "GMSACredentialSpecName is the name of the GMSA credential spec to use."),
                .boolean("hostProcess", "HostProcess determines if a container should be run as a 'Host Process' container."),
                .string("runAsUserName", "The UserName in Windows to run the entrypoint of the container process."),
            ]),
        ]
    }()
}
