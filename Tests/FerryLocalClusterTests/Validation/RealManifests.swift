import FerryKube
@testable import FerryLocalCluster

/// Manifests as real repositories write them, using the fields the schema must
/// know: none of them may draw an unknown-field warning.
enum RealManifests {
    static func parse(_ yaml: String) -> JSONValue {
        (try? RequestDecoding.object(Array(yaml.utf8), contentType: "application/yaml")) ?? .null
    }

    static let deployment = parse("""
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: api
          labels: {app.kubernetes.io/name: api, app.kubernetes.io/part-of: shop}
          annotations: {deployment.kubernetes.io/revision-note: first}
        spec:
          replicas: 2
          revisionHistoryLimit: 5
          progressDeadlineSeconds: 120
          strategy: {type: RollingUpdate, rollingUpdate: {maxSurge: 1, maxUnavailable: 0}}
          selector: {matchLabels: {app.kubernetes.io/name: api}}
          template:
            metadata:
              labels: {app.kubernetes.io/name: api}
              annotations: {prometheus.io/scrape: "true"}
            spec:
              serviceAccountName: api
              terminationGracePeriodSeconds: 30
              securityContext: {runAsNonRoot: true, runAsUser: 1000, fsGroup: 2000, seccompProfile: {type: RuntimeDefault}}
              affinity:
                nodeAffinity:
                  requiredDuringSchedulingIgnoredDuringExecution:
                    nodeSelectorTerms:
                    - matchExpressions: [{key: kubernetes.io/os, operator: In, values: [linux]}]
                podAntiAffinity:
                  preferredDuringSchedulingIgnoredDuringExecution:
                  - weight: 100
                    podAffinityTerm:
                      topologyKey: kubernetes.io/hostname
                      labelSelector: {matchLabels: {app.kubernetes.io/name: api}}
              tolerations: [{key: dedicated, operator: Equal, value: api, effect: NoSchedule}]
              topologySpreadConstraints:
              - {maxSkew: 1, topologyKey: topology.kubernetes.io/zone, whenUnsatisfiable: ScheduleAnyway, labelSelector: {matchLabels: {app.kubernetes.io/name: api}}}
              initContainers:
              - name: migrate
                image: shop/api:1.4.2
                command: [/app/migrate]
                envFrom: [{secretRef: {name: api-db}}, {configMapRef: {name: api-config, optional: true}}]
              containers:
              - name: api
                image: shop/api:1.4.2
                imagePullPolicy: IfNotPresent
                args: [--port=8080]
                ports: [{name: http, containerPort: 8080, protocol: TCP}]
                env:
                - {name: MODE, value: production}
                - name: DB_PASSWORD
                  valueFrom: {secretKeyRef: {name: api-db, key: password}}
                - name: POD_NAME
                  valueFrom: {fieldRef: {fieldPath: metadata.name}}
                - name: MEMORY_LIMIT
                  valueFrom: {resourceFieldRef: {containerName: api, resource: limits.memory, divisor: 1Mi}}
                resources:
                  requests: {cpu: 250m, memory: 256Mi}
                  limits: {cpu: "1", memory: 512Mi, ephemeral-storage: 1Gi}
                livenessProbe:
                  httpGet: {path: /healthz, port: http, scheme: HTTP, httpHeaders: [{name: X-Probe, value: liveness}]}
                  initialDelaySeconds: 10
                  periodSeconds: 10
                  timeoutSeconds: 2
                  failureThreshold: 3
                readinessProbe:
                  tcpSocket: {port: 8080}
                  successThreshold: 1
                startupProbe:
                  exec: {command: [cat, /tmp/ready]}
                lifecycle:
                  preStop: {exec: {command: [sleep, "5"]}}
                securityContext:
                  allowPrivilegeEscalation: false
                  readOnlyRootFilesystem: true
                  capabilities: {drop: [ALL], add: [NET_BIND_SERVICE]}
                volumeMounts:
                - {name: config, mountPath: /etc/api, readOnly: true}
                - {name: tmp, mountPath: /tmp}
                - {name: certs, mountPath: /etc/certs, subPath: tls}
                - {name: data, mountPath: /data}
                - {name: projected, mountPath: /var/run/projected}
              volumes:
              - name: config
                configMap: {name: api-config, items: [{key: app.yaml, path: app.yaml}], defaultMode: 420}
              - {name: tmp, emptyDir: {medium: Memory, sizeLimit: 64Mi}}
              - name: certs
                secret: {secretName: api-tls, optional: false}
              - name: data
                persistentVolumeClaim: {claimName: api-data}
              - name: projected
                projected:
                  sources:
                  - serviceAccountToken: {path: token, expirationSeconds: 3600, audience: api}
                  - downwardAPI: {items: [{path: labels, fieldRef: {fieldPath: metadata.labels}}]}
              imagePullSecrets: [{name: registry}]
              nodeSelector: {kubernetes.io/arch: amd64}
              dnsPolicy: ClusterFirst
              priorityClassName: high
        """)

    static let others: [(ResourceType, JSONValue)] = [
        (ResourceCatalog.ingresses, parse("""
            apiVersion: networking.k8s.io/v1
            kind: Ingress
            metadata: {name: api, annotations: {nginx.ingress.kubernetes.io/rewrite-target: /}}
            spec:
              ingressClassName: nginx
              tls: [{hosts: [shop.example.com], secretName: shop-tls}]
              rules:
              - host: shop.example.com
                http:
                  paths:
                  - {path: /api, pathType: Prefix, backend: {service: {name: api, port: {number: 80}}}}
                  - {path: /admin, pathType: Exact, backend: {service: {name: admin, port: {name: http}}}}
            """)),
        (ResourceCatalog.clusterRoles, parse("""
            apiVersion: rbac.authorization.k8s.io/v1
            kind: ClusterRole
            metadata: {name: "shop:reader"}
            rules:
            - apiGroups: ["", apps]
              resources: [pods, deployments]
              verbs: [get, list, watch]
            - nonResourceURLs: [/metrics]
              verbs: [get]
            """)),
        (ResourceCatalog.roleBindings, parse("""
            apiVersion: rbac.authorization.k8s.io/v1
            kind: RoleBinding
            metadata: {name: api-reader}
            roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: "shop:reader"}
            subjects: [{kind: ServiceAccount, name: api, namespace: spark}]
            """)),
        (ResourceCatalog.horizontalPodAutoscalers, parse("""
            apiVersion: autoscaling/v2
            kind: HorizontalPodAutoscaler
            metadata: {name: api}
            spec:
              scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: api}
              minReplicas: 2
              maxReplicas: 10
              metrics:
              - type: Resource
                resource: {name: cpu, target: {type: Utilization, averageUtilization: 70}}
              - type: Pods
                pods: {metric: {name: requests_per_second}, target: {type: AverageValue, averageValue: "100"}}
              behavior:
                scaleDown:
                  stabilizationWindowSeconds: 300
                  policies: [{type: Percent, value: 50, periodSeconds: 60}]
            """)),
        (ResourceCatalog.services, parse("""
            apiVersion: v1
            kind: Service
            metadata: {name: api}
            spec:
              type: ClusterIP
              selector: {app.kubernetes.io/name: api}
              ports: [{name: http, port: 80, targetPort: http, protocol: TCP}]
            """)),
        (ResourceCatalog.statefulSets, parse("""
            apiVersion: apps/v1
            kind: StatefulSet
            metadata: {name: db}
            spec:
              serviceName: db
              replicas: 1
              podManagementPolicy: OrderedReady
              updateStrategy: {type: RollingUpdate, rollingUpdate: {partition: 0}}
              selector: {matchLabels: {app: db}}
              template:
                metadata: {labels: {app: db}}
                spec:
                  containers:
                  - name: db
                    image: postgres:16
                    ports: [{containerPort: 5432, name: pg}]
                    volumeMounts: [{name: data, mountPath: /var/lib/postgresql/data}]
              volumeClaimTemplates:
              - metadata: {name: data}
                spec: {accessModes: [ReadWriteOnce], resources: {requests: {storage: 1Gi}}, storageClassName: standard}
            """)),
        (ResourceCatalog.cronJobs, parse("""
            apiVersion: batch/v1
            kind: CronJob
            metadata: {name: cleanup}
            spec:
              schedule: "*/15 * * * *"
              concurrencyPolicy: Forbid
              successfulJobsHistoryLimit: 3
              jobTemplate:
                spec:
                  backoffLimit: 2
                  template:
                    spec:
                      restartPolicy: OnFailure
                      containers: [{name: cleanup, image: busybox:1.36, command: [sh, -c, "echo done"]}]
            """)),
    ]
}
