import Dispatch
import Foundation
import FerrySync

/// Turns SIGINT and SIGTERM into a stop request for the running sync, which then
/// finishes the object it is writing, records what it did and releases its lease.
/// A second signal ends the process at once, as a user pressing Ctrl-C twice expects.
enum SignalTrap {
    /// Sources kept for the life of the process.
    nonisolated(unsafe) private static var sources: [any DispatchSourceSignal] = []
    private static let queue = DispatchQueue(label: "ferry.signals")

    /// Installs the handlers and returns the interruption they trip.
    static func install() -> Interruption {
        let interruption = Interruption()
        for (number, name) in [(SIGINT, "SIGINT"), (SIGTERM, "SIGTERM")] {
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: queue)
            source.setEventHandler {
                if interruption.reason != nil { exit(128 + number) }
                printError("\(name): stopping after the current step; the lease is released (\(name == "SIGINT" ? "Ctrl-C" : "signal") again to quit at once)")
                interruption.request(name)
            }
            source.resume()
            sources.append(source)
        }
        return interruption
    }
}
