import Foundation

/// Plain TCP probes of a server's listener, below TLS and HTTP. They block: call them
/// through ``offThePool(_:)``.
public enum TCPProbe {
    private static func socketDescriptor() -> Int32 {
        #if canImport(Glibc)
        socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        #else
        socket(AF_INET, SOCK_STREAM, 0)
        #endif
    }

    private static func attach(_ descriptor: Int32, _ host: String, _ port: Int) -> Int32 {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr(host)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        return result == 0 ? 0 : errno
    }

    /// Connects to `host:port` (an IPv4 address) and hangs up: 0 when the connection was
    /// made, otherwise the errno of the failure (ECONNREFUSED: nothing listens there).
    public static func connectionError(_ host: String, _ port: Int) -> Int32 {
        let descriptor = socketDescriptor()
        guard descriptor >= 0 else { return errno }
        defer { close(descriptor) }
        return attach(descriptor, host, port)
    }

    /// Connects to 127.0.0.1:`port`, sends nothing, and reads until the server closes
    /// the connection: true when it did (end of file, or a reset). The receive timeout
    /// (`hangGuard`) only keeps a broken server from hanging the caller: reaching it
    /// returns false, the server never closed.
    public static func serverClosesSilentConnection(port: Int, hangGuard: Int = 120) -> Bool {
        let descriptor = socketDescriptor()
        guard descriptor >= 0 else { return false }
        defer { close(descriptor) }
        var limit = timeval(tv_sec: hangGuard, tv_usec: 0)
        setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &limit, socklen_t(MemoryLayout<timeval>.size))
        guard attach(descriptor, "127.0.0.1", port) == 0 else { return false }
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = read(descriptor, &buffer, buffer.count)
            if count == 0 { return true }
            if count < 0 { return errno == ECONNRESET }
        }
    }

    /// The machine's first IPv4 address that is not loopback, if it has one.
    public static let nonLoopbackAddress: String? = {
        var list: UnsafeMutablePointer<ifaddrs>?
        guard getifaddrs(&list) == 0, let first = list else { return nil }
        defer { freeifaddrs(list) }
        for entry in sequence(first: first, next: { $0.pointee.ifa_next }) {
            guard let address = entry.pointee.ifa_addr, address.pointee.sa_family == sa_family_t(AF_INET) else { continue }
            var ipv4 = address.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { $0.pointee.sin_addr }
            var text = [CChar](repeating: 0, count: Int(INET_ADDRSTRLEN))
            guard inet_ntop(AF_INET, &ipv4, &text, socklen_t(INET_ADDRSTRLEN)) != nil else { continue }
            let string = String(decoding: text.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
            if !string.hasPrefix("127.") { return string }
        }
        return nil
    }()
}
