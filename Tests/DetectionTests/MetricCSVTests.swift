import Foundation
import TestSupport
import Testing

@testable import Detection

@Suite struct MetricCSVTests {
    func parse(_ text: String, columns: [String] = []) throws(DetectionError) -> MetricTable {
        try MetricCSV.parse(Data(text.utf8), source: "data.csv", columns: columns)
    }

    func expectError(
        _ text: String, columns: [String] = [], _ expected: String, sourceLocation: SourceLocation = #_sourceLocation
    ) {
        do {
            _ = try parse(text, columns: columns)
            Issue.record("accepted a broken CSV", sourceLocation: sourceLocation)
        } catch {
            #expect(error.code == .invalidCSV, sourceLocation: sourceLocation)
            #expect(error.message.contains(expected), "\(error.message)", sourceLocation: sourceLocation)
        }
    }

    @Test func readsANABStyleFile() throws {
        let table = try parse("timestamp,value\n2014-07-01 00:00:00,10844\n2014-07-01 00:30:00,8127.5\n")
        #expect(table.columns == ["value"])
        #expect(table.rowCount == 2)
        #expect(table.values.column(0) == [10844, 8127.5])
        #expect(table.timestamps[1].timeIntervalSince1970 == 1_404_174_600)
        #expect(table.timestampTexts == ["2014-07-01 00:00:00", "2014-07-01 00:30:00"])
    }

    @Test func readsISO8601BOMCRLFQuotesAndTrailingBlankLines() throws {
        let text =
            "\u{FEFF}\"timestamp\",host,cpu,mem\r\n"
            + "2024-01-01T00:00:00Z,\"web, \"\"one\"\"\",\" 1.5 \",2\r\n"
            + "2024-01-01T00:05:00+01:00,\"multi\nline\",3,4e1\r\n\r\n\n"
        let table = try parse(text, columns: ["mem", "cpu"])
        #expect(table.columns == ["mem", "cpu"])
        #expect(table.values.values == [2, 1.5, 40, 3])
        #expect(table.timestamps[1].timeIntervalSince1970 == 1_704_067_500 - 3600)
    }

    @Test func allColumnsButTheTimestampByDefault() throws {
        let table = try parse("a,Timestamp,b\n1,2024-01-01,2\n")
        #expect(table.columns == ["a", "b"])
        #expect(table.values.values == [1, 2])
    }

    @Test func headerProblems() {
        expectError("", "the file is empty")
        expectError("value\n1\n", "no 'timestamp' column")
        expectError("timestamp\n2024-01-01\n", "no numeric column besides the timestamp")
        expectError("timestamp,value,value\n", "names column 'value' twice")
        expectError("timestamp,value\n2024-01-01,1\n", columns: ["cpu"], "no numeric column named 'cpu'")
        expectError("timestamp,value\n", "no data rows")
    }

    @Test func rowProblemsNameTheLineAndColumn() {
        expectError("timestamp,value\n2024-01-01,1\n2024-01-01,2,3\n", "data.csv:3: expected 2 fields")
        expectError(
            "timestamp,value\n2024-01-01,1\n\n2024-13-01,2\n",
            "data.csv:4: column 'timestamp': '2024-13-01' is not a timestamp")
        expectError("timestamp,value\n2024-01-01,\n", "data.csv:2: column 'value' is empty")
        expectError("timestamp,value\n2024-01-01,abc\n", "data.csv:2: column 'value': 'abc' is not a number")
        expectError("timestamp,value\n2024-01-01,NaN\n", "data.csv:2: column 'value': 'NaN' is not a finite number")
        expectError("timestamp,value\n2024-01-01,inf\n", "not a finite number")
        expectError("timestamp,value\n,1\n", "data.csv:2: column 'timestamp' is empty")
        expectError("timestamp,value\n2024-01-01,\"1\n", "data.csv:2: a quoted field is never closed")
        expectError("timestamp,value\n2024-01-01,\"1\"x\n", "data.csv:2: unexpected text after a closing quote")
        expectError(
            "timestamp,host,value\n2024-01-01,\"a\nb\",1\n2024-01-01,h,x\n", columns: ["value"],
            "data.csv:4: column 'value'")
    }

    @Test(ReferenceData.needs(.nab)) func readsTheNABFiles() throws {
        let folder = Paths.nabData.appendingPathComponent("realKnownCause")
        let table = try MetricCSV.read(contentsOf: folder.appendingPathComponent("nyc_taxi.csv"))
        #expect(table.rowCount == 10_320)
        #expect(table.columns == ["value"])
        let missing = #expect(throws: DetectionError.self) {
            try MetricCSV.read(contentsOf: folder.appendingPathComponent("missing.csv"), displayName: "missing.csv")
        }
        #expect(missing?.code == .io)
        #expect(missing?.message.contains("missing.csv") == true)
    }
}
