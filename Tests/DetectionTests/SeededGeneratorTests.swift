import Testing

@testable import Detection

@Suite struct SeededGeneratorTests {
    @Test func xoshiroMatchesTheReferenceImplementation() {
        // xoshiro256** from state {1, 2, 3, 4}, per the authors' reference C code.
        var random = SeededGenerator(state: (1, 2, 3, 4))
        #expect(random.next() == 11520)
        #expect(random.next() == 0)
        #expect(random.next() == 1_509_978_240)
        #expect(random.next() == 1_215_971_899_390_074_240)
    }

    @Test func splitMixMatchesTheReferenceImplementation() {
        var mixer = SplitMix64(state: 0)
        #expect(mixer.next() == 0xE220_A839_7B1D_CDAF)
        #expect(mixer.next() == 0x6E78_9E6A_A1B9_65F4)
    }

    @Test func streamsAndSeedsDiffer() {
        var a = SeededGenerator(seed: 1, stream: 0)
        var b = SeededGenerator(seed: 1, stream: 1)
        var c = SeededGenerator(seed: 2, stream: 0)
        var again = SeededGenerator(seed: 1, stream: 0)
        let first = (0..<4).map { _ in a.next() }
        #expect(first != (0..<4).map { _ in b.next() })
        #expect(first != (0..<4).map { _ in c.next() })
        #expect(first == (0..<4).map { _ in again.next() })
    }

    @Test func indicesAreInRangeAndRoughlyUniform() {
        var random = SeededGenerator(seed: 3)
        var counts = [Int](repeating: 0, count: 7)
        for _ in 0..<70_000 { counts[random.nextIndex(below: 7)] += 1 }
        // Each bucket expects 10,000; 5 standard deviations is ±~460.
        #expect(counts.allSatisfy { abs($0 - 10_000) < 460 }, "\(counts)")
        for _ in 0..<1000 {
            let unit = random.nextUnit()
            #expect(unit >= 0 && unit < 1)
        }
    }

    @Test func samplingWithoutReplacementGivesDistinctRows() {
        var random = SeededGenerator(seed: 4)
        let rows = sampleWithoutReplacement(256, from: 1000, using: &random)
        #expect(rows.count == 256)
        #expect(Set(rows).count == 256)
        #expect(rows.allSatisfy { (0..<1000).contains($0) })
        #expect(sampleWithoutReplacement(5, from: 3, using: &random) == [0, 1, 2])
    }

    @Test func quantileInterpolatesLikeNumpy() {
        #expect(quantile([4, 1, 3, 2], 0.5) == 2.5)
        #expect(quantile([1, 2, 3, 4, 5], 0.9) == 4.6)
        #expect(quantile([7], 0.3) == 7)
    }
}
