import FerryKube
@testable import FerryLocalCluster
import Foundation
import Testing

@Suite("Fault spec")
struct FaultSpecTests {
    @Test("the full grammar reads into its fields; off and nothing are no faults")
    func parsesEveryKey() throws {
        let spec = try FaultSpec.parse("error=20%,codes=500+429,retry-after=2,delay=10%:200ms,drop=5%,restart-after=40,seed=7,methods=patch+DELETE,path=/configmaps/$")
        #expect(spec.errorRate == 0.2 && spec.codes == [500, 429] && spec.retryAfterSeconds == 2)
        #expect(spec.delayRate == 0.1 && spec.delay == .milliseconds(200) && spec.dropRate == 0.05)
        #expect(spec.restartAfter == 40 && spec.seed == 7 && spec.methods == ["PATCH", "DELETE"])
        #expect(FaultSpec.matches("/api/v1/namespaces/a/configmaps/", spec.pathContains ?? ""))
        #expect(!FaultSpec.matches("/api/v1/namespaces/a/configmaps/x", spec.pathContains ?? ""))
        #expect(try FaultSpec.parse("off").isOff)
        #expect(try FaultSpec.parse(" ").isOff)
        #expect(try FaultSpec.parse("retry-after=0,error=1%").retryAfterSeconds == nil)
    }

    @Test("a bad spec is one message naming the pair and showing the form", arguments: [
        ("eror=20%", "unknown key 'eror' in 'eror=20%'; the keys are error, codes"),
        ("error=20", "'error=20': the share must be a percentage from 0% to 100%, e.g. 20%"),
        ("error=120%", "'error=120%': the share must be a percentage"),
        ("codes=200", "'codes=200': each code must be an HTTP error status from 400 to 599"),
        ("delay=10%", "'delay=10%': delay takes a share and a duration, e.g. delay=10%:200ms"),
        ("restart-after=0", "'restart-after=0': restart-after takes a number of requests"),
        ("drop", "'drop' is not key=value"),
        ("drop=1%,drop=2%", "'drop' is given twice"),
        ("methods=FETCH", "'methods=FETCH': methods takes GET, POST, PUT, PATCH or DELETE"),
    ])
    func refusesBadSpecs(text: String, message: String) {
        #expect(throws: FaultSpecError.self) { try FaultSpec.parse(text) }
        do {
            _ = try FaultSpec.parse(text)
        } catch {
            #expect(error.description.hasPrefix("--faults: "))
            #expect(error.description.contains(message), "\(error.description)")
        }
    }

    @Test("the same seed gives the same sequence of choices")
    func seededSequence() {
        var first = SplitMix64(seed: 42), second = SplitMix64(seed: 42), other = SplitMix64(seed: 43)
        let a = (0..<100).map { _ in first.chance(0.2) }
        let b = (0..<100).map { _ in second.chance(0.2) }
        let c = (0..<100).map { _ in other.chance(0.2) }
        #expect(a == b)
        #expect(a != c)
        // About a fifth: 100 draws at 20% land between 5 and 40 for any sane generator.
        #expect((5...40).contains(a.filter { $0 }.count))
    }
}
