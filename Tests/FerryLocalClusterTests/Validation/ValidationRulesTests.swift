import FerryKube
@testable import FerryLocalCluster
import Testing

/// The cluster refuses what a real API server refuses, in upstream's words, and
/// stores nothing when it does.
@Suite("Validation of built-in kinds")
struct ValidationRulesTests {
    static let options = WriteOptions(fieldManager: "test")

    /// The 422 a create of `body` draws; nothing may be stored.
    static func createError(_ api: ResourceAPI, _ resource: ResourceType, _ body: JSONValue) -> APIError? {
        let error = apiError { _ = try api.create(resource, namespace: "spark", body: body, options: options) }
        let name = body[path: ["metadata", "name"]]?.string ?? ""
        #expect(api.store.get(StoreKey(resource, namespace: "spark", name: name)) == nil)
        return error
    }

    static func withContainer(_ change: (inout JSONValue) -> Void) -> JSONValue {
        var body = deploymentBody()
        var container = body[path: ["spec", "template", "spec", "containers"]]?.array?.first ?? [:]
        change(&container)
        body[path: ["spec", "template", "spec", "containers"]] = [container]
        return body
    }

    static let enumCases: [(JSONValue, String)] = [
        (withContainer { $0["imagePullPolicy"] = "Sometimes" },
         "spec.template.spec.containers[0].imagePullPolicy: Unsupported value: \"Sometimes\": supported values: \"Always\", \"IfNotPresent\", \"Never\""),
        (withContainer { $0["ports"] = [["containerPort": 80, "protocol": "HTTP"]] },
         "spec.template.spec.containers[0].ports[0].protocol: Unsupported value: \"HTTP\": supported values: \"SCTP\", \"TCP\", \"UDP\""),
        ({ var body = deploymentBody(); body[path: ["spec", "template", "spec", "restartPolicy"]] = "OnFailure"; return body }(),
         "spec.template.spec.restartPolicy: Unsupported value: \"OnFailure\": supported values: \"Always\""),
        ({ var body = deploymentBody(); body[path: ["spec", "template", "spec", "dnsPolicy"]] = "Google"; return body }(),
         "spec.template.spec.dnsPolicy: Unsupported value: \"Google\": supported values: \"ClusterFirst\", \"ClusterFirstWithHostNet\", \"Default\", \"None\""),
        ({ var body = deploymentBody(); body[path: ["spec", "strategy"]] = ["type": "BlueGreen"]; return body }(),
         "spec.strategy.type: Unsupported value: \"BlueGreen\": supported values: \"Recreate\", \"RollingUpdate\""),
    ]

    @Test("enums: imagePullPolicy, port protocol, restartPolicy, dnsPolicy, strategy type", arguments: enumCases)
    func enums(body: JSONValue, message: String) throws {
        let error = Self.createError(try makeAPI(), ResourceCatalog.deployments, body)
        #expect(error?.code == 422)
        #expect(error?.message == "Deployment.apps \"spark-worker\" is invalid: " + message)
        let cause = error?.details?["causes"]?.array?.first
        #expect(cause?["reason"] == "FieldValueNotSupported")
        #expect(cause?["field"] == .string(String(message.prefix { $0 != ":" })))
    }

    @Test("containers need a name and an image; the selector must match the template; ports in range; several causes joined")
    func podTemplate() throws {
        let api = try makeAPI()
        var body = deploymentBody()
        body[path: ["spec", "template", "spec", "containers"]] = [["ports": [["containerPort": 70000]]]]
        body[path: ["spec", "template", "metadata", "labels"]] = ["app": "other"]
        let error = Self.createError(api, ResourceCatalog.deployments, body)
        #expect(error?.message == "Deployment.apps \"spark-worker\" is invalid: [spec.template.spec.containers[0].name: Required value, spec.template.metadata.labels: Invalid value: map[string]string{\"app\":\"other\"}: `selector` does not match template `labels`, spec.template.spec.containers[0].image: Required value, spec.template.spec.containers[0].ports[0].containerPort: Invalid value: 70000: must be between 1 and 65535, inclusive]")
        #expect(error?.details?["causes"]?.array?.count == 4)
        #expect(error?.details?["kind"] == "Deployment")
    }

    static let rollingCases: [(JSONValue, String)] = [
        (["maxSurge": 0, "maxUnavailable": 0],
         "spec.strategy.rollingUpdate.maxUnavailable: Invalid value: 0: may not be 0 when `maxSurge` is 0"),
        (["maxSurge": 1, "maxUnavailable": "110%"],
         "spec.strategy.rollingUpdate.maxUnavailable: Invalid value: \"110%\": must not be greater than 100%"),
        (["maxSurge": "lots", "maxUnavailable": 1],
         "spec.strategy.rollingUpdate.maxSurge: Invalid value: \"lots\": a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')"),
        (["maxSurge": -1, "maxUnavailable": 1],
         "spec.strategy.rollingUpdate.maxSurge: Invalid value: -1: must be greater than or equal to 0"),
    ]

    @Test("maxSurge and maxUnavailable", arguments: rollingCases)
    func rollingBounds(rolling: JSONValue, message: String) throws {
        var body = deploymentBody()
        body[path: ["spec", "strategy"]] = ["type": "RollingUpdate", "rollingUpdate": rolling]
        let error = Self.createError(try makeAPI(), ResourceCatalog.deployments, body)
        #expect(error?.message == "Deployment.apps \"spark-worker\" is invalid: " + message)
    }

    @Test("label and annotation errors come in key order; annotation keys are checked lower-cased, as upstream does")
    func labelAndAnnotationErrorsInKeyOrder() {
        let labels = Validation.labels(["z/": "ok", "b": "bad value", "a_": "x", "fine": "yes"], path: "metadata.labels")
        #expect(labels.map(\.field) == ["metadata.labels", "metadata.labels.b", "metadata.labels"])
        #expect(labels.compactMap(\.value) == ["\"a_\"", "\"bad value\"", "\"z/\""])
        #expect(Validation.labels(["app": "web", "tier": ""], path: "metadata.labels").isEmpty)
        // "Example.com/Owner" is valid once lower-cased; "-bad" is not either way.
        let annotations = Validation.annotations(["Example.com/Owner": "team", "-bad": "x", "ok": "y"], path: "metadata.annotations")
        #expect(annotations.compactMap(\.value) == ["\"-bad\""])
    }

    @Test("names and labels in upstream's words")
    func names() throws {
        let api = try makeAPI()
        var body = deploymentBody(name: "Spark_Worker")
        body[path: ["metadata", "labels"]] = ["tier": "back end"]
        body[path: ["spec", "selector"]] = ["matchLabels": ["app": "x"]]
        body[path: ["spec", "template", "metadata", "labels"]] = ["app": "x"]
        let error = Self.createError(api, ResourceCatalog.deployments, body)
        #expect(error?.message == "Deployment.apps \"Spark_Worker\" is invalid: [metadata.name: Invalid value: \"Spark_Worker\": \(NameSyntax.subdomainMessage), metadata.labels.tier: Invalid value: \"back end\": \(NameSyntax.labelValueMessage)]")
    }

    @Test("the selector of a Deployment is immutable; the update is refused and the object kept")
    func immutableSelector() throws {
        let api = try makeAPI()
        _ = try api.create(ResourceCatalog.deployments, namespace: "spark", body: deploymentBody(), options: Self.options)
        let before = api.store.get(deploymentKey())
        let patch: JSONValue = ["spec": ["selector": ["matchLabels": ["app": "web2"]],
                                         "template": ["metadata": ["labels": ["app": "web2"]]]]]
        let error = apiError {
            _ = try api.patch(deploymentKey(), type: .strategic, body: json(patch), subresource: nil, options: Self.options)
        }
        #expect(error?.code == 422)
        #expect(error?.message == "Deployment.apps \"spark-worker\" is invalid: spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string{\"app\":\"web2\"}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: field is immutable")
        #expect(api.store.get(deploymentKey()) == before)
        // Server-side apply and dry runs meet the same check.
        var applied = deploymentBody()
        applied[path: ["spec", "selector"]] = ["matchLabels": ["app": "web2"]]
        applied[path: ["spec", "template", "metadata", "labels"]] = ["app": "web2"]
        let applyError = apiError {
            _ = try api.patch(deploymentKey(), type: .apply, body: json(applied), subresource: nil,
                              options: WriteOptions(fieldManager: "kubectl", dryRun: true, force: true))
        }
        #expect(applyError?.message.hasSuffix("field is immutable") == true)
    }

    @Test("a Service's clusterIP: None, empty or an IP; once set it may not change")
    func serviceClusterIP() throws {
        let api = try makeAPI()
        func service(_ ip: String) -> JSONValue {
            ["apiVersion": "v1", "kind": "Service", "metadata": ["name": "web"],
             "spec": ["clusterIP": .string(ip), "ports": [["port": 80]], "selector": ["app": "web"]]]
        }
        let bad = Self.createError(api, ResourceCatalog.services, service("ten.0.0.1"))
        #expect(bad?.message == "Service \"web\" is invalid: spec.clusterIPs[0]: Invalid value: \"ten.0.0.1\": must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)")
        _ = try api.create(ResourceCatalog.services, namespace: "spark", body: service("10.43.9.9"), options: Self.options)
        let key = StoreKey(ResourceCatalog.services, namespace: "spark", name: "web")
        let changed = apiError {
            _ = try api.patch(key, type: .merge, body: json(["spec": ["clusterIP": "10.43.9.10"]]), subresource: nil, options: Self.options)
        }
        #expect(changed?.message == "Service \"web\" is invalid: spec.clusterIPs[0]: Invalid value: []string{\"10.43.9.10\"}: may not change once set")
        #expect(api.store.get(key)?[path: ["spec", "clusterIP"]] == "10.43.9.9")
        _ = try api.create(ResourceCatalog.services, namespace: "spark",
                           body: { var headless = service("None"); headless[path: ["metadata", "name"]] = "db"; return headless }(),
                           options: Self.options)
    }

    @Test("a Job's template is immutable and it may not restart Always")
    func job() throws {
        let api = try makeAPI()
        func job(image: String, restart: String = "Never") -> JSONValue {
            ["apiVersion": "batch/v1", "kind": "Job", "metadata": ["name": "once"],
             "spec": ["template": ["spec": ["restartPolicy": .string(restart),
                                            "containers": [["name": "run", "image": .string(image)]]]]]]
        }
        let always = Self.createError(api, ResourceCatalog.jobs, job(image: "busybox:1.36", restart: "Always"))
        #expect(always?.message == "Job.batch \"once\" is invalid: spec.template.spec.restartPolicy: Unsupported value: \"Always\": supported values: \"OnFailure\", \"Never\"")
        _ = try api.create(ResourceCatalog.jobs, namespace: "spark", body: job(image: "busybox:1.36"), options: Self.options)
        let key = StoreKey(ResourceCatalog.jobs, namespace: "spark", name: "once")
        let patch: JSONValue = ["spec": ["template": ["spec": ["containers": [["name": "run", "image": "busybox:1.37"]]]]]]
        let error = apiError {
            _ = try api.patch(key, type: .strategic, body: json(patch), subresource: nil, options: Self.options)
        }
        #expect(error?.message.hasPrefix("Job.batch \"once\" is invalid: spec.template: Invalid value: ") == true)
        #expect(error?.message.hasSuffix(": field is immutable") == true)
        #expect(api.store.get(key)?[path: ["spec", "template", "spec", "containers"]]?.array?.first?["image"] == "busybox:1.36")
    }

    @Test("a CronJob's schedule is parsed as the controller parses it, in robfig/cron's words", arguments: [
        ("61 * * * *", "spec.schedule: Invalid value: \"61 * * * *\": end of range (61) above maximum (59): 61"),
        ("* * * *", "spec.schedule: Invalid value: \"* * * *\": expected exactly 5 fields, found 4: [* * * *]"),
        ("@fortnightly", "spec.schedule: Invalid value: \"@fortnightly\": unrecognized descriptor: @fortnightly"),
        ("TZ=UTC 0 * * * *", "spec.schedule: Invalid value: \"TZ=UTC 0 * * * *\": cannot use TZ or CRON_TZ in schedule, use timeZone field instead"),
    ])
    func cronJobSchedule(schedule: String, message: String) throws {
        let api = try makeAPI()
        let container: JSONValue = ["name": "run", "image": "busybox:1.36"]
        let podSpec: JSONValue = ["restartPolicy": "Never", "containers": [container]]
        var body: JSONValue = ["apiVersion": "batch/v1", "kind": "CronJob", "metadata": ["name": "tick"]]
        body[path: ["spec", "schedule"]] = .string(schedule)
        body[path: ["spec", "jobTemplate", "spec", "template", "spec"]] = podSpec
        let error = Self.createError(api, ResourceCatalog.cronJobs, body)
        #expect(error?.message == "CronJob.batch \"tick\" is invalid: " + message)
        body[path: ["spec", "schedule"]] = "*/5 9-17 * * mon-fri"
        _ = try api.create(ResourceCatalog.cronJobs, namespace: "spark", body: body, options: Self.options)
    }

    @Test("immutable ConfigMaps and Secrets keep their data; config keys are checked")
    func immutableData() throws {
        let api = try makeAPI()
        let body: JSONValue = ["apiVersion": "v1", "kind": "ConfigMap", "metadata": ["name": "fixed"],
                               "data": ["mode": "fast"], "immutable": true]
        _ = try api.create(ResourceCatalog.configMaps, namespace: "spark", body: body, options: Self.options)
        let key = StoreKey(ResourceCatalog.configMaps, namespace: "spark", name: "fixed")
        let error = apiError {
            _ = try api.patch(key, type: .merge, body: json(["data": ["mode": "slow"]]), subresource: nil, options: Self.options)
        }
        #expect(error?.message == "ConfigMap \"fixed\" is invalid: data: Forbidden: field is immutable when `immutable` is set")
        #expect(api.store.get(key)?[path: ["data", "mode"]] == "fast")
        let badKey: JSONValue = ["apiVersion": "v1", "kind": "Secret", "metadata": ["name": "keys"], "data": ["a b": "aGk="]]
        let keyError = Self.createError(api, ResourceCatalog.secrets, badKey)
        #expect(keyError?.message == "Secret \"keys\" is invalid: data[a b]: Invalid value: \"a b\": \(NameSyntax.configKeyMessage)")
    }

    @Test("StatefulSets change only replicas, template, updateStrategy and the like")
    func statefulSetSpec() throws {
        let api = try makeAPI()
        var body = deploymentBody(name: "db")
        body["kind"] = "StatefulSet"
        body[path: ["spec", "serviceName"]] = "db"
        _ = try api.create(ResourceCatalog.statefulSets, namespace: "spark", body: body, options: Self.options)
        let key = StoreKey(ResourceCatalog.statefulSets, namespace: "spark", name: "db")
        let error = apiError {
            _ = try api.patch(key, type: .merge, body: json(["spec": ["serviceName": "other"]]), subresource: nil, options: Self.options)
        }
        #expect(error?.message == "StatefulSet.apps \"db\" is invalid: spec: Forbidden: updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden")
        _ = try api.patch(key, type: .merge, body: json(["spec": ["replicas": 5]]), subresource: nil, options: Self.options)
        #expect(api.store.get(key)?[path: ["spec", "replicas"]] == 5)
    }
}
