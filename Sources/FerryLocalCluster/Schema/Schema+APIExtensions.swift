/// apiextensions.k8s.io/v1 CustomResourceDefinition. The structural schema inside a
/// version (JSONSchemaProps) is kept free-form here: the CRD handling checks it.
extension SchemaCatalog {
    static let apiextensions: [SchemaDefinition] = {
        let x = SchemaNames.apiextensions
        return [
            .topLevel(x("CustomResourceDefinition"), group: "apiextensions.k8s.io", version: "v1", "CustomResourceDefinition", "CustomResourceDefinition represents a resource that should be exposed on the API server.", [
                .ref("spec", x("CustomResourceDefinitionSpec"), "spec describes how the user wants the resources to appear").required(),
                .ref("status", x("CustomResourceDefinitionStatus"), "status indicates the actual state of the CustomResourceDefinition"),
            ]),
            SchemaDefinition(x("CustomResourceDefinitionSpec"), "CustomResourceDefinitionSpec describes how a user wants their resource to appear", [
                .raw("conversion", "conversion defines conversion settings for the CRD."),
                .string("group", "group is the API group of the defined custom resource.").required(),
                .ref("names", x("CustomResourceDefinitionNames"), "names specify the resource and kind names for the custom resource.").required(),
                .boolean("preserveUnknownFields", "preserveUnknownFields indicates that object fields which are not specified in the OpenAPI schema should be preserved when persisting to storage."),
                .string("scope", "scope indicates whether the defined custom resource is cluster- or namespace-scoped.", enum: ["Cluster", "Namespaced"]).required(),
                .list("versions", x("CustomResourceDefinitionVersion"), "versions is the list of all API versions of the defined custom resource.", atomic: true).required(),
            ]),
            SchemaDefinition(x("CustomResourceDefinitionNames"), "CustomResourceDefinitionNames indicates the names to serve this CustomResourceDefinition", [
                .strings("categories", "categories is a list of grouped resources this custom resource belongs to (e.g. 'all')."),
                .string("kind", "kind is the serialized kind of the resource.").required(),
                .string("listKind", "listKind is the serialized kind of the list for this resource."),
                .string("plural", "plural is the plural name of the resource to serve.").required(),
                .strings("shortNames", "shortNames are short names for the resource, exposed in API discovery documents."),
                .string("singular", "singular is the singular name of the resource."),
            ]),
            SchemaDefinition(x("CustomResourceDefinitionVersion"), "CustomResourceDefinitionVersion describes a version for CRD.", [
                .list("additionalPrinterColumns", x("CustomResourceColumnDefinition"), "additionalPrinterColumns specifies additional columns returned in Table output.", atomic: true),
                .boolean("deprecated", "deprecated indicates this version of the custom resource API is deprecated."),
                .string("deprecationWarning", "deprecationWarning overrides the default warning returned to API clients."),
                .string("name", "name is the version name, e.g. \u{201c}v1\u{201d}, \u{201c}v2beta1\u{201d}, etc.").required(),
                .ref("schema", x("CustomResourceValidation"), "schema describes the schema used for validation, pruning, and defaulting of this version of the custom resource."),
                .raw("selectableFields", "selectableFields specifies paths to fields that may be used as field selectors."),
                .boolean("served", "served is a flag enabling/disabling this version from being served via REST APIs").required(),
                .boolean("storage", "storage indicates this version should be used when persisting custom resources to storage.").required(),
                .ref("subresources", x("CustomResourceSubresources"), "subresources specify what subresources this version of the defined custom resource have."),
            ]),
            SchemaDefinition(x("CustomResourceColumnDefinition"), "CustomResourceColumnDefinition specifies a column for server side printing.", [
                .string("description", "description is a human readable description of this column."),
                .string("format", "format is an optional OpenAPI type definition for this column."),
                .string("jsonPath", "jsonPath is a simple JSON path (i.e. with array notation) which is evaluated against each custom resource to produce the value for this column.").required(),
                .string("name", "name is a human readable name for the column.").required(),
                .integer("priority", "priority is an integer defining the relative importance of this column compared to others."),
                .string("type", "type is an OpenAPI type definition for this column.").required(),
            ]),
            SchemaDefinition(x("CustomResourceValidation"), "CustomResourceValidation is a list of validation methods for CustomResources.", [
                .raw("openAPIV3Schema", "openAPIV3Schema is the OpenAPI v3 schema to use for validation and pruning."),
            ]),
            SchemaDefinition(x("CustomResourceSubresources"), "CustomResourceSubresources defines the status and scale subresources for CustomResources.", [
                .raw("scale", "scale indicates the custom resource should serve a `/scale` subresource that returns an `autoscaling/v1` Scale object."),
                .raw("status", "status indicates the custom resource should serve a `/status` subresource."),
            ]),
            SchemaDefinition(x("CustomResourceDefinitionStatus"), "CustomResourceDefinitionStatus indicates the state of the CustomResourceDefinition", [
                .raw("acceptedNames", "acceptedNames are the names that are actually being used to serve discovery."),
                .raw("conditions", "conditions indicate state for particular aspects of a CustomResourceDefinition"),
                .strings("storedVersions", "storedVersions lists all versions of CustomResources that were ever persisted."),
            ]).open(),
        ]
    }()
}
