import FerryKube
import Synchronization

/// A JSON value kept as the bytes it arrived in until someone reads it.
///
/// A write's answer is the whole stored object (managed fields and status included), and most
/// callers of an apply only look at the status code: parsing it into a ``JSONValue`` was the
/// largest part of a client's CPU time per apply. The bytes are checked at once (see
/// ``JSONSyntaxCheck``) so that an answer that is not JSON still fails the request where it
/// did; they are parsed on the first read of ``value``, once.
final class DeferredJSON: Sendable {
    private enum State {
        case bytes([UInt8])
        case parsed(JSONValue)
    }

    private let state: Mutex<State>

    /// A value already parsed.
    init(_ value: JSONValue) {
        state = Mutex(.parsed(value))
    }

    /// The value of `bytes`, parsed now unless they surely parse later; throws the parser's
    /// error for bytes that are not one JSON text.
    init(parsing bytes: [UInt8]) throws(JSONParseError) {
        if JSONSyntaxCheck.certainlyParses(bytes) {
            state = Mutex(.bytes(bytes))
        } else {
            state = Mutex(.parsed(try JSONValue.parse(bytes)))
        }
    }

    /// The value, parsed on the first read.
    var value: JSONValue {
        state.withLock { state in
            switch state {
            case .parsed(let value):
                return value
            case .bytes(let bytes):
                // The syntax check promised that this parses; `.null` is never reached.
                let value = (try? JSONValue.parse(bytes)) ?? .null
                state = .parsed(value)
                return value
            }
        }
    }
}
