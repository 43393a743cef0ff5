import Foundation
import SigV4
import TestSupport
import Testing

/// Every case of the AWS SigV4 test suite: exact canonical request, string to sign and Authorization.
@Suite(ReferenceData.needs(.sigv4)) struct SigV4SuiteTests {
    static let cases = SuiteCase.all()
    static let date = Date(timeIntervalSince1970: 1_440_938_160)  // 2015-08-30T12:36:00Z
    static let exampleCredentials = Credentials(
        accessKeyID: "AKIDEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY")
    /// The token of `post-sts-header-before`, also used for `post-sts-header-after`, whose `.req`
    /// leaves it out because it is added after signing.
    static let stsToken =
        "AQoDYXdzEPT//////////wEXAMPLEtc764bNrC9SAPBSM22wDOk4x4HIZ8j4FZTwdQWLWsKWHGBuFqwAeMicRXmxfpSPfIeoIYRqTflfK"
        + "D8YUuwthAx7mSEI/qkPpKPi/kMcGdQrmGdeehM4IC1NtBmUpp2wUE8phUZampKsburEDy0KPkyQDYwT7WZ0wq5VSXDvp75YU9HFvl"
        + "Rd8Tx6q6fE8YQcHNVXAkiY9q6d+xo0rKwT38xVqr7ZD0u0iPPkUL64lIZbqBAz+scqKmlzm8FDrypNC9Yjc8fPOLn9FX9KSYvKTr4r"
        + "vx3iSIlTJabIQwj2ICCR/oLxBA=="

    @Test func theWholeSuiteIsThere() {
        // 33 cases: a missing folder must fail here rather than run zero parameterised cases.
        #expect(Self.cases.count == 33, "found \(Self.cases.count) cases under \(SuiteCase.folder.path)")
    }

    @Test(arguments: cases) func stagesMatchExactly(_ suiteCase: SuiteCase) throws {
        var credentials = Self.exampleCredentials
        var placement = SigV4Signer.SessionTokenPlacement.signed
        var headers = suiteCase.headers
        // The session token travels in the credentials, not in the request we are handed.
        if let index = headers.firstIndex(where: { $0.name.lowercased() == "x-amz-security-token" }) {
            credentials.sessionToken = headers.remove(at: index).value
        }
        switch suiteCase.name {
        case "get-vanilla-with-session-token":
            credentials.sessionToken = "6e86291e8372ff2a2260956d9b8aae1d763fbf315fa00fa31553b73ebf194267"
        case "post-sts-header-after":
            credentials.sessionToken = Self.stsToken
            placement = .appendedAfterSigning
        default: break
        }
        // The signer writes X-Amz-Date from the injected date; the suite's header must agree.
        let dateHeader = try #require(headers.first { $0.name.lowercased() == "x-amz-date" })
        #expect(dateHeader.value == SigningDate(Self.date).timestamp)
        headers.removeAll { $0.name.lowercased() == "x-amz-date" }

        let signer = SigV4Signer(credentials: credentials, region: "us-east-1", service: "service")
        let signed = signer.sign(
            method: suiteCase.method, path: suiteCase.path, query: URIEncoding.queryItems(suiteCase.query),
            headers: headers, payload: .of(suiteCase.body), date: Self.date, sessionToken: placement)

        #expect(signed.canonicalRequest.text == suiteCase.expectedCanonicalRequest)
        #expect(signed.stringToSign == suiteCase.expectedStringToSign)
        #expect(signed.authorization == suiteCase.expectedAuthorization)
        #expect(signed.headers.last?.name == "Authorization")
        #expect(signed.headers.last?.value == suiteCase.expectedAuthorization)
        let sentToken = signed.headers.first { $0.name == "X-Amz-Security-Token" }?.value
        #expect(sentToken == credentials.sessionToken)
    }

    @Test(arguments: cases) func stageFunctionsComposeToTheSameSignature(_ suiteCase: SuiteCase) throws {
        // Drives the stages one by one on the suite's own canonical request.
        let signer = SigV4Signer(credentials: Self.exampleCredentials, region: "us-east-1", service: "service")
        let creq = suiteCase.expectedCanonicalRequest
        let signedHeaders = String(creq.split(separator: "\n", omittingEmptySubsequences: false).dropLast().last ?? "")
        let canonical = CanonicalRequest(text: creq, signedHeaders: signedHeaders)
        let sts = signer.stringToSign(canonicalRequest: canonical, date: Self.date)
        #expect(sts == suiteCase.expectedStringToSign)
        let signature = signer.signature(stringToSign: sts, date: Self.date)
        #expect(suiteCase.expectedAuthorization.hasSuffix("Signature=\(signature)"))
    }
}
