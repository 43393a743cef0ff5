public import AIOpsCore
public import Detection
public import Foundation
import Pipeline

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
    /// When set, the detector is discarded at this interval of the series' time and rebuilt as a
    /// cold function rebuilds it (`ColdStart`): the deployed lifecycle. Nil: one detector per file.
    public var restartEvery: TimeInterval?

    public init(
        detector: String, factory: @escaping Factory, resultsRoot: URL?,
        parallelism: Int = ProcessInfo.processInfo.activeProcessorCount, restartEvery: TimeInterval? = nil
    ) {
        self.detector = detector
        self.factory = factory
        self.resultsRoot = resultsRoot
        self.parallelism = max(1, parallelism)
        self.restartEvery = restartEvery
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
        var restarts = restartEvery.map { Restarts(series: series, every: $0) }
        for (index, (time, value)) in zip(series.timestamps, series.values).enumerated() {
            if let rebuilt = restarts?.rebuild(at: index, context: context, factory: factory) { instance = rebuilt }
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

/// The restarts of one file under `--restart-every`: at each boundary a fresh detector from the
/// factory is warmed, through `ColdStart` as the detection stage warms one, on the rows a cold
/// function could read then (its horizon, within CloudWatch's retention at the file's period).
struct Restarts {
    let points: [MetricPoint]
    let every: TimeInterval
    /// The file's usual step (the median gap), standing for the CloudWatch period.
    let period: Int
    private var next: Date?
    private var oldest = 0

    init(series: SeriesCSV, every: TimeInterval) {
        points = zip(series.timestamps, series.values).map { MetricPoint(timestamp: $0, value: $1) }
        self.every = every
        let gaps = zip(series.timestamps.dropFirst(), series.timestamps).map { $0.timeIntervalSince($1) }.sorted()
        period = gaps.isEmpty ? 300 : max(1, Int(gaps[gaps.count / 2].rounded()))
        next = series.timestamps.first.map { $0.addingTimeInterval(every) }
    }

    /// A rebuilt detector when row `index` is the first at or after the next boundary, else nil.
    mutating func rebuild(at index: Int, context: DetectorContext, factory: CorpusRunner.Factory)
        -> (any StreamingDetector)?
    {
        let time = points[index].timestamp
        guard let boundary = next, time >= boundary, let detector = factory(context) else { return nil }
        while let boundary = next, boundary <= time { next = boundary.addingTimeInterval(every) }
        var provided = ProvidedDetector(
            detector: detector, threshold: 0.5, origin: "restart", warmupPoints: context.trainingPoints)
        let from = time.addingTimeInterval(-ColdStart.history(for: provided, period: period))
        while oldest < index, points[oldest].timestamp < from { oldest += 1 }
        ColdStart.warm(&provided, on: points[oldest..<index])
        return provided.detector
    }
}
