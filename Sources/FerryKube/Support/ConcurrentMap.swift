import Dispatch

extension Array {
    /// `transform` applied to every element using every core, the results in the
    /// elements' order. For independent work on many small items (parsing files,
    /// hashing objects); `transform` must not touch shared mutable state.
    public func concurrentMap<T>(_ transform: (Element) -> T) -> [T] {
        guard count > 1 else { return map(transform) }
        return withoutActuallyEscaping(transform) { transform in
            [T](unsafeUninitializedCapacity: count) { buffer, initialized in
                let slots = UnsafeSendable(buffer.baseAddress!)
                let work = UnsafeSendable(transform)
                self.withUnsafeBufferPointer { elements in
                    let input = UnsafeSendable(elements)
                    // Each iteration writes its own slot, exactly once.
                    DispatchQueue.concurrentPerform(iterations: count) { index in
                        (slots.value + index).initialize(to: work.value(input.value[index]))
                    }
                }
                initialized = count
            }
        }
    }
}

/// A value handed to `concurrentPerform`'s iterations, which use it without racing
/// (disjoint slots, read-only input).
private struct UnsafeSendable<Value>: @unchecked Sendable {
    let value: Value
    init(_ value: Value) { self.value = value }
}
