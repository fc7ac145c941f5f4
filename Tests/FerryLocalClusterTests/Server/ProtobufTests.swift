import FerryKube
import Testing
@testable import FerryLocalCluster

/// Protobuf request bodies, as kubectl's typed clients send them.
@Suite("Protobuf bodies")
struct ProtobufTests {
    /// Builds protobuf messages field by field.
    struct Writer {
        var bytes: [UInt8] = []

        mutating func varint(_ value: UInt64) {
            var value = value
            while value >= 0x80 {
                bytes.append(UInt8(value & 0x7f) | 0x80)
                value >>= 7
            }
            bytes.append(UInt8(value))
        }

        mutating func integer(_ field: Int, _ value: Int64) {
            varint(UInt64(field << 3))
            varint(UInt64(bitPattern: value))
        }

        mutating func bytes(_ field: Int, _ value: [UInt8]) {
            varint(UInt64(field << 3 | 2))
            varint(UInt64(value.count))
            bytes.append(contentsOf: value)
        }

        mutating func string(_ field: Int, _ value: String) { bytes(field, Array(value.utf8)) }

        mutating func message(_ field: Int, _ build: (inout Writer) -> Void) {
            var inner = Writer()
            build(&inner)
            bytes(field, inner.bytes)
        }

        mutating func mapEntry(_ field: Int, _ key: String, _ value: String) {
            message(field) { entry in
                entry.string(1, key)
                entry.string(2, value)
            }
        }
    }

    /// `k8s\0` and the `runtime.Unknown` envelope around an object's bytes.
    static func envelope(apiVersion: String, kind: String, _ build: (inout Writer) -> Void) -> [UInt8] {
        var object = Writer()
        build(&object)
        var unknown = Writer()
        unknown.message(1) { typeMeta in
            typeMeta.string(1, apiVersion)
            typeMeta.string(2, kind)
        }
        unknown.bytes(2, object.bytes)
        return [0x6b, 0x38, 0x73, 0x00] + unknown.bytes
    }

    @Test("a Namespace as `kubectl create namespace` sends it")
    func namespace() throws {
        let body = Self.envelope(apiVersion: "v1", kind: "Namespace") { namespace in
            namespace.message(1) { metadata in
                metadata.string(1, "dev")
                metadata.string(2, "")  // Go writes empty non-pointer strings: they must not appear.
                metadata.message(8) { _ in }  // the zero creationTimestamp
                metadata.mapEntry(11, "team", "core")
            }
            namespace.message(2) { _ in }
            namespace.message(3) { _ in }
        }
        let object = try KubernetesProtobuf.decode(body)
        #expect(object == [
            "apiVersion": "v1", "kind": "Namespace", "metadata": ["name": "dev", "labels": ["team": "core"]],
            "spec": [:], "status": [:],
        ])
    }

    @Test("a Deployment: pointer zeros kept, other zeros dropped, IntOrString, quantities, timestamps")
    func deployment() throws {
        let body = Self.envelope(apiVersion: "apps/v1", kind: "Deployment") { deployment in
            deployment.message(1) { metadata in
                metadata.string(1, "web")
                metadata.message(8) { time in time.integer(1, 1_735_689_600) }
            }
            deployment.message(2) { spec in
                spec.integer(1, 0)  // replicas: *int32, zero is meaningful
                spec.integer(7, 0)  // paused: bool, omitempty
                spec.message(3) { template in
                    template.message(2) { podSpec in
                        podSpec.message(2) { container in
                            container.string(1, "nginx")
                            container.string(2, "nginx:1.25")
                            container.message(6) { port in port.integer(3, 80) }
                            container.message(8) { resources in
                                resources.message(1) { entry in
                                    entry.string(1, "cpu")
                                    entry.message(2) { quantity in quantity.string(1, "250m") }
                                }
                            }
                        }
                    }
                }
                spec.message(4) { strategy in
                    strategy.message(2) { rolling in
                        rolling.message(1) { value in
                            value.integer(1, 1)
                            value.string(3, "25%")
                        }
                        rolling.message(2) { value in value.integer(2, 1) }
                    }
                }
            }
        }
        let object = try KubernetesProtobuf.decode(body)
        #expect(object[path: ["metadata", "creationTimestamp"]] == "2025-01-01T00:00:00Z")
        #expect(object[path: ["spec", "replicas"]] == 0)
        #expect(object[path: ["spec", "paused"]] == nil)
        let container = object[path: ["spec", "template", "spec", "containers"]]?.array?.first
        #expect(container == ["name": "nginx", "image": "nginx:1.25", "ports": [["containerPort": 80]], "resources": ["limits": ["cpu": "250m"]]])
        #expect(object[path: ["spec", "strategy", "rollingUpdate"]] == ["maxUnavailable": "25%", "maxSurge": 1])
    }

    @Test("a Job as `kubectl create job --from=cronjob/…` sends it: the pointer zeros of its spec kept")
    func job() throws {
        let body = Self.envelope(apiVersion: "batch/v1", kind: "Job") { job in
            job.message(1) { metadata in
                metadata.string(1, "adhoc")
                metadata.mapEntry(12, "cronjob.kubernetes.io/instantiate", "manual")
                metadata.message(13) { owner in
                    owner.string(5, "batch/v1")
                    owner.string(1, "CronJob")
                    owner.string(3, "nightly")
                    owner.string(4, "0b7c")
                    owner.integer(6, 1)
                }
            }
            job.message(2) { spec in
                spec.integer(7, 0)  // backoffLimit: *int32
                spec.integer(10, 0)  // suspend: *bool
                spec.message(11) { policy in
                    policy.message(1) { rule in
                        rule.string(1, "FailJob")
                        rule.message(2) { codes in
                            codes.string(2, "In")
                            codes.bytes(3, [1, 42])  // packed values
                        }
                    }
                }
                spec.message(6) { template in
                    template.message(2) { podSpec in
                        podSpec.string(3, "Never")
                        podSpec.message(2) { container in
                            container.string(1, "report")
                            container.string(2, "busybox:1.36")
                        }
                    }
                }
            }
            job.message(3) { _ in }
        }
        let object = try KubernetesProtobuf.decode(body)
        #expect(object[path: ["metadata", "annotations"]] == ["cronjob.kubernetes.io/instantiate": "manual"])
        #expect(object[path: ["metadata", "ownerReferences"]]
            == [["apiVersion": "batch/v1", "kind": "CronJob", "name": "nightly", "uid": "0b7c", "controller": true]])
        #expect(object[path: ["spec", "backoffLimit"]] == 0)
        #expect(object[path: ["spec", "suspend"]] == false)
        #expect(object[path: ["spec", "podFailurePolicy"]]
            == ["rules": [["action": "FailJob", "onExitCodes": ["operator": "In", "values": [1, 42]]]]])
        #expect(object[path: ["spec", "template", "spec", "restartPolicy"]] == "Never")
        #expect(object[path: ["spec", "template", "spec", "containers"]] == [["name": "report", "image": "busybox:1.36"]])
        #expect(object["status"] == [:])
    }

    @Test("a Secret's bytes become base64")
    func secret() throws {
        let body = Self.envelope(apiVersion: "v1", kind: "Secret") { secret in
            secret.message(1) { metadata in metadata.string(1, "s") }
            secret.message(2) { entry in
                entry.string(1, "password")
                entry.bytes(2, Array("hunter2".utf8))
            }
            secret.string(3, "Opaque")
        }
        let object = try KubernetesProtobuf.decode(body)
        #expect(object["data"] == ["password": "aHVudGVyMg=="])
        #expect(object["type"] == "Opaque")
    }

    @Test("bodies that are not protobuf, are truncated, or hold an unsupported kind are refused")
    func refused() {
        #expect(throws: APIError.self) { try KubernetesProtobuf.decode(Array("{}".utf8)) }
        let truncated: [UInt8] = [0x6b, 0x38, 0x73, 0x00, 0x12, 0x40, 0x01]
        let error = #expect(throws: APIError.self) { try KubernetesProtobuf.decode(truncated) }
        #expect(error?.code == 400)
        let budget = Self.envelope(apiVersion: "policy/v1", kind: "PodDisruptionBudget") { _ in }
        let unsupported = #expect(throws: APIError.self) { try KubernetesProtobuf.decode(budget) }
        #expect(unsupported?.code == 415)
    }

    @Test("every message the schema names is in the schema")
    func schemaIsClosed() {
        for (name, fields) in KubernetesProtobuf.schema {
            for field in fields.values {
                if case .message(let inner) = field.kind {
                    #expect(KubernetesProtobuf.schema[inner] != nil, "\(name).\(field.name) refers to \(inner)")
                }
            }
        }
        for kind in KubernetesProtobuf.kinds { #expect(KubernetesProtobuf.schema[kind] != nil) }
    }
}
