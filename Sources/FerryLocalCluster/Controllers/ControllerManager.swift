import FerryKube
import Foundation
import Logging

/// A controller: turns one key into actions on the store.
protocol Reconciler: Sendable {
    associatedtype Item: Hashable & Sendable
    /// Brings the world in line for `item`; returns when to look at it again, if a
    /// timer (not an event) is what will change things. Errors requeue with back-off.
    func reconcile(_ item: Item) throws -> Duration?
}

/// The embedded cluster's controller manager: the Deployment, ReplicaSet,
/// StatefulSet, DaemonSet, Job, CronJob and CustomResourceDefinition controllers, a
/// simulated kubelet, the garbage collector, the namespace controller, a volume binder
/// and the keeper of the system objects, fed by the store's events, plus the expiry of
/// old Events.
///
/// Each controller has its own work queue (keys deduplicated, processed one at a
/// time) and its own task; delayed requeues run on the injected ``ClusterClock``.
/// Start it once, next to the API server, and cancel the task to stop it:
///
/// ```swift
/// let manager = ControllerManager(store: store, settings: settings)
/// let controllers = Task { await manager.run() }
/// // ...
/// controllers.cancel()
/// ```
public final class ControllerManager: Sendable {
    /// The store the controllers read and write.
    public let store: ObjectStore
    /// The simulation settings.
    public let settings: ClusterSettings
    /// The clock of timestamps and timers.
    public let clock: ClusterClock
    private let logger: Logger
    private let events: EventRecorder
    private let deployments: DeploymentController
    private let replicaSets: ReplicaSetController
    private let statefulSets: StatefulSetController
    private let daemonSets: DaemonSetController
    private let kubelet: Kubelet
    private let garbageCollector: GarbageCollector
    private let namespaces: NamespaceController
    private let systemObjects: SystemObjects
    private let volumes: VolumeBinder
    private let definitions: CustomResourceDefinitionController
    private let jobs: JobController
    private let cronJobs: CronJobController
    private let eventExpiry: EventExpiry
    private let activity = ControllerActivity()

    /// A manager over `store`. Nothing runs until ``run()``. `rootCertificatePEM`, the CA
    /// that signs the API server's certificate, is published in every namespace.
    public init(store: ObjectStore, settings: ClusterSettings = ClusterSettings(), clock: ClusterClock = .system,
                rootCertificatePEM: String? = nil,
                logger: Logger = Logger(label: "ferry.local-cluster.controllers")) {
        self.store = store
        self.settings = settings
        self.clock = clock
        self.logger = logger
        let events = EventRecorder(store: store, clock: clock, enabled: settings.recordEvents)
        self.events = events
        deployments = DeploymentController(store: store, clock: clock, events: events)
        replicaSets = ReplicaSetController(store: store, clock: clock, events: events, nodeName: settings.nodeName)
        statefulSets = StatefulSetController(store: store, clock: clock, events: events, nodeName: settings.nodeName)
        daemonSets = DaemonSetController(store: store, clock: clock, events: events, nodeName: settings.nodeName)
        kubelet = Kubelet(store: store, clock: clock, settings: settings, events: events)
        garbageCollector = GarbageCollector(store: store)
        namespaces = NamespaceController(store: store, rootCertificatePEM: rootCertificatePEM)
        systemObjects = SystemObjects(store: store, clock: clock, nodeName: settings.nodeName)
        volumes = VolumeBinder(store: store, events: events)
        definitions = CustomResourceDefinitionController(store: store, clock: clock)
        jobs = JobController(store: store, clock: clock, events: events, nodeName: settings.nodeName)
        cronJobs = CronJobController(store: store, clock: clock, events: events)
        eventExpiry = EventExpiry(events: events, ttl: settings.eventTTL)
    }

    /// Whether the controllers have started and have nothing left to do: every store
    /// event they watch has been routed, every work queue is empty and no reconcile is
    /// running. Only a timer firing or a new write can make them busy again, so a test
    /// on a manual clock waits for this before it advances time.
    public var isIdle: Bool { activity.isIdle }

    /// The work queues of one run.
    private struct Queues: Sendable {
        let deployments: WorkQueue<StoreKey>
        let replicaSets: WorkQueue<StoreKey>
        let statefulSets: WorkQueue<StoreKey>
        let daemonSets: WorkQueue<StoreKey>
        let kubelet: WorkQueue<StoreKey>
        let garbage: WorkQueue<GarbageCollector.Item>
        let namespaces: WorkQueue<StoreKey>
        let systemObjects: WorkQueue<SystemObjects.Item>
        let volumes: WorkQueue<StoreKey>
        let definitions: WorkQueue<StoreKey>
        let jobs: WorkQueue<StoreKey>
        let cronJobs: WorkQueue<StoreKey>
        let eventExpiry: WorkQueue<EventExpiry.Item>

        init(clock: ClusterClock, activity: ControllerActivity) {
            deployments = WorkQueue(clock: clock, activity: activity)
            replicaSets = WorkQueue(clock: clock, activity: activity)
            statefulSets = WorkQueue(clock: clock, activity: activity)
            daemonSets = WorkQueue(clock: clock, activity: activity)
            kubelet = WorkQueue(clock: clock, activity: activity)
            garbage = WorkQueue(clock: clock, activity: activity)
            namespaces = WorkQueue(clock: clock, activity: activity)
            systemObjects = WorkQueue(clock: clock, activity: activity)
            volumes = WorkQueue(clock: clock, activity: activity)
            definitions = WorkQueue(clock: clock, activity: activity)
            jobs = WorkQueue(clock: clock, activity: activity)
            cronJobs = WorkQueue(clock: clock, activity: activity)
            eventExpiry = WorkQueue(clock: clock, activity: activity)
        }

        func shutDown() {
            deployments.shutDown()
            replicaSets.shutDown()
            statefulSets.shutDown()
            daemonSets.shutDown()
            kubelet.shutDown()
            garbage.shutDown()
            namespaces.shutDown()
            systemObjects.shutDown()
            volumes.shutDown()
            definitions.shutDown()
            jobs.shutDown()
            cronJobs.shutDown()
            eventExpiry.shutDown()
        }
    }

    /// Runs every controller until the calling task is cancelled. Everything already in
    /// the store is reconciled first, as informers' initial lists are.
    public func run() async {
        let queues = Queues(clock: clock, activity: activity)
        queues.eventExpiry.add(.sweep, after: eventExpiry.interval)
        let logger = logger
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await self.pump(into: queues) }
            group.addTask { await Self.work(self.deployments, queues.deployments, "deployment", logger) }
            group.addTask { await Self.work(self.replicaSets, queues.replicaSets, "replicaset", logger) }
            group.addTask { await Self.work(self.statefulSets, queues.statefulSets, "statefulset", logger) }
            group.addTask { await Self.work(self.daemonSets, queues.daemonSets, "daemonset", logger) }
            group.addTask { await Self.work(self.kubelet, queues.kubelet, "kubelet", logger) }
            group.addTask { await Self.work(self.garbageCollector, queues.garbage, "garbage-collector", logger) }
            group.addTask { await Self.work(self.namespaces, queues.namespaces, "namespace", logger) }
            group.addTask { await Self.work(self.systemObjects, queues.systemObjects, "system-objects", logger) }
            group.addTask { await Self.work(self.volumes, queues.volumes, "volume-binder", logger) }
            group.addTask { await Self.work(self.definitions, queues.definitions, "customresourcedefinition", logger) }
            group.addTask { await Self.work(self.jobs, queues.jobs, "job", logger) }
            group.addTask { await Self.work(self.cronJobs, queues.cronJobs, "cronjob", logger) }
            group.addTask { await Self.work(self.eventExpiry, queues.eventExpiry, "event-expiry", logger) }
            // The workers end when their queues are shut down, once cancelled.
            await withTaskCancellationHandler {
                await group.next()
            } onCancel: {
                queues.shutDown()
            }
            queues.shutDown()
            await group.waitForAll()
        }
    }

    /// One controller's loop: take a key, reconcile, requeue as asked or on failure.
    private static func work<R: Reconciler>(_ reconciler: R, _ queue: WorkQueue<R.Item>, _ name: String,
                                            _ logger: Logger) async {
        for await item in queue.items {
            queue.begin(item)
            do {
                let after = try reconciler.reconcile(item)
                queue.succeeded(item)
                if let after { queue.add(item, after: after) }
            } catch let error as ControllerError {
                logger.debug("\(name) controller: \(item): \(error)")
                queue.failed(item)
            } catch {
                logger.warning("\(name) controller: \(item): \(error)")
                queue.failed(item)
            }
            queue.done()
            await Task.yield()
        }
    }

    /// Feeds store events to the queues. Subscribing before listing loses nothing;
    /// a watch cut off for falling behind is resumed with a fresh full list. Each event
    /// counts as work (``isIdle``) from when the watch accepts it until it is routed.
    private func pump(into queues: Queues) async {
        let activity = activity
        var previous: WatchProgress?
        while !Task.isCancelled {
            let progress = WatchProgress()
            guard let subscription = try? store.watches.subscribe(after: nil, filter: { event in
                guard Self.concerns(event) else { return false }
                activity.begin()
                progress.accept()
                return true
            }) else { return }
            seed(queues)
            // What the cut-off watch never delivered, the fresh list just queued covers.
            if let previous { activity.end(previous.undelivered) }
            activity.markStarted()
            for await event in subscription.events {
                route(event, queues)
                progress.route()
                activity.end()
            }
            subscription.cancel()
            previous = progress
        }
    }

    /// The events some controller acts on, as informers watch only what their
    /// controllers need: the workload kinds and namespaces, objects that have owners
    /// (the garbage collector's dependents), and every deletion (a deleted object may
    /// own something). A ConfigMap written without owners wakes nothing.
    @Sendable static func concerns(_ event: StoreEvent) -> Bool {
        switch event.key.resource {
        case ResourceCatalog.deployments, ResourceCatalog.replicaSets, ResourceCatalog.pods, ResourceCatalog.namespaces,
             ResourceCatalog.persistentVolumeClaims, ResourceCatalog.customResourceDefinitions,
             ResourceCatalog.statefulSets, ResourceCatalog.daemonSets, ResourceCatalog.controllerRevisions,
             ResourceCatalog.jobs, ResourceCatalog.cronJobs:
            return true
        default:
            return event.kind == .deleted || event.object[path: ["metadata", "ownerReferences"]] != nil
                || NamespaceDefaults.concerns(event.key)
        }
    }

    /// Queues everything stored.
    private func seed(_ queues: Queues) {
        queues.systemObjects.add(.all)
        for object in store.list(ResourceCatalog.persistentVolumeClaims).items {
            queues.volumes.add(StoreKey(ResourceCatalog.persistentVolumeClaims, namespace: object.namespace, name: object.name))
        }
        for object in store.list(ResourceCatalog.namespaces).items {
            queues.namespaces.add(StoreKey(ResourceCatalog.namespaces, namespace: nil, name: object.name))
        }
        for object in store.list(ResourceCatalog.deployments).items {
            queues.deployments.add(StoreKey(ResourceCatalog.deployments, namespace: object.namespace, name: object.name))
        }
        for object in store.list(ResourceCatalog.replicaSets).items {
            queues.replicaSets.add(StoreKey(ResourceCatalog.replicaSets, namespace: object.namespace, name: object.name))
        }
        for resource in [ResourceCatalog.statefulSets, ResourceCatalog.daemonSets] {
            let queue = resource == ResourceCatalog.statefulSets ? queues.statefulSets : queues.daemonSets
            for object in store.list(resource).items {
                queue.add(StoreKey(resource, namespace: object.namespace, name: object.name))
            }
        }
        for object in store.list(ResourceCatalog.pods).items {
            queues.kubelet.add(StoreKey(ResourceCatalog.pods, namespace: object.namespace, name: object.name))
        }
        for (resource, queue) in [(ResourceCatalog.jobs, queues.jobs), (ResourceCatalog.cronJobs, queues.cronJobs)] {
            for object in store.list(resource).items { queue.add(StoreKey(resource, namespace: object.namespace, name: object.name)) }
        }
        for item in garbageCollector.seed() { queues.garbage.add(item) }
        for object in store.list(ResourceCatalog.customResourceDefinitions).items {
            queues.definitions.add(StoreKey(ResourceCatalog.customResourceDefinitions, namespace: nil, name: object.name))
        }
    }

    /// Which controllers an event concerns, as the upstream controllers' informer
    /// handlers decide: an object's own controller, its owner's controller, and for
    /// orphans the controllers whose selectors match (they may adopt it).
    private func route(_ event: StoreEvent, _ queues: Queues) {
        for item in garbageCollector.observe(event) { queues.garbage.add(item) }
        let key = event.key
        let object = event.object
        let deleted = event.kind == .deleted
        if deleted && SystemObjects.concerns(key) { queues.systemObjects.add(.all) }
        if NamespaceDefaults.concerns(key) {
            queues.namespaces.add(StoreKey(ResourceCatalog.namespaces, namespace: nil, name: key.namespace))
        }
        switch key.resource {
        case ResourceCatalog.deployments:
            queues.deployments.add(key)
        case ResourceCatalog.replicaSets:
            queues.replicaSets.add(key)
            if let owner = object.controllerReference {
                if owner.kind == ResourceCatalog.deployments.kind {
                    queues.deployments.add(StoreKey(ResourceCatalog.deployments, namespace: key.namespace, name: owner.name))
                }
            } else if !deleted {
                for deployment in store.list(ResourceCatalog.deployments, namespace: key.namespace).items
                where selects(deployment, object) {
                    queues.deployments.add(StoreKey(ResourceCatalog.deployments, namespace: key.namespace, name: deployment.name))
                }
            }
        case ResourceCatalog.statefulSets:
            queues.statefulSets.add(key)
        case ResourceCatalog.daemonSets:
            queues.daemonSets.add(key)
        case ResourceCatalog.controllerRevisions:
            routeToSet(key: key, object: object, deleted: deleted, queues)
        case ResourceCatalog.pods:
            queues.kubelet.add(key)
            if routeToSet(key: key, object: object, deleted: deleted, queues) { return }
            if let owner = object.controllerReference, owner.kind == ResourceCatalog.jobs.kind {
                queues.jobs.add(StoreKey(ResourceCatalog.jobs, namespace: key.namespace, name: owner.name))
            } else if let owner = object.controllerReference {
                guard owner.kind == ResourceCatalog.replicaSets.kind else { return }
                let replicaSetKey = StoreKey(ResourceCatalog.replicaSets, namespace: key.namespace, name: owner.name)
                queues.replicaSets.add(replicaSetKey)
                // A Recreate rollout waits for the old pods to be gone.
                if deleted, let replicaSet = store.get(replicaSetKey),
                   let deployment = replicaSet.controllerReference, deployment.kind == ResourceCatalog.deployments.kind {
                    queues.deployments.add(StoreKey(ResourceCatalog.deployments, namespace: key.namespace, name: deployment.name))
                }
            } else if !deleted {
                for replicaSet in store.list(ResourceCatalog.replicaSets, namespace: key.namespace).items
                where selects(replicaSet, object) {
                    queues.replicaSets.add(StoreKey(ResourceCatalog.replicaSets, namespace: key.namespace, name: replicaSet.name))
                }
            }
        case ResourceCatalog.namespaces:
            queues.namespaces.add(key)
        case ResourceCatalog.persistentVolumeClaims:
            queues.volumes.add(key)
        case ResourceCatalog.customResourceDefinitions:
            // A deleted CRD frees its names for the ones that conflicted with it.
            let others = deleted ? store.list(ResourceCatalog.customResourceDefinitions).items.map(\.name) : [key.name]
            for name in others { queues.definitions.add(StoreKey(ResourceCatalog.customResourceDefinitions, namespace: nil, name: name)) }
        case ResourceCatalog.jobs:
            queues.jobs.add(key)
            if let owner = object.controllerReference, owner.kind == ResourceCatalog.cronJobs.kind {
                queues.cronJobs.add(StoreKey(ResourceCatalog.cronJobs, namespace: key.namespace, name: owner.name))
            }
        case ResourceCatalog.cronJobs:
            queues.cronJobs.add(key)
        default:
            break
        }
    }

    /// Queues the StatefulSet or DaemonSet that controls a pod or ControllerRevision or,
    /// for an orphan, those whose selectors match; returns whether a set controls it.
    @discardableResult
    private func routeToSet(key: StoreKey, object: JSONValue, deleted: Bool, _ queues: Queues) -> Bool {
        let sets = [(ResourceCatalog.statefulSets, queues.statefulSets), (ResourceCatalog.daemonSets, queues.daemonSets)]
        if let owner = object.controllerReference {
            guard let (resource, queue) = sets.first(where: { $0.0.kind == owner.kind }) else { return false }
            queue.add(StoreKey(resource, namespace: key.namespace, name: owner.name))
            return true
        }
        guard !deleted else { return false }
        for (resource, queue) in sets {
            for set in store.list(resource, namespace: key.namespace).items where selects(set, object) {
                queue.add(StoreKey(resource, namespace: key.namespace, name: set.name))
            }
        }
        return false
    }

    /// Whether `owner`'s non-empty `spec.selector` matches `object`'s labels.
    private func selects(_ owner: JSONValue, _ object: JSONValue) -> Bool {
        guard let json = owner[path: ["spec", "selector"]], let selector = try? LabelSelector(json: json),
              !selector.requirements.isEmpty else { return false }
        return selector.matches(object: object)
    }
}

/// Expires old Events: one key, looked at every minute (or every TTL, if shorter, but
/// at most once a second).
struct EventExpiry: Reconciler {
    enum Item: Hashable, Sendable { case sweep }

    let events: EventRecorder
    let ttl: Duration

    var interval: Duration { max(min(ttl, .seconds(60)), .seconds(1)) }

    func reconcile(_ item: Item) throws -> Duration? {
        try events.sweep(ttl: ttl)
        return interval
    }
}
