import FerryKube
import Foundation

extension Kubelet {
    /// The stage a pod has reached `elapsed` seconds after it was first seen, and how
    /// long until the next one.
    func stage(of pod: JSONValue, elapsed: TimeInterval) -> (Stage, Duration?) {
        let startDelay = settings.podStartDelay.timeInterval
        if elapsed < startDelay { return (.creating, .seconds(startDelay - elapsed)) }
        let images = containers(of: pod, "initContainers") + containers(of: pod, "containers")
        guard images.allSatisfy({ catalog.contains($0.image) }) else { return pullStage(elapsed - startDelay) }
        guard ContainerExit.runsToCompletion(pod) else { return (.running(restarts: 0, since: startDelay), nil) }

        let duration = max(settings.podRunDuration.timeInterval, 0.001)
        let restartsFailures = pod[path: ["spec", "restartPolicy"]]?.string == "OnFailure"
            && exitCodes(of: pod).contains { $0 != 0 }
        var start = startDelay
        var restarts = 0
        while true {
            let end = start + duration
            if elapsed < end { return (.running(restarts: restarts, since: start), .seconds(end - elapsed)) }
            guard restartsFailures else { return (.finished(restarts: restarts, lastRun: Run(start: start, end: end)), nil) }
            let backOff = restartBackOff(after: restarts)
            if elapsed < end + backOff {
                return (.backingOff(restarts: restarts, lastRun: Run(start: start, end: end), backOff: backOff),
                        .seconds(end + backOff - elapsed))
            }
            start = end + backOff
            restarts += 1
            // At the limit every cycle is the same length: skip the whole ones.
            if backOff >= settings.restartBackOffLimit.timeInterval {
                let cycles = ((elapsed - start) / (duration + backOff)).rounded(.down)
                if cycles > 0 {
                    start += cycles * (duration + backOff)
                    restarts += Int(cycles)
                }
            }
        }
    }

    /// The failed-pull stage `time` seconds after the containers would have started:
    /// `ErrImagePull`, then `ImagePullBackOff` for the back-off, which doubles up to
    /// its limit; then the pull is tried (and fails) again.
    private func pullStage(_ time: TimeInterval) -> (Stage, Duration?) {
        let showError = max(settings.imagePullBackOffDelay.timeInterval, 0.001)
        let limit = max(settings.imagePullBackOffLimit.timeInterval, 0.001)
        var backOff = min(max(settings.imagePullBackOffPeriod.timeInterval, 0.001), limit)
        var time = time
        var attempt = 0
        while true {
            if backOff >= limit {
                let cycles = (time / (showError + limit)).rounded(.down)
                attempt += Int(cycles)
                time -= cycles * (showError + limit)
            }
            if time < showError { return (.pullFailed(.errImagePull, attempt: attempt), .seconds(showError - time)) }
            time -= showError
            if time < backOff { return (.pullFailed(.backOff, attempt: attempt), .seconds(backOff - time)) }
            time -= backOff
            backOff = min(backOff * 2, limit)
            attempt += 1
        }
    }

    /// The wait before the restart after the `restarts`-th failed run: the period, doubled each time, up to the limit.
    func restartBackOff(after restarts: Int) -> TimeInterval {
        let limit = max(settings.restartBackOffLimit.timeInterval, 0.001)
        let base = min(max(settings.restartBackOffPeriod.timeInterval, 0.001), limit)
        return min(base * pow(2, Double(min(restarts, 30))), limit)
    }

    /// The run before the `restarts`-th restart that began at `since`.
    func previousRun(restarts: Int, since: TimeInterval) -> Run {
        let end = since - restartBackOff(after: restarts - 1)
        return Run(start: end - max(settings.podRunDuration.timeInterval, 0.001), end: end)
    }

    /// Each regular container's exit code, in spec order.
    func exitCodes(of pod: JSONValue) -> [Int64] {
        (pod[path: ["spec", "containers"]]?.array ?? []).map(ContainerExit.code(of:))
    }
}
