import FerryTesting
import Foundation
import Testing

/// contrib/systemd's units: `systemd-analyze verify` accepts them with no warning, and they keep
/// the settings the README promises.
@Suite("systemd units")
struct SystemdUnitTests {
    static let analyze = "/usr/bin/systemd-analyze"
    static let hasAnalyze = FileManager.default.isExecutableFile(atPath: analyze)
    static let units = ["ferry-sync.service", "ferry-sync.timer", "ferry-agent.service"]
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("contrib/systemd").path

    static func unit(_ name: String) throws -> [String] {
        try String(contentsOfFile: directory + "/" + name, encoding: .utf8).split(separator: "\n").map(String.init)
    }

    /// verify refuses a unit whose ExecStart binary does not exist, and the units name the installed
    /// path (/usr/local/bin/ferry, `make install`'s): the copies checked run the ferry just built.
    @Test("systemd-analyze verify accepts the units, with no warning", .enabled(if: hasAnalyze, "needs systemd-analyze (Debian's systemd package)"))
    func verifyAcceptsUnits() async throws {
        let copies = NSTemporaryDirectory() + "ferry-units-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: copies, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: copies) }
        for name in Self.units {
            let text = try String(contentsOfFile: Self.directory + "/" + name, encoding: .utf8)
            try text.replacingOccurrences(of: "/usr/local/bin/ferry", with: FerryBinary.path)
                .write(toFile: copies + "/" + name, atomically: true, encoding: .utf8)
        }
        let arguments = ["verify", "--man=no"] + Self.units.map { copies + "/" + $0 }
        let result = try await offThePool { try FerryTesting.run(Self.analyze, arguments) }
        #expect(result.status == 0, "\(result.errorOutput)")
        #expect(result.errorOutput.isEmpty)
    }

    @Test("the timer starts the sync every minute, on the minute, and makes up a missed run")
    func timerEveryMinute() throws {
        let timer = try Self.unit("ferry-sync.timer")
        for line in ["OnCalendar=*-*-* *:*:00", "Persistent=true", "RandomizedDelaySec=0", "Unit=ferry-sync.service"] {
            #expect(timer.contains(line), "\(line)")
        }
        let service = try Self.unit("ferry-sync.service")
        #expect(service.contains("Type=oneshot"))
        #expect(service.contains("ExecStart=/usr/local/bin/ferry sync --repo /srv/deploy/manifests"))
        #expect(try Self.unit("ferry-agent.service").contains("ExecStart=/usr/local/bin/ferry agent --repo /srv/deploy/manifests --interval 1m"))
        #expect(try Self.unit("ferry-agent.service").contains("Restart=on-failure"))
    }

    @Test("both services run hardened, as their own user, writing only their state directory", arguments: ["ferry-sync.service", "ferry-agent.service"])
    func servicesAreHardened(_ name: String) throws {
        let service = try Self.unit(name)
        for line in ["User=ferry", "NoNewPrivileges=yes", "ProtectSystem=strict", "ProtectHome=read-only", "PrivateTmp=yes",
                     "ProtectKernelTunables=yes", "RestrictAddressFamilies=AF_UNIX AF_INET AF_INET6", "CapabilityBoundingSet=",
                     "StateDirectory=ferry", "Environment=KUBECONFIG=/etc/ferry/kubeconfig"] {
            #expect(service.contains(line), "\(name): \(line)")
        }
        let writable = service.filter { $0.hasPrefix("ReadWritePaths=") }
        #expect(writable.isEmpty)
    }
}
