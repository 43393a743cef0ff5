import AIOpsCore
public import Detection
public import Foundation

/// What a detector made of one file.
public struct FileRun: Sendable {
    public var file: CorpusFile
    public var series: SeriesCSV
    public var outputs: [DetectorOutput]
    public var scores: [Double] { outputs.map(\.score) }

    public init(file: CorpusFile, series: SeriesCSV, outputs: [DetectorOutput]) {
        self.file = file
        self.series = series
        self.outputs = outputs
    }
}

/// Runs a detector over every file of a corpus, streaming each file in row order, files in
/// parallel across cores, and writes NAB-layout results.
public struct CorpusRunner: Sendable {
    public typealias Factory = @Sendable (DetectorContext) -> (any StreamingDetector)?
    /// Called after each file with (files done, files in all, the file's key).
    public typealias Progress = @Sendable (Int, Int, String) -> Void

    public var detector: String
    public var factory: Factory
    public var resultsRoot: URL?
    public var parallelism: Int

    public init(
        detector: String, factory: @escaping Factory, resultsRoot: URL?,
        parallelism: Int = ProcessInfo.processInfo.activeProcessorCount
    ) {
        self.detector = detector
        self.factory = factory
        self.resultsRoot = resultsRoot
        self.parallelism = max(1, parallelism)
    }

    /// Runs over `files`; results come back in the order of `files`.
    public func run(_ files: [CorpusFile], progress: Progress = { _, _, _ in }) async throws(EvaluationError)
        -> [FileRun]
    {
        let outcome = await withTaskGroup(of: (Int, Result<FileRun, EvaluationError>).self) { group in
            var runs = [Result<FileRun, EvaluationError>?](repeating: nil, count: files.count)
            var next = 0
            var done = 0
            func start() {
                let index = next
                let file = files[index]
                next += 1
                group.addTask { (index, Result { () throws(EvaluationError) in try self.runOne(file) }) }
            }
            while next < min(parallelism, files.count) { start() }
            while let (index, result) = await group.next() {
                runs[index] = result
                done += 1
                progress(done, files.count, files[index].key)
                if next < files.count { start() }
            }
            return runs
        }
        return try outcome.map { result throws(EvaluationError) in
            guard let result else { throw EvaluationError(.ioFailure, "a file was not run") }
            return try result.get()
        }
    }

    /// Streams one file through a fresh detector and writes its results file.
    public func runOne(_ file: CorpusFile) throws(EvaluationError) -> FileRun {
        let series = try SeriesCSV(contentsOf: file.url)
        let context = DetectorContext(trainingPoints: NABFileLayout.probationaryPeriod(rows: series.values.count))
        guard var instance = factory(context) else {
            throw EvaluationError(.unknownDetector, "unknown detector `\(detector)`")
        }
        var outputs: [DetectorOutput] = []
        outputs.reserveCapacity(series.values.count)
        for (time, value) in zip(series.timestamps, series.values) {
            var output = instance.observe(MetricPoint(timestamp: time, value: value))
            // NAB's scorer assumes scores in [0, 1]; a detector that strays is clamped, not trusted.
            output.score = output.score.isFinite ? min(max(output.score, 0), 1) : 0
            outputs.append(output)
        }
        let run = FileRun(file: file, series: series, outputs: outputs)
        if let resultsRoot { try ResultsWriter.write(run, to: file.resultURL(root: resultsRoot, detector: detector)) }
        return run
    }
}
