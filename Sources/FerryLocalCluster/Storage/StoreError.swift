/// Failures of the store itself, as distinct from a request's own errors, which the
/// write closures throw and the store passes through untouched.
public struct StoreError: Error, Sendable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
