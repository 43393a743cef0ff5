import LogAnalysis
import Testing

@Suite("CSV table")
struct CSVTableTests {
    @Test("quoted fields hold commas, doubled quotes and line breaks")
    func quoting() throws {
        let table = try CSVTable(parsing: "id,msg\r\n1,\"a, \"\"b\"\"\"\n2,\"two\nlines\"\n3,plain\n")
        #expect(table.header == ["id", "msg"])
        #expect(try table.column("msg") == ["a, \"b\"", "two\nlines", "plain"])
    }

    @Test("bad CSV gets an error naming what is wrong")
    func errors() {
        #expect(throws: LogAnalysisError.self) { try CSVTable(parsing: "a,b\n1,\"open\n") }
        #expect(throws: LogAnalysisError.self) { try CSVTable(parsing: "a,b\n1,2,3\n") }
        #expect(throws: LogAnalysisError.self) { try CSVTable(parsing: "") }
        do {
            _ = try CSVTable(parsing: "a,b\n1,2\n").column("c")
            Issue.record("expected a missing-column error")
        } catch {
            #expect(error.code == .missingColumn)
            #expect(error.message.contains("\"a\", \"b\""))
        }
    }
}
