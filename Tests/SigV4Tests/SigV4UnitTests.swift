import Foundation
import SigV4
import Testing

@Suite struct SigV4UnitTests {
    @Test func signingKeyMatchesTheAWSDocumentationExample() {
        // "Deriving the signing key" example in the AWS General Reference (IAM, 2012-02-15).
        let signer = SigV4Signer(
            credentials: Credentials(
                accessKeyID: "AKIDEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"),
            region: "us-east-1", service: "iam")
        let date = Date(timeIntervalSince1970: 1_329_264_000)  // 2012-02-15
        let key = signer.signingKey(date: date).withUnsafeBytes { Array($0) }
        let hex = key.map { String(format: "%02x", $0) }.joined()
        #expect(hex == "f4780e2d9f65fa895f9c67b32ce1baf0b0d8a43505a000a1a9e090d414db404d")
    }

    @Test(arguments: [
        (0.0, "19700101T000000Z"),
        (951_782_400, "20000229T000000Z"),
        (946_684_799, "19991231T235959Z"),
        (4_102_444_799.9, "20991231T235959Z"), (4_107_542_399, "21000228T235959Z"), (4_107_542_400, "21000301T000000Z"),
        (-1, "19691231T235959Z"),
    ])
    func signingDateIsUTCWithoutALocale(_ seconds: Double, _ expected: String) {
        let date = SigningDate(Date(timeIntervalSince1970: seconds))
        #expect(date.timestamp == expected)
        #expect(date.day == String(expected.prefix(8)))
    }

    @Test func encodingKeepsOnlyRFC3986UnreservedCharacters() {
        #expect(URIEncoding.encode("AZaz09-._~") == "AZaz09-._~")
        #expect(URIEncoding.encode("a b+c=d&e/f*g%h") == "a%20b%2Bc%3Dd%26e%2Ff%2Ag%25h")
        #expect(URIEncoding.encode("a/b c", keepSlash: true) == "a/b%20c")
        #expect(URIEncoding.encode("ሴ") == "%E1%88%B4")
        #expect(URIEncoding.decode("%E1%88%b4+%2") == "ሴ+%2")
    }

    @Test func queryItemsKeepOrderAndEmptyValues() {
        let items = URIEncoding.queryItems("b=2&a&c=%20x&&d=")
        #expect(items.map(\.name) == ["b", "a", "c", "d"])
        #expect(items.map(\.value) == ["2", "", " x", ""])
        #expect(
            URIEncoding.formEncode([("Action", "Publish"), ("Message", "a b/c")]) == "Action=Publish&Message=a%20b%2Fc")
    }

    @Test(arguments: [
        ("", "/"), ("/", "/"), ("//", "/"), ("/a/./b/../c//", "/a/c/"), ("/a/b/../../..", "/"),
        ("/./a", "/a"), ("/a/.", "/a"), ("/a%2Fb", "/a%2Fb"),
    ])
    func pathsAreNormalised(_ path: String, _ expected: String) {
        #expect(CanonicalRequest.normalizePath(path) == expected)
    }

    @Test func anEncodedPathIsEncodedAgain() {
        // Non-S3 services expect the wire path encoded a second time.
        #expect(CanonicalRequest.canonicalURI("/functions/my%20fn/invocations") == "/functions/my%2520fn/invocations")
    }

    @Test func unsignedPayloadAndContentHashHeader() {
        let signer = SigV4Signer(
            credentials: Credentials(accessKeyID: "AKID", secretAccessKey: "secret"), region: "eu-west-1",
            service: "s3")
        let date = Date(timeIntervalSince1970: 1_440_938_160)
        let signed = signer.sign(
            method: "PUT", path: "/", headers: [("Host", "example.com")], payload: .unsigned, date: date,
            addContentSHA256: true)
        #expect(signed.canonicalRequest.text.hasSuffix("\nUNSIGNED-PAYLOAD"))
        #expect(signed.canonicalRequest.signedHeaders == "host;x-amz-content-sha256;x-amz-date")
        #expect(signed.headers.contains { $0.name == "X-Amz-Content-SHA256" && $0.value == "UNSIGNED-PAYLOAD" })
        #expect(PayloadHash.empty.value == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
    }

    @Test func transportHeadersAreNotSignedAndStaleAuthIsReplaced() {
        let signer = SigV4Signer(
            credentials: Credentials(accessKeyID: "AKID", secretAccessKey: "secret", sessionToken: "tok"),
            region: "us-east-1", service: "logs")
        let signed = signer.sign(
            method: "POST", path: "/",
            headers: [
                ("Host", "logs.us-east-1.amazonaws.com"), ("User-Agent", "aiops"), ("Content-Length", "2"),
                ("Authorization", "old"), ("X-Amz-Date", "old"), ("X-Amz-Target", "Logs_20140328.FilterLogEvents"),
            ],
            payload: .of(Data("{}".utf8)), date: Date(timeIntervalSince1970: 0))
        #expect(signed.canonicalRequest.signedHeaders == "host;x-amz-date;x-amz-security-token;x-amz-target")
        #expect(signed.headers.filter { $0.name.lowercased() == "authorization" }.count == 1)
        #expect(signed.headers.filter { $0.name.lowercased() == "x-amz-date" }.map(\.value) == ["19700101T000000Z"])
    }

    @Test func credentialsNeverPrintTheirSecrets() {
        let credentials = Credentials(
            accessKeyID: "AKIAIOSFODNN7EXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
            sessionToken: "FwoGZXIvYXdzEBYaDEXAMPLETOKEN")
        var dumped = ""
        dump(credentials, to: &dumped)
        for text in ["\(credentials)", String(reflecting: credentials), dumped, "\([credentials])"] {
            #expect(!text.contains("wJalrXUtnFEMI"), "\(text)")
            #expect(!text.contains("FwoGZXIvYXdz"), "\(text)")
            #expect(!text.contains("AKIAIOSFODNN7"), "\(text)")
            #expect(text.contains("MPLE"), "\(text)")
        }
    }
}
