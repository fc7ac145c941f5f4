/// autoscaling/v2 HorizontalPodAutoscaler.
extension SchemaCatalog {
    static let autoscaling: [SchemaDefinition] = {
        let h = SchemaNames.autoscaling
        let n = SchemaNames.self
        let identifier: SchemaField = .ref("metric", h("MetricIdentifier"), "metric identifies the target metric by name and selector").required()
        let target: SchemaField = .ref("target", h("MetricTarget"), "target specifies the target value for the given metric").required()
        return [
            .topLevel(h("HorizontalPodAutoscaler"), group: "autoscaling", version: "v2", "HorizontalPodAutoscaler", "HorizontalPodAutoscaler is the configuration for a horizontal pod autoscaler, which automatically manages the replica count of any resource implementing the scale subresource based on the metrics specified.", [
                .ref("spec", h("HorizontalPodAutoscalerSpec"), "spec is the specification for the behaviour of the autoscaler."),
                .ref("status", h("HorizontalPodAutoscalerStatus"), "status is the current information about the autoscaler."),
            ]),
            SchemaDefinition(h("HorizontalPodAutoscalerSpec"), "HorizontalPodAutoscalerSpec describes the desired functionality of the HorizontalPodAutoscaler.", [
                .ref("behavior", h("HorizontalPodAutoscalerBehavior"), "behavior configures the scaling behavior of the target in both Up and Down directions."),
                .integer("maxReplicas", "maxReplicas is the upper limit for the number of replicas to which the autoscaler can scale up.").required(),
                .list("metrics", h("MetricSpec"), "metrics contains the specifications for which to use to calculate the desired replica count.", atomic: true),
                .integer("minReplicas", "minReplicas is the lower limit for the number of replicas to which the autoscaler can scale down."),
                .ref("scaleTargetRef", h("CrossVersionObjectReference"), "scaleTargetRef points to the target resource to scale.").required(),
            ]),
            SchemaDefinition(h("CrossVersionObjectReference"), "CrossVersionObjectReference contains enough information to let you identify the referred resource.", [
                .string("apiVersion", "apiVersion is the API version of the referent"),
                .string("kind", "kind is the kind of the referent").required(),
                .string("name", "name is the name of the referent").required(),
            ]),
            SchemaDefinition(h("MetricSpec"), "MetricSpec specifies how to scale based on a single metric.", [
                .ref("containerResource", h("ContainerResourceMetricSource"), "containerResource refers to a resource metric known to Kubernetes describing a single container in each pod of the current scale target."),
                .ref("external", h("ExternalMetricSource"), "external refers to a global metric that is not associated with any Kubernetes object."),
                .ref("object", h("ObjectMetricSource"), "object refers to a metric describing a single kubernetes object."),
                .ref("pods", h("PodsMetricSource"), "pods refers to a metric describing each pod in the current scale target."),
                .ref("resource", h("ResourceMetricSource"), "resource refers to a resource metric known to Kubernetes describing each pod in the current scale target."),
                .string("type", "type is the type of metric source.", enum: ["ContainerResource", "External", "Object", "Pods", "Resource"]).required(),
            ]),
            SchemaDefinition(h("ContainerResourceMetricSource"), "ContainerResourceMetricSource indicates how to scale on a resource metric known to Kubernetes.", [
                .string("container", "container is the name of the container in the pods of the scaling target").required(),
                .string("name", "name is the name of the resource in question.").required(), target,
            ]),
            SchemaDefinition(h("ResourceMetricSource"), "ResourceMetricSource indicates how to scale on a resource metric known to Kubernetes.", [
                .string("name", "name is the name of the resource in question.").required(), target,
            ]),
            SchemaDefinition(h("ExternalMetricSource"), "ExternalMetricSource indicates how to scale on a metric not associated with any Kubernetes object.", [identifier, target]),
            SchemaDefinition(h("PodsMetricSource"), "PodsMetricSource indicates how to scale on a metric describing each pod in the current scale target.", [identifier, target]),
            SchemaDefinition(h("ObjectMetricSource"), "ObjectMetricSource indicates how to scale on a metric describing a kubernetes object.", [
                .ref("describedObject", h("CrossVersionObjectReference"), "describedObject specifies the descriptions of a object,such as kind,name apiVersion").required(),
                identifier, target,
            ]),
            SchemaDefinition(h("MetricIdentifier"), "MetricIdentifier defines the name and optionally selector for a metric", [
                .string("name", "name is the name of the given metric").required(),
                .ref("selector", n.labelSelector, "selector is the string-encoded form of a standard kubernetes label selector for the given metric."),
            ]),
            SchemaDefinition(h("MetricTarget"), "MetricTarget defines the target value, average value, or average utilization of a specific metric", [
                .integer("averageUtilization", "averageUtilization is the target value of the average of the resource metric across all relevant pods, represented as a percentage of the requested value of the resource for the pods."),
                .quantity("averageValue", "averageValue is the target value of the average of the metric across all relevant pods (as a quantity)"),
                .string("type", "type represents whether the metric type is Utilization, Value, or AverageValue", enum: ["AverageValue", "Utilization", "Value"]).required(),
                .quantity("value", "value is the target value of the metric (as a quantity)."),
            ]),
            SchemaDefinition(h("HorizontalPodAutoscalerBehavior"), "HorizontalPodAutoscalerBehavior configures the scaling behavior of the target in both Up and Down directions (scaleUp and scaleDown fields respectively).", [
                .ref("scaleDown", h("HPAScalingRules"), "scaleDown is scaling policy for scaling Down."),
                .ref("scaleUp", h("HPAScalingRules"), "scaleUp is scaling policy for scaling Up."),
            ]),
            SchemaDefinition(h("HPAScalingRules"), "HPAScalingRules configures the scaling behavior for one direction.", [
                .list("policies", h("HPAScalingPolicy"), "policies is a list of potential scaling polices which can be used during scaling.", atomic: true),
                .string("selectPolicy", "selectPolicy is used to specify which policy should be used.", enum: ["Disabled", "Max", "Min"]),
                .integer("stabilizationWindowSeconds", "stabilizationWindowSeconds is the number of seconds for which past recommendations should be considered while scaling up or scaling down."),
                .quantity("tolerance", "tolerance is the tolerance on the ratio between the current and desired metric value under which no updates are made to the desired number of replicas."),
            ]),
            SchemaDefinition(h("HPAScalingPolicy"), "HPAScalingPolicy is a single policy which must hold true for a specified past interval.", [
                .integer("periodSeconds", "periodSeconds specifies the window of time for which the policy should hold true.").required(),
                .string("type", "type is used to specify the scaling policy.", enum: ["Percent", "Pods"]).required(),
                .integer("value", "value contains the amount of change which is permitted by the policy.").required(),
            ]),
            SchemaDefinition(h("HorizontalPodAutoscalerStatus"), "HorizontalPodAutoscalerStatus describes the current status of a horizontal pod autoscaler.", [
                .raw("conditions", "conditions is the set of conditions required for this autoscaler to scale its target."),
                .raw("currentMetrics", "currentMetrics is the last read state of the metrics used by this autoscaler."),
                .integer("currentReplicas", "currentReplicas is current number of replicas of pods managed by this autoscaler."),
                .integer("desiredReplicas", "desiredReplicas is the desired number of replicas of pods managed by this autoscaler.").required(),
                .time("lastScaleTime", "lastScaleTime is the last time the HorizontalPodAutoscaler scaled the number of pods."),
                .integer("observedGeneration", "observedGeneration is the most recent generation observed by this autoscaler.", format: "int64"),
            ]).open(),
        ]
    }()
}
