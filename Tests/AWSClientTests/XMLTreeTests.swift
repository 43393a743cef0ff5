import AWSClient
import Foundation
import Testing

@Suite struct XMLTreeTests {
    @Test func readsAQueryReplyWithEntitiesAndCDATA() throws {
        let xml = """
            <?xml version="1.0" encoding="UTF-8"?>
            <!-- a comment -->
            <PublishResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/">
              <PublishResult><MessageId>m-1</MessageId><Note a='x &amp; y'>1 &lt; 2 &#233;&#x4E2D;<![CDATA[<raw> & ]]></Note></PublishResult>
              <ResponseMetadata><RequestId>r-9</RequestId></ResponseMetadata>
              <Empty/>
            </PublishResponse>
            """
        let root = try XMLTree.parse(Data(xml.utf8))
        #expect(root.name == "PublishResponse")
        #expect(root.attributes["xmlns"] == "http://sns.amazonaws.com/doc/2010-03-31/")
        #expect(root.path("PublishResult", "MessageId")?.text == "m-1")
        let note = try #require(root.path("PublishResult", "Note"))
        #expect(note.text == "1 < 2 é中<raw> & ")
        #expect(note.attributes["a"] == "x & y")
        #expect(root.first(named: "RequestId")?.text == "r-9")
        #expect(root.child("Empty")?.children.isEmpty == true)
        #expect(root.children("PublishResult").count == 1)
    }

    @Test(arguments: [
        "", "<a>", "<a></b>", "<a x=1></a>", "<a>&bogus;</a>", "<a></a><b></b>", "text", "<a><![CDATA[x</a>",
    ])
    func refusesMalformedDocuments(_ text: String) {
        #expect(throws: AWSError.self) { try XMLTree.parse(Data(text.utf8)) }
    }

    @Test func refusesDeepNestingInsteadOfOverflowingTheStack() {
        let text = String(repeating: "<a>", count: 10_000) + String(repeating: "</a>", count: 10_000)
        #expect(throws: AWSError.self) { try XMLTree.parse(Data(text.utf8)) }
    }
}
