/// core/v1 scheduling constraints: node and pod (anti-)affinity.
extension SchemaCatalog {
    static let affinity: [SchemaDefinition] = {
        let c = SchemaNames.core
        let n = SchemaNames.self
        return [
            SchemaDefinition(c("Affinity"), "Affinity is a group of affinity scheduling rules.", [
                .ref("nodeAffinity", c("NodeAffinity"), "Describes node affinity scheduling rules for the pod."),
                .ref("podAffinity", c("PodAffinity"), "Describes pod affinity scheduling rules (e.g. co-locate this pod in the same node, zone, etc. as some other pod(s))."),
                .ref("podAntiAffinity", c("PodAntiAffinity"), "Describes pod anti-affinity scheduling rules (e.g. avoid putting this pod in the same node, zone, etc. as some other pod(s))."),
            ]),
            SchemaDefinition(c("NodeAffinity"), "Node affinity is a group of node affinity scheduling rules.", [
                .list("preferredDuringSchedulingIgnoredDuringExecution", c("PreferredSchedulingTerm"), "The scheduler will prefer to schedule pods to nodes that satisfy the affinity expressions specified by this field.", atomic: true),
                .ref("requiredDuringSchedulingIgnoredDuringExecution", c("NodeSelector"), "If the affinity requirements specified by this field are not met at scheduling time, the pod will not be scheduled onto the node."),
            ]),
            SchemaDefinition(c("NodeSelector"), "A node selector represents the union of the results of one or more label queries over a set of nodes.", [
                .list("nodeSelectorTerms", c("NodeSelectorTerm"), "Required. A list of node selector terms. The terms are ORed.", atomic: true).required(),
            ]),
            SchemaDefinition(c("NodeSelectorTerm"), "A null or empty node selector term matches no objects.", [
                .list("matchExpressions", c("NodeSelectorRequirement"), "A list of node selector requirements by node's labels.", atomic: true),
                .list("matchFields", c("NodeSelectorRequirement"), "A list of node selector requirements by node's fields.", atomic: true),
            ]),
            SchemaDefinition(c("NodeSelectorRequirement"), "A node selector requirement is a selector that contains values, a key, and an operator that relates the key and values.", [
                .string("key", "The label key that the selector applies to.").required(),
                .string("operator", "Represents a key's relationship to a set of values.", enum: ["DoesNotExist", "Exists", "Gt", "In", "Lt", "NotIn"]).required(),
                .strings("values", "An array of string values."),
            ]),
            SchemaDefinition(c("PreferredSchedulingTerm"), "An empty preferred scheduling term matches all objects with implicit weight 0.", [
                .ref("preference", c("NodeSelectorTerm"), "A node selector term, associated with the corresponding weight.").required(),
                .integer("weight", "Weight associated with matching the corresponding nodeSelectorTerm, in the range 1-100.").required(),
            ]),
            SchemaDefinition(c("PodAffinity"), "Pod affinity is a group of inter pod affinity scheduling rules.", podAffinityFields),
            SchemaDefinition(c("PodAntiAffinity"), "Pod anti affinity is a group of inter pod anti affinity scheduling rules.", podAffinityFields),
            SchemaDefinition(c("PodAffinityTerm"), "Defines a set of pods that this pod should be co-located (affinity) or not co-located (anti-affinity) with.", [
                .ref("labelSelector", n.labelSelector, "A label query over a set of resources, in this case pods."),
                .strings("matchLabelKeys", "MatchLabelKeys is a set of pod label keys to select which pods will be taken into consideration."),
                .strings("mismatchLabelKeys", "MismatchLabelKeys is a set of pod label keys to select which pods will be taken into consideration."),
                .ref("namespaceSelector", n.labelSelector, "A label query over the set of namespaces that the term applies to."),
                .strings("namespaces", "namespaces specifies a static list of namespace names that the term applies to."),
                .string("topologyKey", "This pod should be co-located (affinity) or not co-located (anti-affinity) with the pods matching the labelSelector in the specified namespaces.").required(),
            ]),
            SchemaDefinition(c("WeightedPodAffinityTerm"), "The weights of all of the matched WeightedPodAffinityTerm fields are added per-node to find the most preferred node(s)", [
                .ref("podAffinityTerm", c("PodAffinityTerm"), "Required. A pod affinity term, associated with the corresponding weight.").required(),
                .integer("weight", "weight associated with matching the corresponding podAffinityTerm, in the range 1-100.").required(),
            ]),
        ]
    }()

    private static var podAffinityFields: [SchemaField] {
        let c = SchemaNames.core
        return [
            .list("preferredDuringSchedulingIgnoredDuringExecution", c("WeightedPodAffinityTerm"), "The scheduler will prefer to schedule pods to nodes that satisfy the expressions specified by this field.", atomic: true),
            .list("requiredDuringSchedulingIgnoredDuringExecution", c("PodAffinityTerm"), "If the requirements specified by this field are not met at scheduling time, the pod will not be scheduled onto the node.", atomic: true),
        ]
    }
}
