import FerryTesting
import Foundation
import Testing

/// `ferry diff` exits as `kubectl diff` does: 0 no differences, 1 differences, above 1 an
/// error, so that a script can tell drift from a diff that did not run.
@Suite("ferry diff exit status", .enabled(if: ClusterFixture.hasKubectl, "needs kubectl"))
struct DiffCommandTests {
    @Test("1 for differences, 0 in sync, 2 for a revision or a record that cannot be read")
    func exitStatus() async throws {
        let cluster = try await ClusterFixture.start()
        let app = SparkApp("diffexit")
        let repository = try app.repository()

        let differences = try await cluster.ferry(["diff"], repo: repository)
        #expect(differences.status == 1, "\(differences.errorOutput)")
        #expect(differences.output.contains("5 to create"), "\(differences.output)")
        try await SyncEndToEndTests.syncSucceeds(cluster, repository)
        let inSync = try await cluster.ferry(["diff"], repo: repository)
        #expect(inSync.status == 0, "\(inSync.errorOutput)\(inSync.output)")

        // Exit 1 for every other command: a revision that does not exist.
        let unknown = try await cluster.ferry(["diff", "--rev", "no-such-branch"], repo: repository)
        #expect(unknown.status == 2, "\(unknown.errorOutput)")
        #expect(unknown.errorOutput.contains("revision 'no-such-branch' not found"), "\(unknown.errorOutput)")
        #expect(unknown.output.isEmpty)

        // A record that no longer decodes.
        try await cluster.kubectl("patch", "configmap", "ferry-\(app.instance)", "--namespace", "default",
                                  "--type", "merge", "--patch", #"{"data":{"inventory":"not json"}}"#)
        let corrupt = try await cluster.ferry(["diff"], repo: repository)
        #expect(corrupt.status == 2, "\(corrupt.errorOutput)\(corrupt.output)")
        #expect(corrupt.errorOutput.hasPrefix("error: ConfigMap/default/ferry-\(app.instance): the instance record cannot be read (data.inventory is not the JSON ferry writes there); restore it, or delete it"),
                "\(corrupt.errorOutput)")
    }
}
