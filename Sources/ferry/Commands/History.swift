import ArgumentParser
import FerryGit
import FerrySync
import Foundation

extension Ferry {
    struct History: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List the revisions: the commits that changed the manifests, and what the cluster made of each.",
            discussion: """
                One row per commit that changed the manifests, newest first, numbered like \
                `kubectl rollout history` (1 is the oldest): short sha, date, author, the subject \
                (the change cause), the image changes it made, and its outcome from the cluster's \
                sync records (synced, failed, rolled back, never synced). The live revision is marked. \
                With a Deployment name, only the commits that changed it. --revision N prints that \
                commit's manifest diff; Secret values are masked as `ferry diff` masks them. Reads only.
                Exit status: 0, 1 for an unknown revision, 4 when the cluster is unreachable or unauthorized.
                """)

        @Argument(help: "Only the commits that changed this Deployment.")
        var deployment: String?

        @Option(help: "Show this revision's manifest diff against its parent.")
        var revision: Int?

        @OptionGroup var revisionOptions: RevisionOptions
        @OptionGroup var cluster: ClusterOptions

        @Option(name: .shortAndLong, help: "Output format: text or json.")
        var output: ReportFormat = .text

        func run() async throws {
            let state = try loadDesiredState(revisionOptions.request())
            guard let head = state.origin.commit else { throw ExitCodes.failure }
            let instance = cluster.instance(state)
            let record = try await withCluster(cluster, state: state) { client in
                try await RecordStore(client: client, instance: instance,
                                      namespace: state.config.recordNamespace ?? "default").read()
            }
            let repository: Repository
            var history: RevisionHistory
            let rows: [RevisionRow]
            do {
                repository = try Repository(path: state.repositoryPath)
                history = RevisionHistory(store: try ManifestStore(repository: repository, path: state.manifestPath),
                                          defaultNamespace: state.defaultNamespace)
                rows = try history.rows(from: head, record: record, deployment: deployment)
            } catch let error as GitError {
                printError("error: \(error)")
                throw ExitCodes.failure
            }
            if let revision {
                guard let row = rows.first(where: { $0.revision == revision }) else {
                    let known = rows.map { String($0.revision) }.joined(separator: ", ")
                    printError("error: no revision \(revision)\(deployment.map { " for \($0)" } ?? ""); the revisions are \(known.isEmpty ? "none" : known) (see `ferry history`)")
                    throw ExitCodes.failure
                }
                let diff: String
                do {
                    guard let id = ObjectID(hex: row.commit) else { throw ExitCodes.failure }
                    diff = try history.diff(of: try repository.commit(id))
                } catch let error as GitError {
                    printError("error: \(error)")
                    throw ExitCodes.failure
                }
                switch output {
                case .json: print(try Self.json(RevisionDetail(row: row, diff: diff)))
                case .text:
                    print(Self.text([row]), terminator: "")
                    print("")
                    print(diff, terminator: "")
                }
                return
            }
            switch output {
            case .json: print(try Self.json(rows))
            case .text: print(Self.text(rows), terminator: "")
            }
        }

        struct RevisionDetail: Encodable {
            var row: RevisionRow
            var diff: String
        }

        static func json<T: Encodable>(_ value: T) throws -> String {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            encoder.dateEncodingStrategy = .iso8601
            return String(decoding: try encoder.encode(value), as: UTF8.self)
        }

        /// A table like `kubectl rollout history`'s, with each commit's image changes below it.
        static func text(_ rows: [RevisionRow]) -> String {
            let header = ["REVISION", "COMMIT", "DATE", "AUTHOR", "OUTCOME", "CHANGE-CAUSE"]
            let cells = rows.map { row -> [String] in
                var outcome = row.outcome.rawValue
                let marks = (row.live ? ["live"] : []) + (row.pinned ? ["pinned"] : [])
                if !marks.isEmpty { outcome += " (\(marks.joined(separator: ", ")))" }
                return [String(row.revision), String(row.commit.prefix(7)),
                        row.date.formatted(.iso8601.year().month().day().dateSeparator(.dash).dateTimeSeparator(.space).time(includingFractionalSeconds: false).timeSeparator(.colon)),
                        row.author, outcome, row.subject]
            }
            let widths = header.indices.map { column in ([header] + cells).map { $0[column].count }.max() ?? 0 }
            func line(_ cells: [String]) -> String {
                cells.enumerated().map { index, cell in
                    index == cells.count - 1 ? cell : cell.padding(toLength: widths[index], withPad: " ", startingAt: 0)
                }.joined(separator: "  ")
            }
            var lines = [line(header)]
            for (row, cell) in zip(rows, cells) {
                lines.append(line(cell))
                for change in row.imageChanges { lines.append("    \(change)") }
                if row.outcome == .failed || row.outcome == .rolledBack, let reason = row.reason { lines.append("    reason: \(reason)") }
            }
            return lines.joined(separator: "\n") + "\n"
        }
    }
}
