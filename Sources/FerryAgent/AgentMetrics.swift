import CoreMetrics
import FerrySync
import Foundation
import Metrics
import Prometheus
import Synchronization

/// The agent's metrics, through swift-metrics, exported in the Prometheus text format
/// by swift-prometheus's registry.
public final class AgentMetrics: Sendable {
    /// The registry `/metrics` renders.
    public let registry: PrometheusCollectorRegistry
    private let instance: String
    private let lastSuccess: CoreMetrics.Gauge
    private let drifted: CoreMetrics.Gauge
    private let pinned: CoreMetrics.Gauge
    private let duration: CoreMetrics.Timer
    private let commitInfo = Mutex<(commit: String, gauge: CoreMetrics.Gauge)?>(nil)

    /// Bootstraps swift-metrics with a Prometheus registry: once per process.
    public static func bootstrap() -> PrometheusCollectorRegistry {
        let registry = PrometheusCollectorRegistry()
        var factory = PrometheusMetricsFactory(registry: registry)
        factory.defaultDurationHistogramBuckets = [
            .milliseconds(100), .milliseconds(250), .milliseconds(500), .seconds(1), .seconds(2.5), .seconds(5),
            .seconds(10), .seconds(30), .seconds(60), .seconds(120), .seconds(300), .seconds(600),
        ]
        MetricsSystem.bootstrap(factory)
        return registry
    }

    public init(registry: PrometheusCollectorRegistry, instance: String) {
        self.registry = registry
        self.instance = instance
        let dimensions = [("instance", instance)]
        lastSuccess = CoreMetrics.Gauge(label: "ferry_last_successful_sync_timestamp_seconds", dimensions: dimensions)
        drifted = CoreMetrics.Gauge(label: "ferry_objects_drifted", dimensions: dimensions)
        pinned = CoreMetrics.Gauge(label: "ferry_pinned", dimensions: dimensions)
        duration = CoreMetrics.Timer(label: "ferry_sync_duration_seconds", dimensions: dimensions, preferredDisplayUnit: .seconds)
    }

    /// One sync's outcome: counted by outcome, timed, and the instance's state after it.
    public func record(outcome: String, duration seconds: Double, drifted count: Int?, pinned isPinned: Bool?,
                       succeeded: Bool, at date: Date = Date()) {
        CoreMetrics.Counter(label: "ferry_syncs_total", dimensions: [("instance", instance), ("outcome", outcome)]).increment()
        duration.recordNanoseconds(Int64(seconds * 1e9))
        if let count { drifted.record(count) }
        if let isPinned { pinned.record(isPinned ? 1 : 0) }
        if succeeded { lastSuccess.record(date.timeIntervalSince1970) }
    }

    /// The commit the instance is at, as an info metric (value 1, the commit a label).
    public func current(commit: String) {
        commitInfo.withLock { info in
            guard info?.commit != commit else { return }
            info?.gauge.destroy()
            let gauge = CoreMetrics.Gauge(label: "ferry_commit_info", dimensions: [("instance", instance), ("commit", commit)])
            gauge.record(1)
            info = (commit, gauge)
        }
    }
}
