import Foundation
import Testing
import FerryTesting

@Suite("The git test fixture")
struct GitFixtureTests {
    @Test func fixedDatesGiveTheSameCommitIdsEveryTime() throws {
        func build() throws -> String {
            let fixture = try GitFixture()
            try fixture.write("a.yaml", "a: 1\n")
            try fixture.commit("One", date: Date(timeIntervalSince1970: 1_700_000_000))
            return try fixture.commit("Two", date: Date(timeIntervalSince1970: 1_700_000_060))
        }
        #expect(try build() == build())
    }

    @Test func removeDeletesTheRepository() throws {
        let fixture = try GitFixture()
        try fixture.write("a.yaml", "a: 1\n")
        #expect(FileManager.default.fileExists(atPath: fixture.path))
        fixture.remove()
        #expect(!FileManager.default.fileExists(atPath: fixture.path))
        fixture.remove()  // a second call is harmless
    }

    @Test func deinitDeletesTheRepository() throws {
        var path = ""
        do {
            let fixture = try GitFixture()
            path = fixture.path
            #expect(FileManager.default.fileExists(atPath: path))
        }
        #expect(!path.isEmpty && !FileManager.default.fileExists(atPath: path))
    }

    @Test func commitsOnMainWithTheFixedIdentity() throws {
        let fixture = try GitFixture()
        try fixture.write("a.yaml", "a: 1\n")
        try fixture.commit("One")
        #expect(try fixture.git("symbolic-ref", "--short", "HEAD") == "main\n")
        #expect(try fixture.git("log", "-1", "--format=%an <%ae>|%cn <%ce>")
                == "Ferry Test <test@ferry.invalid>|Ferry Test <test@ferry.invalid>\n")
    }

    @Test func aFailingGitCommandThrowsWithItsStandardError() throws {
        let fixture = try GitFixture()
        let error = #expect(throws: FerryTesting.ProcessError.self) { try fixture.git("rev-parse", "--verify", "nope") }
        #expect(error?.result.succeeded == false)
        #expect(error?.description.contains("rev-parse --verify nope") == true)
    }

    @Test func aBareFixtureHasNoWorkTree() throws {
        let fixture = try GitFixture(bare: true)
        #expect(fixture.isBare)
        #expect(try fixture.git("rev-parse", "--is-bare-repository") == "true\n")
        #expect(throws: GitFixture.FixtureError.self) { try fixture.write("a.yaml", "a: 1\n") }
    }
}
