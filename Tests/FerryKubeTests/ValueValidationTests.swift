import FerryKube
import Testing

@Suite("Values the API server refuses are caught before anything is sent")
struct ValueValidationTests {
    @Test("an unknown imagePullPolicy, restartPolicy or port protocol, at its line")
    func enums() {
        let set = load(deployment(container: """
            - name: worker
                      image: spark:2.1.0
                      imagePullPolicy: Sometimes
                      ports:
                      - containerPort: 80
                        protocol: HTTP
            """) + "\n      restartPolicy: OnFailure\n")
        #expect(messages(set) == [
            "manifests/app.yaml:18:28: Deployment/default/spark-worker: spec.template.spec.containers[0].imagePullPolicy \"Sometimes\" is not supported; use Always, IfNotPresent, Never",
            "manifests/app.yaml:21:23: Deployment/default/spark-worker: spec.template.spec.containers[0].ports[0].protocol \"HTTP\" is not supported; use TCP, UDP, SCTP",
            "manifests/app.yaml:22:22: Deployment/default/spark-worker: spec.template.spec.restartPolicy \"OnFailure\" is not supported; use Always",
        ])
    }

    @Test("a Job may not restart Always")
    func jobRestartPolicy() {
        let set = load("""
            apiVersion: batch/v1
            kind: Job
            metadata: {name: once}
            spec:
              template:
                spec:
                  restartPolicy: Always
                  containers: [{name: run, image: busybox:1.36}]
            """)
        #expect(messages(set) == [
            "manifests/app.yaml:7:22: Job/default/once: spec.template.spec.restartPolicy \"Always\" is not supported; use OnFailure, Never",
        ])
    }

    @Test("Secret data must be base64; ConfigMap data must be strings")
    func dataValues() {
        let set = load("""
            apiVersion: v1
            kind: Secret
            metadata: {name: creds}
            data:
              good: aGVsbG8=
              bad: hello!
            ---
            apiVersion: v1
            kind: ConfigMap
            metadata: {name: settings}
            data:
              ok: "1"
              port: 8080
            """)
        #expect(messages(set) == [
            "manifests/app.yaml:6:8: Secret/default/creds: data.bad is not valid base64; encode the value, or put it under stringData",
            "manifests/app.yaml:13:9: ConfigMap/default/settings: data.port must be a string, got an integer (8080); quote it",
        ])
    }

    @Test("maxSurge and maxUnavailable: not both 0, percentages at most 100%, counts or percentages only")
    func rollingBounds() {
        let strategy = { (surge: String, unavailable: String) in
            load(deployment() + "\n  strategy:\n    rollingUpdate:\n      maxSurge: \(surge)\n      maxUnavailable: \(unavailable)\n")
        }
        #expect(messages(strategy("0", "0%")) == [
            "manifests/app.yaml:20:7: Deployment/default/spark-worker: spec.strategy.rollingUpdate: maxSurge and maxUnavailable may not both be 0; the rollout could never make progress",
        ])
        #expect(messages(strategy("1", "110%")) == [
            "manifests/app.yaml:21:23: Deployment/default/spark-worker: spec.strategy.rollingUpdate.maxUnavailable must not be greater than 100%, got 110%",
        ])
        #expect(messages(strategy("lots", "-1")) == [
            "manifests/app.yaml:20:17: Deployment/default/spark-worker: spec.strategy.rollingUpdate.maxSurge must be an integer or a percentage such as '25%', got a string \"lots\"",
            "manifests/app.yaml:21:23: Deployment/default/spark-worker: spec.strategy.rollingUpdate.maxUnavailable must not be negative, got -1",
        ])
        #expect(messages(strategy("25%", "0")).isEmpty)
    }
}
