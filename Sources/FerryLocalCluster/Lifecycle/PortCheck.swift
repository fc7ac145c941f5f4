import Foundation
import NIOCore

/// Finds out before listening whether a port is free, so that a taken port is
/// reported as one clear sentence instead of a socket error from deep inside NIO.
enum PortCheck {
    /// Binds and releases `address:port` (port 0 always works); throws `portInUse`
    /// or a sentence about the address.
    static func ensureAvailable(address: String, port: Int) throws(LocalClusterError) {
        guard port != 0 else { return }
        guard (1...65535).contains(port) else {
            throw LocalClusterError(.other, "port \(port) is not a valid TCP port; choose one from 1 to 65535 (or 0 for any free port)")
        }
        let result: Int32
        if let bytes = CertificateAuthority.ipAddressBytes(address), bytes.count == 4 {
            var socketAddress = sockaddr_in()
            socketAddress.sin_family = sa_family_t(AF_INET)
            socketAddress.sin_port = in_port_t(UInt16(port).bigEndian)
            withUnsafeMutableBytes(of: &socketAddress.sin_addr) { $0.copyBytes(from: bytes) }
            result = withUnsafePointer(to: &socketAddress) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { tryBind(family: AF_INET, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
            }
        } else if let bytes = CertificateAuthority.ipAddressBytes(address), bytes.count == 16 {
            var socketAddress = sockaddr_in6()
            socketAddress.sin6_family = sa_family_t(AF_INET6)
            socketAddress.sin6_port = in_port_t(UInt16(port).bigEndian)
            withUnsafeMutableBytes(of: &socketAddress.sin6_addr) { $0.copyBytes(from: bytes) }
            result = withUnsafePointer(to: &socketAddress) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { tryBind(family: AF_INET6, $0, socklen_t(MemoryLayout<sockaddr_in6>.size)) }
            }
        } else {
            return  // a host name: NIO resolves it and reports what it finds
        }
        switch result {
        case 0: return
        case EADDRINUSE: throw LocalClusterError.portInUse(address: address, port: port)
        case EACCES: throw LocalClusterError(.other, "port \(port) needs privileges this user does not have; choose a port above 1023 with --port")
        case EADDRNOTAVAIL: throw LocalClusterError(.other, "\(address) is not an address of this machine; choose another with --address")
        default: throw LocalClusterError(.other, "cannot listen on \(address):\(port): \(DataDirectory.errorText(result))")
        }
    }

    /// 0 when the address could be bound, else the errno.
    private static func tryBind(family: Int32, _ address: UnsafePointer<sockaddr>, _ length: socklen_t) -> Int32 {
        #if canImport(Glibc)
        let descriptor = socket(family, Int32(SOCK_STREAM.rawValue), 0)
        #else
        let descriptor = socket(family, SOCK_STREAM, 0)
        #endif
        guard descriptor >= 0 else { return errno }
        defer { close(descriptor) }
        // As NIO does when it listens, so a port left in TIME_WAIT counts as free.
        var one: Int32 = 1
        setsockopt(descriptor, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
        return bind(descriptor, address, length) == 0 ? 0 : errno
    }

    /// Whether a listen failure means the port is taken.
    static func isAddressInUse(_ error: any Error) -> Bool {
        if let error = error as? IOError { return error.errnoCode == EADDRINUSE }
        return String(describing: error).contains("Address already in use")
    }
}
