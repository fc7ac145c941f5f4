/// meta/v1 and the scalar types every group shares.
extension SchemaCatalog {
    static let meta: [SchemaDefinition] = {
        typealias F = SchemaField
        let n = SchemaNames.self
        return [
            .scalar(n.quantity, "Quantity is a fixed-point representation of a number, such as 500m or 1Gi.", .string(format: nil)),
            .scalar(n.intOrString, "IntOrString is a type that can hold an int32 or a string.", .intOrString),
            .scalar(n.time, "Time is a wrapper around time.Time which supports correct marshaling to YAML and JSON.", .string(format: "date-time")),
            .scalar(n.microTime, "MicroTime is version of Time with microsecond level precision.", .string(format: "date-time")),
            SchemaDefinition(n.objectMeta, "ObjectMeta is metadata that all persisted resources must have, which includes all objects users must create.", [
                .string("name", "Name must be unique within a namespace."),
                .string("generateName", "GenerateName is an optional prefix, used by the server, to generate a unique name ONLY IF the Name field has not been provided."),
                .string("namespace", "Namespace defines the space within which each name must be unique."),
                .string("selfLink", "Deprecated: selfLink is a legacy read-only field that is no longer populated by the system."),
                .string("uid", "UID is the unique in time and space value for this object."),
                .string("resourceVersion", "An opaque value that represents the internal version of this object."),
                .integer("generation", "A sequence number representing a specific generation of the desired state.", format: "int64"),
                .time("creationTimestamp", "CreationTimestamp is a timestamp representing the server time when this object was created."),
                .time("deletionTimestamp", "DeletionTimestamp is RFC 3339 date and time at which this resource will be deleted."),
                .integer("deletionGracePeriodSeconds", "Number of seconds allowed for this object to gracefully terminate before it will be removed from the system.", format: "int64"),
                .map("labels", "Map of string keys and values that can be used to organize and categorize (scope and select) objects."),
                .map("annotations", "Annotations is an unstructured key value map stored with a resource that may be set by external tools."),
                .list("ownerReferences", n.meta("OwnerReference"), "List of objects depended by this object.", mergeKey: "uid"),
                .strings("finalizers", "Must be empty before the object is deleted from the registry.", set: true),
                .list("managedFields", n.meta("ManagedFieldsEntry"), "ManagedFields maps workflow-id and version to the set of fields that are managed by that workflow.", atomic: true),
            ]),
            SchemaDefinition(n.meta("OwnerReference"), "OwnerReference contains enough information to let you identify an owning object.", [
                .string("apiVersion", "API version of the referent.").required(),
                .string("kind", "Kind of the referent.").required(),
                .string("name", "Name of the referent.").required(),
                .string("uid", "UID of the referent.").required(),
                .boolean("controller", "If true, this reference points to the managing controller."),
                .boolean("blockOwnerDeletion", "If true, AND if the owner has the \"foregroundDeletion\" finalizer, then the owner cannot be deleted from the key-value store until this reference is removed."),
            ]),
            SchemaDefinition(n.meta("ManagedFieldsEntry"), "ManagedFieldsEntry is a workflow-id, a FieldSet and the group version of the resource that the fieldset applies to.", [
                .string("manager", "Manager is an identifier of the workflow managing these fields."),
                .string("operation", "Operation is the type of operation which lead to this ManagedFieldsEntry being created.", enum: ["Apply", "Update"]),
                .string("apiVersion", "APIVersion defines the version of this resource that this field set applies to."),
                .time("time", "Time is the timestamp of when the ManagedFields entry was added."),
                .string("fieldsType", "FieldsType is the discriminator for the different fields format and version."),
                .raw("fieldsV1", "FieldsV1 holds the first JSON version format as described in the \"FieldsV1\" type."),
                .string("subresource", "Subresource is the name of the subresource used to update that object."),
            ]),
            SchemaDefinition(n.labelSelector, "A label selector is a label query over a set of resources.", [
                .list("matchExpressions", n.meta("LabelSelectorRequirement"), "matchExpressions is a list of label selector requirements. The requirements are ANDed.", atomic: true),
                .map("matchLabels", "matchLabels is a map of {key,value} pairs."),
            ]),
            SchemaDefinition(n.meta("LabelSelectorRequirement"), "A label selector requirement is a selector that contains values, a key, and an operator that relates the key and values.", [
                .string("key", "key is the label key that the selector applies to.").required(),
                .string("operator", "operator represents a key's relationship to a set of values.", enum: ["In", "NotIn", "Exists", "DoesNotExist"]).required(),
                .strings("values", "values is an array of string values."),
            ]),
            SchemaDefinition(n.condition, "Condition contains details for one aspect of the current state of this API Resource.", [
                .string("type", "type of condition in CamelCase or in foo.example.com/CamelCase.").required(),
                .string("status", "status of the condition, one of True, False, Unknown.", enum: ["True", "False", "Unknown"]).required(),
                .integer("observedGeneration", "observedGeneration represents the .metadata.generation that the condition was set based upon.", format: "int64"),
                .time("lastTransitionTime", "lastTransitionTime is the last time the condition transitioned from one status to another.").required(),
                .string("reason", "reason contains a programmatic identifier indicating the reason for the condition's last transition.").required(),
                .string("message", "message is a human readable message indicating details about the transition.").required(),
            ]),
        ]
    }()
}
