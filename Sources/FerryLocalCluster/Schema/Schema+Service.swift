/// core/v1 Service.
extension SchemaCatalog {
    static let services: [SchemaDefinition] = {
        let c = SchemaNames.core
        return [
            .topLevel(c("Service"), group: "", version: "v1", "Service", "Service is a named abstraction of software service (for example, mysql) consisting of local port (for example 3306) that the proxy listens on, and the selector that determines which pods will answer requests sent through the proxy.", [
                .ref("spec", c("ServiceSpec"), "Spec defines the behavior of a service."),
                .ref("status", c("ServiceStatus"), "Most recently observed status of the service."),
            ]),
            SchemaDefinition(c("ServiceSpec"), "ServiceSpec describes the attributes that a user creates on a service.", [
                .boolean("allocateLoadBalancerNodePorts", "allocateLoadBalancerNodePorts defines if NodePorts will be automatically allocated for services with type LoadBalancer."),
                .string("clusterIP", "clusterIP is the IP address of the service and is usually assigned randomly."),
                .strings("clusterIPs", "ClusterIPs is a list of IP addresses assigned to this service, and are usually assigned randomly."),
                .strings("externalIPs", "externalIPs is a list of IP addresses for which nodes in the cluster will also accept traffic for this service."),
                .string("externalName", "externalName is the external reference that discovery mechanisms will return as an alias for this service (e.g. a DNS CNAME record)."),
                .string("externalTrafficPolicy", "externalTrafficPolicy describes how nodes distribute service traffic they receive on one of the Service's \"externally-facing\" addresses.", enum: ["Cluster", "Local"]),
                .integer("healthCheckNodePort", "healthCheckNodePort specifies the healthcheck nodePort for the service."),
                .string("internalTrafficPolicy", "InternalTrafficPolicy describes how nodes distribute service traffic they receive on the ClusterIP.", enum: ["Cluster", "Local"]),
                .strings("ipFamilies", "IPFamilies is a list of IP families (e.g. IPv4, IPv6) assigned to this service."),
                .string("ipFamilyPolicy", "IPFamilyPolicy represents the dual-stack-ness requested or required by this Service.", enum: ["PreferDualStack", "RequireDualStack", "SingleStack"]),
                .string("loadBalancerClass", "loadBalancerClass is the class of the load balancer implementation this Service belongs to."),
                .string("loadBalancerIP", "Only applies to Service Type: LoadBalancer. Deprecated."),
                .strings("loadBalancerSourceRanges", "If specified and supported by the platform, this will restrict traffic through the cloud-provider load-balancer will be restricted to the specified client IPs."),
                .list("ports", c("ServicePort"), "The list of ports that are exposed by this service.", mergeKey: "port", mapKeys: ["port", "protocol"]),
                .boolean("publishNotReadyAddresses", "publishNotReadyAddresses indicates that any agent which deals with endpoints for this Service should disregard any indications of ready/not-ready."),
                .map("selector", "Route service traffic to pods with label keys and values matching this selector."),
                .string("sessionAffinity", "Supports \"ClientIP\" and \"None\". Used to maintain session affinity.", enum: ["ClientIP", "None"]),
                .ref("sessionAffinityConfig", c("SessionAffinityConfig"), "sessionAffinityConfig contains the configurations of session affinity."),
                .string("trafficDistribution", "TrafficDistribution offers a way to express preferences for how traffic is distributed to Service endpoints."),
                .string("type", "type determines how the Service is exposed.", enum: ["ClusterIP", "ExternalName", "LoadBalancer", "NodePort"]),
            ]),
            SchemaDefinition(c("ServicePort"), "ServicePort contains information on service's port.", [
                .string("appProtocol", "The application protocol for this port."),
                .string("name", "The name of this port within the service. This must be a DNS_LABEL."),
                .integer("nodePort", "The port on each node on which this service is exposed when type is NodePort or LoadBalancer."),
                .integer("port", "The port that will be exposed by this service.").required(),
                .string("protocol", "The IP protocol for this port. Supports \"TCP\", \"UDP\", and \"SCTP\". Default is TCP.", enum: ["SCTP", "TCP", "UDP"]),
                .intOrString("targetPort", "Number or name of the port to access on the pods targeted by the service."),
            ]),
            SchemaDefinition(c("SessionAffinityConfig"), "SessionAffinityConfig represents the configurations of session affinity.", [
                .ref("clientIP", c("ClientIPConfig"), "clientIP contains the configurations of Client IP based session affinity."),
            ]),
            SchemaDefinition(c("ClientIPConfig"), "ClientIPConfig represents the configurations of Client IP based session affinity.", [
                .integer("timeoutSeconds", "timeoutSeconds specifies the seconds of ClientIP type session sticky time."),
            ]),
            SchemaDefinition(c("ServiceStatus"), "ServiceStatus represents the current status of a service.", [
                .list("conditions", SchemaNames.condition, "Current service state", mergeKey: "type"),
                .raw("loadBalancer", "LoadBalancer contains the current status of the load-balancer, if one is present."),
            ]).open(),
        ]
    }()
}
