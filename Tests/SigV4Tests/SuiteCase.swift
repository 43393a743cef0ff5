import Foundation
import TestSupport
import Testing

/// One case of the AWS SigV4 test suite in the reference data (`sigv4/`): the request parsed from `.req`
/// and the expected stages read from `.creq`, `.sts` and `.authz`.
struct SuiteCase: Sendable, CustomTestStringConvertible {
    var name: String
    var method: String
    var path: String
    var query: String
    var headers: [(name: String, value: String)]
    var body: Data
    var expectedCanonicalRequest: String
    var expectedStringToSign: String
    var expectedAuthorization: String

    var testDescription: String { name }

    static let folder = ReferenceData.folder(.sigv4)

    /// Every case folder (they nest: `normalize-path/get-slash/…`), sorted by name.
    static func all() -> [SuiteCase] {
        guard let enumerator = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: nil) else {
            return []
        }
        var cases: [SuiteCase] = []
        for case let url as URL in enumerator where url.pathExtension == "req" {
            if let loaded = try? load(url.deletingPathExtension()) { cases.append(loaded) }
        }
        return cases.sorted { $0.name < $1.name }
    }

    /// Reads `<base>.req`, `.creq`, `.sts`, `.authz`.
    static func load(_ base: URL) throws -> SuiteCase {
        func read(_ ext: String) throws -> String {
            try String(contentsOf: base.appendingPathExtension(ext), encoding: .utf8)
        }
        let request = try read("req")
        var lines = request.components(separatedBy: "\n")
        let requestLine = lines.removeFirst()
        // The path may hold spaces (`get-space`): the method ends at the first space, the target
        // at the last ` HTTP/`.
        guard let firstSpace = requestLine.firstIndex(of: " "),
            let version = requestLine.range(of: " HTTP/", options: .backwards)
        else { throw CocoaError(.fileReadCorruptFile) }
        let target = String(requestLine[requestLine.index(after: firstSpace)..<version.lowerBound])
        let (path, query) =
            target.firstIndex(of: "?").map { (String(target[..<$0]), String(target[target.index(after: $0)...])) }
            ?? (target, "")
        var headers: [(name: String, value: String)] = []
        var bodyLines: [String]?
        for line in lines {
            if bodyLines != nil {
                bodyLines?.append(line)
            } else if line.isEmpty {
                bodyLines = []
            } else if line.first == " " || line.first == "\t", let last = headers.popLast() {
                // A folded header line continues the previous value.
                headers.append((last.name, last.value + "\n" + line))
            } else if let colon = line.firstIndex(of: ":") {
                headers.append((String(line[..<colon]), String(line[line.index(after: colon)...])))
            }
        }
        let body = bodyLines?.joined(separator: "\n") ?? ""
        return SuiteCase(
            name: base.lastPathComponent, method: String(requestLine[..<firstSpace]), path: path, query: query,
            headers: headers, body: Data(body.utf8), expectedCanonicalRequest: try read("creq"),
            expectedStringToSign: try read("sts"), expectedAuthorization: try read("authz"))
    }
}
