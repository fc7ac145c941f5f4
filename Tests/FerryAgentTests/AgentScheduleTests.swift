import FerryAgent
import Testing

@Suite("Agent schedule")
struct AgentScheduleTests {
    @Test("syncs at start, at once for a new commit, then on its interval")
    func startNewCommitInterval() {
        var schedule = AgentSchedule(interval: .seconds(60))
        #expect(schedule.next(head: "a", now: .zero) == .sync(commit: "a", reason: .start))
        schedule.finished(commit: "a", succeeded: true, at: .seconds(5))
        #expect(schedule.next(head: "a", now: .seconds(30)) == .wait(until: .seconds(65)))
        #expect(schedule.next(head: "a", now: .seconds(65)) == .sync(commit: "a", reason: .interval))
        #expect(schedule.next(head: "b", now: .seconds(6)) == .sync(commit: "b", reason: .newCommit))
    }

    @Test("a commit that keeps failing is tried later and later, up to the cap; a new commit goes at once; success resets")
    func backoff() {
        var schedule = AgentSchedule(interval: .seconds(60), maximumBackoff: .seconds(300))
        var now = Duration.zero
        var waits: [Duration] = []
        for _ in 0..<5 {
            schedule.finished(commit: "bad", succeeded: false, at: now)
            waits.append(schedule.delay)
            now += schedule.delay
            #expect(schedule.next(head: "bad", now: now) == .sync(commit: "bad", reason: .retry))
        }
        #expect(waits == [.seconds(60), .seconds(120), .seconds(240), .seconds(300), .seconds(300)])
        #expect(schedule.next(head: "fix", now: now) == .sync(commit: "fix", reason: .newCommit))
        schedule.finished(commit: "fix", succeeded: true, at: now)
        #expect(schedule.delay == .seconds(60))
        schedule.finished(commit: "fix2", succeeded: false, at: now)
        #expect(schedule.failures == 1)
    }
}
