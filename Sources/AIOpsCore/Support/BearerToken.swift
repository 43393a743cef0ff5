import Foundation

/// The `Authorization: Bearer <token>` check that both the dashboard's middleware and the API
/// Gateway authorizer make: one copy, so the two doors cannot come to disagree.
public enum BearerToken {
    /// True when `header` is `Bearer <token>` (the scheme in any case) and `token` is not empty.
    /// Every byte is compared, wherever the first difference lies, so the time taken does not
    /// reveal the token.
    public static func matches(_ header: String, token: String) -> Bool {
        let parts = header.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: true)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else { return false }
        let given = Array(parts[1].trimmingCharacters(in: .whitespaces).utf8)
        let expected = Array(token.utf8)
        var difference: UInt8 = given.count == expected.count ? 0 : 1
        for index in 0..<max(given.count, expected.count) {
            let a = index < given.count ? given[index] : 0
            let b = index < expected.count ? expected[index] : 0
            difference |= a ^ b
        }
        return difference == 0 && !expected.isEmpty
    }
}
