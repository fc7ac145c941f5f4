import ArgumentParser
import FerryKube
import FerryKubeClient
import FerrySync
import Foundation

extension Ferry {
    struct Status: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show the target cluster, what is synced, drift per object and each Deployment's rollout.",
            discussion: "Reads only. Exit status: 0, or 4 when the cluster is unreachable or unauthorized.")

        @OptionGroup var revision: RevisionOptions
        @OptionGroup var cluster: ClusterOptions

        @Option(name: .shortAndLong, help: "Output format: text or json.")
        var output: ReportFormat = .text

        func run() async throws {
            let state = try loadValidState(revision)
            guard let commit = state.origin.commit else { throw ExitCodes.failure }
            let instance = cluster.instance(state)
            let report = try await withCluster(cluster, state: state) { client in
                let (plan, record) = try await Planner(client: client, instance: instance)
                    .plan(state, recordNamespace: state.recordNamespace)
                var workloads: [StatusReport.Workload] = []
                for entry in plan.entries where entry.desired != nil
                    && RolloutStatus.isFollowed(entry.identity, state: entry.live ?? entry.desired?.body) {
                    guard let live = entry.live else {
                        workloads.append(.init(name: "\(entry.identity)", images: [], rollout: "not created"))
                        continue
                    }
                    let containers = live[path: ["spec", "template", "spec", "containers"]]?.array
                        ?? live[path: ["spec", "jobTemplate", "spec", "template", "spec", "containers"]]?.array ?? []
                    workloads.append(.init(name: "\(entry.identity)", images: containers.compactMap { $0["image"]?.string },
                                           rollout: RolloutStatus(object: live, kind: GroupVersionKind(entry.identity)).message))
                }
                let lease = RunLease(client: client, instance: instance, namespace: state.recordNamespace)
                let lock = try await lease.holder().map { StatusReport.Lock($0, object: "\(lease.identity)") }
                return StatusReport(context: client.config.contextName ?? "(none)", server: client.config.server,
                                    instance: instance, head: commit, record: record, plan: plan, workloads: workloads,
                                    lock: lock)
            }
            switch output {
            case .json: print(try report.json())
            case .text: print(report.text, terminator: "")
            }
        }
    }
}
