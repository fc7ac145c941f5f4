import Foundation

/// Runs blocking work (waiting for a program, a blocking server call) on a thread of its
/// own, so the tests running meanwhile keep the cooperative pool's few threads (two on a
/// two-core machine). Not Dispatch's global queue: on Linux its threads are that pool's.
public func offThePool<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        Thread.detachNewThread { continuation.resume(with: Result { try work() }) }
    }
}
