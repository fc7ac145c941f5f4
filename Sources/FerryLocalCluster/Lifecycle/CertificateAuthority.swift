import Crypto
import Foundation
import SwiftASN1
import X509

/// What a client needs to trust and reach the server, and what the server needs
/// to prove itself.
struct ClusterCredentials: Sendable {
    /// The CA certificate, for the kubeconfig's `certificate-authority-data`.
    var caCertificatePEM: String
    /// The server's certificate and key.
    var serverIdentity: APIServer.Identity
    /// The bearer token every request must carry.
    var token: String
}

/// The cluster's own certificate authority: a P-256 CA and a server certificate for
/// `localhost`, `127.0.0.1`, `::1` and the bind address, both valid for a year and
/// kept in `DIR/pki` (keys 0600). They are reused across restarts, so kubeconfigs
/// handed out earlier keep working; the server certificate is issued again when it
/// nears expiry or does not cover the bind address, and both when the CA does.
enum CertificateAuthority {
    static let validity: TimeInterval = 365 * 24 * 3600
    /// Renew what expires sooner than this.
    static let renewalMargin: TimeInterval = 30 * 24 * 3600

    /// Loads the CA, server certificate and token from `directory`, creating or
    /// renewing whatever is missing, expiring or does not cover `hosts`.
    static func loadOrCreate(in directory: DataDirectory, hosts: [String], now: Date = Date()) throws(LocalClusterError) -> ClusterCredentials {
        do {
            let (caCertificate, caKey, caIsNew) = try loadOrCreateCA(directory, now: now)
            let server = try loadOrCreateServer(directory, hosts: hosts, ca: caCertificate, caKey: caKey, forceNew: caIsNew, now: now)
            let token = try loadOrCreateToken(directory)
            return ClusterCredentials(caCertificatePEM: try caCertificate.serializeAsPEM().pemString, serverIdentity: server, token: token)
        } catch let error as LocalClusterError {
            throw error
        } catch {
            throw LocalClusterError(.other, "cannot prepare the cluster's certificates in \(directory.pkiPath): \(error); `ferry cluster reset` starts afresh")
        }
    }

    private static func loadOrCreateCA(_ directory: DataDirectory, now: Date) throws -> (Certificate, P256.Signing.PrivateKey, Bool) {
        if let certificateText = directory.read(directory.caCertificatePath), let keyText = directory.read(directory.caKeyPath),
           let certificate = try? Certificate(pemEncoded: certificateText),
           let key = try? P256.Signing.PrivateKey(pemRepresentation: keyText),
           certificate.publicKey == Certificate.PublicKey(key.publicKey),
           certificate.notValidAfter.timeIntervalSince(now) > renewalMargin {
            return (certificate, key, false)
        }
        let key = P256.Signing.PrivateKey()
        let name = try DistinguishedName {
            OrganizationName("ferry")
            CommonName("ferry-local-ca")
        }
        let publicKey = Certificate.PublicKey(key.publicKey)
        let certificate = try Certificate(
            version: .v3, serialNumber: Certificate.SerialNumber(), publicKey: publicKey,
            notValidBefore: now.addingTimeInterval(-3600), notValidAfter: now.addingTimeInterval(validity),
            issuer: name, subject: name, signatureAlgorithm: .ecdsaWithSHA256,
            extensions: try Certificate.Extensions {
                Critical(BasicConstraints.isCertificateAuthority(maxPathLength: 0))
                Critical(KeyUsage(digitalSignature: true, keyCertSign: true, cRLSign: true))
                SubjectKeyIdentifier(hash: publicKey)
            },
            issuerPrivateKey: Certificate.PrivateKey(key))
        try directory.write(key.pemRepresentation, to: directory.caKeyPath, mode: 0o600)
        try directory.write(try certificate.serializeAsPEM().pemString, to: directory.caCertificatePath, mode: 0o644)
        return (certificate, key, true)
    }

    private static func loadOrCreateServer(
        _ directory: DataDirectory, hosts: [String], ca: Certificate, caKey: P256.Signing.PrivateKey, forceNew: Bool, now: Date
    ) throws -> APIServer.Identity {
        let names = subjectAlternativeNames(hosts)
        if !forceNew, let certificateText = directory.read(directory.serverCertificatePath),
           let keyText = directory.read(directory.serverKeyPath),
           let certificate = try? Certificate(pemEncoded: certificateText),
           let key = try? P256.Signing.PrivateKey(pemRepresentation: keyText),
           certificate.publicKey == Certificate.PublicKey(key.publicKey),
           ca.publicKey.isValidSignature(certificate.signature, for: certificate),
           certificate.notValidAfter.timeIntervalSince(now) > renewalMargin,
           let present = try? certificate.extensions.subjectAlternativeNames,
           names.allSatisfy(present.contains) {
            return APIServer.Identity(certificateChainPEM: certificateText, privateKeyPEM: keyText)
        }
        let key = P256.Signing.PrivateKey()
        let publicKey = Certificate.PublicKey(key.publicKey)
        let subject = try DistinguishedName {
            OrganizationName("ferry")
            CommonName("ferry-local-apiserver")
        }
        let certificate = try Certificate(
            version: .v3, serialNumber: Certificate.SerialNumber(), publicKey: publicKey,
            notValidBefore: now.addingTimeInterval(-3600), notValidAfter: now.addingTimeInterval(validity),
            issuer: ca.subject, subject: subject, signatureAlgorithm: .ecdsaWithSHA256,
            extensions: try Certificate.Extensions {
                Critical(BasicConstraints.notCertificateAuthority)
                Critical(KeyUsage(digitalSignature: true, keyEncipherment: true))
                try ExtendedKeyUsage([.serverAuth])
                SubjectKeyIdentifier(hash: publicKey)
                AuthorityKeyIdentifier(keyIdentifier: try ca.extensions.subjectKeyIdentifier?.keyIdentifier)
                SubjectAlternativeNames(names)
            },
            issuerPrivateKey: Certificate.PrivateKey(caKey))
        let certificatePEM = try certificate.serializeAsPEM().pemString
        try directory.write(key.pemRepresentation, to: directory.serverKeyPath, mode: 0o600)
        try directory.write(certificatePEM, to: directory.serverCertificatePath, mode: 0o644)
        return APIServer.Identity(certificateChainPEM: certificatePEM, privateKeyPEM: key.pemRepresentation)
    }

    /// DNS names and IP addresses, each once; wildcard bind addresses are left out
    /// (a client never connects to 0.0.0.0).
    static func subjectAlternativeNames(_ hosts: [String]) -> [GeneralName] {
        var names: [GeneralName] = []
        for host in ["localhost", "127.0.0.1", "::1"] + hosts where host != "0.0.0.0" && host != "::" {
            let name: GeneralName
            if let bytes = ipAddressBytes(host) {
                name = .ipAddress(ASN1OctetString(contentBytes: ArraySlice(bytes)))
            } else {
                name = .dnsName(host)
            }
            if !names.contains(name) { names.append(name) }
        }
        return names
    }

    static func ipAddressBytes(_ text: String) -> [UInt8]? {
        var v4 = in_addr()
        if inet_pton(AF_INET, text, &v4) == 1 {
            return withUnsafeBytes(of: &v4) { Array($0) }
        }
        var v6 = in6_addr()
        if inet_pton(AF_INET6, text, &v6) == 1 {
            return withUnsafeBytes(of: &v6) { Array($0) }
        }
        return nil
    }

    private static func loadOrCreateToken(_ directory: DataDirectory) throws(LocalClusterError) -> String {
        if let existing = directory.read(directory.tokenPath)?.trimmingCharacters(in: .whitespacesAndNewlines), existing.count >= 32 {
            return existing
        }
        let bytes = SymmetricKey(size: .bits256).withUnsafeBytes { Array($0) }
        let token = bytes.map { byte in (byte < 16 ? "0" : "") + String(byte, radix: 16) }.joined()
        try directory.write(token + "\n", to: directory.tokenPath, mode: 0o600)
        return token
    }
}
