public import Foundation

/// A series file of a corpus, with the key NAB's labels use for it.
public struct CorpusFile: Sendable, Hashable {
    /// The path relative to the corpus root, e.g. `realKnownCause/nyc_taxi.csv`: the labels key.
    public var key: String
    public var url: URL

    public init(key: String, url: URL) {
        self.key = key
        self.url = url
    }

    /// The folder part of the key (`realKnownCause`), empty for a file at the root.
    public var category: String {
        guard let slash = key.lastIndex(of: "/") else { return "" }
        return String(key[..<slash])
    }

    /// The file name without `.csv` (`nyc_taxi`).
    public var name: String {
        let base = key.split(separator: "/").last.map(String.init) ?? key
        return base.hasSuffix(".csv") ? String(base.dropLast(4)) : base
    }

    /// Where NAB lays out a detector's results for this file:
    /// `<root>/<detector>/<category>/<detector>_<name>.csv`.
    public func resultURL(root: URL, detector: String) -> URL {
        var url = root.appendingPathComponent(detector, isDirectory: true)
        if !category.isEmpty { url.appendPathComponent(category, isDirectory: true) }
        return url.appendingPathComponent("\(detector)_\(name).csv")
    }

    /// Every `.csv` under `root`, at any depth, sorted by key.
    public static func all(under root: URL) throws(EvaluationError) -> [CorpusFile] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: root.path, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw EvaluationError(.missingFile, "the corpus folder \(root.path) does not exist or is not a folder")
        }
        let base = root.standardizedFileURL.resolvingSymlinksInPath().path
        guard let enumerator = FileManager.default.enumerator(atPath: base) else {
            throw EvaluationError(.ioFailure, "cannot list \(root.path)")
        }
        var files: [CorpusFile] = []
        while let relative = enumerator.nextObject() as? String {
            guard relative.lowercased().hasSuffix(".csv") else { continue }
            files.append(CorpusFile(key: relative, url: URL(fileURLWithPath: base).appendingPathComponent(relative)))
        }
        return files.sorted { $0.key < $1.key }
    }

    /// The results files of one detector (`<root>/<detector>/…/<detector>_<name>.csv`), keyed as
    /// the data files they score.
    public static func results(under detectorFolder: URL, detector: String) throws(EvaluationError) -> [CorpusFile] {
        try all(under: detectorFolder).map { file in
            let prefix = "\(detector)_"
            let base = file.url.lastPathComponent
            let dataName = base.hasPrefix(prefix) ? String(base.dropFirst(prefix.count)) : base
            let key = file.category.isEmpty ? dataName : "\(file.category)/\(dataName)"
            return CorpusFile(key: key, url: file.url)
        }
    }
}
