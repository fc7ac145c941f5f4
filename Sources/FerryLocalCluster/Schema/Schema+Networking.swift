/// networking.k8s.io/v1 Ingress, and coordination.k8s.io/v1 Lease.
extension SchemaCatalog {
    static let networking: [SchemaDefinition] = {
        let w = SchemaNames.networking
        return [
            .topLevel(w("Ingress"), group: "networking.k8s.io", version: "v1", "Ingress", "Ingress is a collection of rules that allow inbound connections to reach the endpoints defined by a backend.", [
                .ref("spec", w("IngressSpec"), "spec is the desired state of the Ingress."),
                .ref("status", w("IngressStatus"), "status is the current state of the Ingress."),
            ]),
            SchemaDefinition(w("IngressSpec"), "IngressSpec describes the Ingress the user wishes to exist.", [
                .ref("defaultBackend", w("IngressBackend"), "defaultBackend is the backend that should handle requests that don't match any rule."),
                .string("ingressClassName", "ingressClassName is the name of an IngressClass cluster resource."),
                .list("rules", w("IngressRule"), "rules is a list of host rules used to configure the Ingress.", atomic: true),
                .list("tls", w("IngressTLS"), "tls represents the TLS configuration.", atomic: true),
            ]),
            SchemaDefinition(w("IngressBackend"), "IngressBackend describes all endpoints for a given service and port.", [
                .ref("resource", SchemaNames.core("TypedLocalObjectReference"), "resource is an ObjectRef to another Kubernetes resource in the namespace of the Ingress object."),
                .ref("service", w("IngressServiceBackend"), "service references a service as a backend."),
            ]),
            SchemaDefinition(w("IngressServiceBackend"), "IngressServiceBackend references a Kubernetes Service as a Backend.", [
                .string("name", "name is the referenced service.").required(),
                .ref("port", w("ServiceBackendPort"), "port of the referenced service."),
            ]),
            SchemaDefinition(w("ServiceBackendPort"), "ServiceBackendPort is the service port being referenced.", [
                .string("name", "name is the name of the port on the Service."),
                .integer("number", "number is the numerical port number (e.g. 80) on the Service."),
            ]),
            SchemaDefinition(w("IngressRule"), "IngressRule represents the rules mapping the paths under a specified host to the related backend services.", [
                .string("host", "host is the fully qualified domain name of a network host, as defined by RFC 3986."),
                .ref("http", w("HTTPIngressRuleValue"), "A collection of paths that map requests to backends."),
            ]),
            SchemaDefinition(w("HTTPIngressRuleValue"), "HTTPIngressRuleValue is a list of http selectors pointing to backends.", [
                .list("paths", w("HTTPIngressPath"), "paths is a collection of paths that map requests to backends.", atomic: true).required(),
            ]),
            SchemaDefinition(w("HTTPIngressPath"), "HTTPIngressPath associates a path with a backend.", [
                .ref("backend", w("IngressBackend"), "backend defines the referenced service endpoint to which the traffic will be forwarded to.").required(),
                .string("path", "path is matched against the path of an incoming request."),
                .string("pathType", "pathType determines the interpretation of the path matching.", enum: ["Exact", "ImplementationSpecific", "Prefix"]).required(),
            ]),
            SchemaDefinition(w("IngressTLS"), "IngressTLS describes the transport layer security associated with an ingress.", [
                .strings("hosts", "hosts is a list of hosts included in the TLS certificate."),
                .string("secretName", "secretName is the name of the secret used to terminate TLS traffic on port 443."),
            ]),
            SchemaDefinition(w("IngressStatus"), "IngressStatus describe the current state of the Ingress.", [
                .raw("loadBalancer", "loadBalancer contains the current status of the load-balancer."),
            ]).open(),
            .topLevel(SchemaNames.coordination("Lease"), group: "coordination.k8s.io", version: "v1", "Lease", "Lease defines a lease concept.", [
                .ref("spec", SchemaNames.coordination("LeaseSpec"), "spec contains the specification of the Lease."),
            ]),
            SchemaDefinition(SchemaNames.coordination("LeaseSpec"), "LeaseSpec is a specification of a Lease.", [
                .ref("acquireTime", SchemaNames.microTime, "acquireTime is a time when the current lease was acquired."),
                .string("holderIdentity", "holderIdentity contains the identity of the holder of a current lease."),
                .integer("leaseDurationSeconds", "leaseDurationSeconds is a duration that candidates for a lease need to wait to force acquire it."),
                .integer("leaseTransitions", "leaseTransitions is the number of transitions of a lease between holders."),
                .string("preferredHolder", "PreferredHolder signals to a lease holder that the lease has a more optimal holder and should be given up."),
                .ref("renewTime", SchemaNames.microTime, "renewTime is a time when the current holder of a lease has last updated the lease."),
                .string("strategy", "Strategy indicates the strategy for picking the leader for coordinated leader election."),
            ]),
        ]
    }()
}
