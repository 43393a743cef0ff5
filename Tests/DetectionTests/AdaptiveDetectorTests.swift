import AIOpsCore
import Detection
import Foundation
import Testing

/// The adaptive detector on synthetic series whose anomalies are known.
@Suite struct AdaptiveDetectorTests {
    static let start = Date(timeIntervalSince1970: 1_700_000_000)

    /// A daily cycle at 5-minute steps with deterministic noise.
    static func daily(_ count: Int, noise: Double = 1) -> [MetricPoint] {
        (0..<count).map { t in
            let wave = 50 + 20 * sin(Double(t) * 2 * .pi / 288)
            let jitter = noise * sin(Double(t) * 12.9898).truncatingRemainder(dividingBy: 1)
            return MetricPoint(timestamp: start.addingTimeInterval(Double(t) * 300), value: wave + jitter)
        }
    }

    static func run(_ points: [MetricPoint], detector: inout AdaptiveDetector) -> [DetectorOutput] {
        points.map { detector.observe($0) }
    }

    static func make() -> AdaptiveDetector {
        var configuration = AdaptiveConfiguration()
        configuration.warmup = 600
        return AdaptiveDetector(configuration: configuration)
    }

    @Test func aSpikeOutscoresEveryNormalPointAndNamesItsFeature() {
        var points = Self.daily(2000)
        points[1500].value += 80
        var detector = Self.make()
        let outputs = Self.run(points, detector: &detector)
        let spike = outputs[1500]
        let normalMax =
            outputs.enumerated().filter { $0.offset != 1500 && $0.offset < 1500 }.map(\.element.score).max() ?? 1
        #expect(spike.score > normalMax)
        #expect(spike.score > 0.5)
        #expect(spike.drivingFeature != nil)
        #expect(spike.isAnomaly)
        // The band it expected excludes the spike and includes the normal value.
        let expected = spike.expected
        #expect(expected.map { !$0.contains(points[1500].value) && $0.contains(points[1500].value - 80) } == true)
    }

    @Test func aLevelShiftIsFlaggedOnceNotOnEveryPoint() {
        var points = Self.daily(2500)
        for i in 1800..<2500 { points[i].value += 60 }
        var detector = Self.make()
        let outputs = Self.run(points, detector: &detector)
        let threshold = outputs[1800].score * 0.99
        let alerts = (1800..<1900).filter { outputs[$0].score >= threshold }
        #expect(alerts.first == 1800)
        #expect(alerts.count <= 3)
    }

    @Test func aFlatSeriesNeverAlarms() {
        let flat = (0..<1500).map { MetricPoint(timestamp: Self.start.addingTimeInterval(Double($0) * 300), value: 7) }
        var detector = Self.make()
        #expect(Self.run(flat, detector: &detector).allSatisfy { $0.score == 0 })
    }

    @Test func scoresDependOnlyOnThePastAndWarmUpIsSilent() {
        var points = Self.daily(1600)
        points[1200].value -= 70
        var full = Self.make()
        let all = Self.run(points, detector: &full)
        var prefix = Self.make()
        let head = Self.run(Array(points[..<1201]), detector: &prefix)
        #expect(head == Array(all[..<1201]))
        #expect(all[..<600].allSatisfy { $0.score == 0 })
        #expect(all.allSatisfy { (0...1).contains($0.score) })
    }

    @Test func stateSurvivesAnEncodeDecodeRoundTripMidStream() throws {
        let points = Self.daily(1400)
        var uninterrupted = Self.make()
        let expected = Self.run(points, detector: &uninterrupted)
        var first = Self.make()
        _ = Self.run(Array(points[..<900]), detector: &first)
        let saved = try JSONEncoder().encode(first)
        var restored = try JSONDecoder().decode(AdaptiveDetector.self, from: saved)
        let rest = Self.run(Array(points[900...]), detector: &restored)
        #expect(rest == Array(expected[900...]))
    }

    @Test func partialConfigurationsTakeDefaults() throws {
        let configuration = try JSONDecoder().decode(AdaptiveConfiguration.self, from: Data(#"{"refractory": 3}"#.utf8))
        #expect(configuration.refractory == 3)
        #expect(configuration.features == AdaptiveConfiguration().features)
    }

    @Test func theCatalogueKnowsDefaultAndRejectsUnknownNames() {
        #expect(DetectorCatalog.names.first == DetectorCatalog.defaultName)
        for name in DetectorCatalog.names {
            #expect(DetectorCatalog.make(name, context: DetectorContext(trainingPoints: 10))?.name == name)
        }
        #expect(DetectorCatalog.make("nope", context: DetectorContext(trainingPoints: 10)) == nil)
    }

    @Test func yesterdaysSpikeDoesNotMakeTodayLookAnomalous() {
        var points = Self.daily(288 * 10)
        let spike = 288 * 8 + 144
        points[spike].value += 40
        var detector = Self.make()
        let outputs = Self.run(points, detector: &detector)
        #expect(outputs[spike].isAnomaly)
        // Against the median of the last week at this time, today's normal value is normal.
        #expect(!outputs[spike + 288].isAnomaly)
        #expect(outputs[spike + 288].score < 0.4)

        // Against yesterday's value alone (the earlier design), the spike echoes a day later.
        var configuration = AdaptiveConfiguration()
        configuration.warmup = 600
        configuration.seasonalDays = 1
        configuration.seasonalRadius = 0
        var yesterdayOnly = AdaptiveDetector(configuration: configuration)
        let echoed = Self.run(points, detector: &yesterdayOnly)
        #expect(echoed[spike + 288].isAnomaly)
        #expect(echoed[spike + 288].drivingFeature == "seasonal")
    }

    @Test func theReturnFromALevelExcursionIsNotAnAnomaly() {
        // A surge lifts the level for 40 points (longer than the rolling median and the
        // refractory window), then the series drops back to its usual daily level.
        var points = Self.daily(288 * 8, noise: 0.2)
        let onset = 288 * 7 + 100
        let end = onset + 40
        for i in onset..<end { points[i].value += 25 }
        var detector = Self.make()
        let outputs = Self.run(points, detector: &detector)
        #expect(outputs[onset].isAnomaly)
        // Back at the usual level for this time: the drop from the surge's median is no anomaly,
        // and the band includes the usual level.
        #expect((end..<(end + 12)).allSatisfy { !outputs[$0].isAnomaly })
        #expect(outputs[end].expected?.contains(points[end].value) == true)

        // Judged against the rolling median alone (the earlier design), the return alerts.
        var configuration = AdaptiveConfiguration()
        configuration.warmup = 600
        configuration.seasonalReturnAlerts = true
        var medianOnly = AdaptiveDetector(configuration: configuration)
        let alerted = Self.run(points, detector: &medianOnly)
        #expect(alerted[end].isAnomaly)
    }

    @Test func aSeriesGoingFlatAlertsOnlyWhenAskedTo() {
        // Noise around 50, then exactly 50 for a while: nothing moves but the spread, which drops
        // below anything seen.
        var state: UInt64 = 12345
        var points = Self.daily(2000).map { point in
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return MetricPoint(timestamp: point.timestamp, value: 50 + 6 * (Double(state >> 11) / 0x1p53 - 0.5))
        }
        for i in 1600..<1700 { points[i].value = 50 }
        var detector = Self.make()
        let quiet = Self.run(points, detector: &detector)
        #expect(quiet[1600..<1700].allSatisfy { !$0.isAnomaly })

        var configuration = AdaptiveConfiguration()
        configuration.warmup = 600
        configuration.flatSpreadAlerts = true
        var flat = AdaptiveDetector(configuration: configuration)
        let alerted = Self.run(points, detector: &flat)
        #expect(alerted[1600..<1700].contains { $0.isAnomaly && $0.drivingFeature == "spread" })
    }

    @Test func theForestEnsembleFlagsASpikeAndIsDeterministic() {
        var points = Self.daily(3000)
        points[2500].value += 80
        let context = DetectorContext(trainingPoints: 600, seed: 3)
        guard var first = DetectorCatalog.make("ensemble", context: context),
            var second = DetectorCatalog.make("ensemble", context: context)
        else {
            Issue.record("the catalogue has no ensemble")
            return
        }
        let a = points.map { first.observe($0) }
        let b = points.map { second.observe($0) }
        #expect(a == b)
        #expect(a[2500].isAnomaly)
        #expect(a[2500].score > a[2000..<2500].map(\.score).max() ?? 1)
        #expect(first.name == "ensemble")
    }
}
