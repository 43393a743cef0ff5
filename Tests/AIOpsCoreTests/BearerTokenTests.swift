import AIOpsCore
import Testing

/// The one bearer check behind the dashboard's middleware and the API Gateway authorizer (moved
/// here from DashboardTests' `tokenComparison` and LambdaRuntimeTests' `bearerTokensMatchOnlyExactly`).
@Suite("Bearer token")
struct BearerTokenTests {
    @Test("the token comparison accepts exactly the token")
    func tokenComparison() {
        #expect(BearerToken.matches("Bearer abc", token: "abc"))
        #expect(BearerToken.matches("BEARER abc", token: "abc"))
        #expect(!BearerToken.matches("Bearer abcd", token: "abc"))
        #expect(!BearerToken.matches("Bearer ab", token: "abc"))
        #expect(!BearerToken.matches("Bearer ", token: ""))
        #expect(!BearerToken.matches("abc", token: "abc"))
    }

    @Test func bearerTokensMatchOnlyExactly() {
        #expect(BearerToken.matches("Bearer abc123", token: "abc123"))
        #expect(BearerToken.matches("bearer  abc123", token: "abc123"))
        #expect(!BearerToken.matches("Bearer abc124", token: "abc123"))
        #expect(!BearerToken.matches("Bearer abc1234", token: "abc123"))
        #expect(!BearerToken.matches("Bearer abc12", token: "abc123"))
        #expect(!BearerToken.matches("Basic abc123", token: "abc123"))
        #expect(!BearerToken.matches("abc123", token: "abc123"))
    }
}
