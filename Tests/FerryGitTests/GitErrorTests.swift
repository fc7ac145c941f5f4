import Testing
import FerryGit

@Suite("GitError")
struct GitErrorTests {
    @Test func describesContextThenMessage() {
        let error = GitError(code: .notFound, errorClass: 3, message: "revspec 'x' not found", context: "revision 'x' not found in /r")
        #expect(error.description == "revision 'x' not found in /r: revspec 'x' not found")
        #expect(GitError(code: .invalid, message: "", context: "just context").description == "just context")
    }

    @Test func namesLibgit2Codes() {
        #expect(GitError.Code.notFound.rawValue == -3)
        #expect(GitError.Code.notFound.description == "GIT_ENOTFOUND")
        #expect(GitError.Code.ambiguous.description == "GIT_EAMBIGUOUS")
        #expect(GitError.Code(rawValue: -99).description == "git error -99")
    }
}
