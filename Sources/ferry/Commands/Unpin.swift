import ArgumentParser
import FerrySync

extension Ferry {
    struct Unpin: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Lift the pin a rollback left, so that periodic syncs deploy the branch again.",
            discussion: "Changes only the instance's record; the next `ferry sync` deploys HEAD. Exit status: 0, 4 cluster unreachable, 5 locked.")

        @OptionGroup var revision: RevisionOptions
        @OptionGroup var cluster: ClusterOptions

        func run() async throws {
            let state = try loadDesiredState(revision.request())
            let instance = cluster.instance(state)
            let namespace = state.config.recordNamespace ?? "default"
            try await withCluster(cluster, state: state) { client in
                let token = try await RunLease(client: client, instance: instance, namespace: namespace).acquire()
                let store = RecordStore(client: client, instance: instance, namespace: namespace)
                let pin: Pin
                do {
                    var record = try await store.read()
                    guard let current = record.pin else {
                        await token.release()
                        print("\(instance) is not pinned")
                        return
                    }
                    pin = current
                    record.pin = nil
                    try await store.write(record)
                } catch {
                    await token.release()
                    throw error
                }
                await token.release()
                print("unpinned \(instance) (was pinned to \(pin.commit.prefix(7)): \(pin.reason)); the next sync deploys the branch")
            }
        }
    }
}
