import Foundation
import Testing
@testable import FerryLocalCluster

@Suite("Object uids")
struct ObjectUIDTests {
    @Test("a uid is the lowercase text of a version 4 UUID, with the bits where Foundation puts them")
    func format() throws {
        let uid = ObjectUID.make(high: 0x0123_4567_89AB_CDEF, low: 0xFEDC_BA98_7654_3210)
        #expect(uid == "01234567-89ab-4def-bedc-ba9876543210")
        let parsed = try #require(UUID(uuidString: uid))
        #expect(parsed.uuidString.lowercased() == uid)
    }

    @Test("uids drawn from the system generator are well formed and all different")
    func random() throws {
        let uids = (0..<10_000).map { _ in ObjectUID.make() }
        #expect(Set(uids).count == uids.count)
        for uid in uids.prefix(200) {
            let parsed = try #require(UUID(uuidString: uid), "\(uid)")
            #expect(parsed.uuidString.lowercased() == uid)
            let characters = Array(uid)
            #expect(characters[14] == "4", "version 4: \(uid)")
            #expect("89ab".contains(characters[19]), "RFC 4122 variant: \(uid)")
        }
    }
}
