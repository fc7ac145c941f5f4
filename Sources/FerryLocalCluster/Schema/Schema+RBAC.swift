/// rbac.authorization.k8s.io/v1: Roles, ClusterRoles and their bindings.
extension SchemaCatalog {
    static let rbac: [SchemaDefinition] = {
        let r = SchemaNames.rbac
        func kind(_ name: String, _ description: String, _ fields: [SchemaField]) -> SchemaDefinition {
            .topLevel(r(name), group: "rbac.authorization.k8s.io", version: "v1", name, description, fields)
        }
        let rules: SchemaField = .list("rules", r("PolicyRule"), "Rules holds all the PolicyRules for this Role", atomic: true)
        let binding: [SchemaField] = [
            .ref("roleRef", r("RoleRef"), "RoleRef can reference a Role in the current namespace or a ClusterRole in the global namespace.").required(),
            .list("subjects", r("Subject"), "Subjects holds references to the objects the role applies to.", atomic: true),
        ]
        return [
            kind("Role", "Role is a namespaced, logical grouping of PolicyRules that can be referenced as a unit by a RoleBinding.", [rules]),
            kind("ClusterRole", "ClusterRole is a cluster level, logical grouping of PolicyRules that can be referenced as a unit by a RoleBinding or ClusterRoleBinding.", [
                .ref("aggregationRule", r("AggregationRule"), "AggregationRule is an optional field that describes how to build the Rules for this ClusterRole."), rules,
            ]),
            kind("RoleBinding", "RoleBinding references a role, but does not contain it.", binding),
            kind("ClusterRoleBinding", "ClusterRoleBinding references a ClusterRole, but not contain it.", binding),
            SchemaDefinition(r("PolicyRule"), "PolicyRule holds information that describes a policy rule, but does not contain information about who the rule applies to or which namespace the rule applies to.", [
                .strings("apiGroups", "APIGroups is the name of the APIGroup that contains the resources."),
                .strings("nonResourceURLs", "NonResourceURLs is a set of partial urls that a user should have access to."),
                .strings("resourceNames", "ResourceNames is an optional white list of names that the rule applies to."),
                .strings("resources", "Resources is a list of resources this rule applies to. '*' represents all resources."),
                .strings("verbs", "Verbs is a list of Verbs that apply to ALL the ResourceKinds contained in this rule. '*' represents all verbs.").required(),
            ]),
            SchemaDefinition(r("AggregationRule"), "AggregationRule describes how to locate ClusterRoles to aggregate into the ClusterRole", [
                .list("clusterRoleSelectors", SchemaNames.labelSelector, "ClusterRoleSelectors holds a list of selectors which will be used to find ClusterRoles and create the rules.", atomic: true),
            ]),
            SchemaDefinition(r("RoleRef"), "RoleRef contains information that points to the role being used", [
                .string("apiGroup", "APIGroup is the group for the resource being referenced").required(),
                .string("kind", "Kind is the type of resource being referenced").required(),
                .string("name", "Name is the name of resource being referenced").required(),
            ]),
            SchemaDefinition(r("Subject"), "Subject contains a reference to the object or user identities a role binding applies to.", [
                .string("apiGroup", "APIGroup holds the API group of the referenced subject."),
                .string("kind", "Kind of object being referenced. Values defined by this API group are \"User\", \"Group\", and \"ServiceAccount\".").required(),
                .string("name", "Name of the object being referenced.").required(),
                .string("namespace", "Namespace of the referenced object."),
            ]),
        ]
    }()
}
