import FerryKube
import FerrySync
import Foundation
import Testing

@Suite("Pins and failed commits in the instance record")
struct RollbackTests {
    @Test func aRecordWrittenBeforePinsExistedDecodesWithoutThem() throws {
        let configMap: JSONValue = ["apiVersion": "v1", "kind": "ConfigMap", "data": ["inventory": "[]", "history": "[]"]]
        let record = try InstanceRecord(configMap: configMap)
        #expect(record.pin == nil)
        #expect(record.failedCommits.isEmpty)
    }

    @Test func pinAndFailedCommitsSurviveTheConfigMap() throws {
        var record = InstanceRecord()
        let pinnedAt = Date(timeIntervalSince1970: 1_700_000_000)
        record.pin = Pin(commit: String(repeating: "a", count: 40), reason: "rolled back from bbbbbbb by ferry rollback",
                         pinnedAt: pinnedAt, rolledBackFrom: String(repeating: "b", count: 40))
        record.recordFailure(FailedCommit(commit: String(repeating: "c", count: 40), reason: "ImagePullBackOff", failedAt: pinnedAt))
        let data = try record.configMapData()
        let decoded = try InstanceRecord(configMap: ["data": .object(data.mapValues { .string($0) })])
        #expect(decoded == record)

        // A lifted pin is written as an empty value, so server-side apply clears the old one.
        record.pin = nil
        let lifted = try record.configMapData()
        #expect(lifted["pin"] == "")
        #expect(try InstanceRecord(configMap: ["data": .object(lifted.mapValues { .string($0) })]).pin == nil)
    }

    @Test func aPinHoldsAgainstTheRolledBackCommitOnly() {
        let pin = Pin(commit: "good", reason: "r", rolledBackFrom: "bad")
        #expect(pin.holds(against: "bad"))
        #expect(pin.holds(against: "good"))
        #expect(!pin.holds(against: "newer"))
    }
}
