import LogAnalysis
import Testing

@Suite("Template miner")
struct TemplateMinerTests {
    @Test("masks numbers, ids, IPs, hex, paths, calendar words and units, keeping keys")
    func masking() {
        var miner = TemplateMiner()
        #expect(
            miner.maskedTokens("Connection from 10.0.0.12:5432 uid=10037, pid=2227 took 5.2 KB")
                == ["Connection", "from", "<*>:<*>", "uid=<*>", "pid=<*>", "took", "<*>"])
        #expect(miner.maskedTokens("block blk_-6952295868487656571 at 0x7fef9fb9b6d") == ["block", "<*>", "at", "<*>"])
        // Quotes are characters like any other: a quoted span as one value helped one data set alone
        // and hid the method of `"GET /path HTTP/1.1"` and every key of a JSON line (docs/log-analysis.md).
        #expect(miner.maskedTokens("tag=\"View Lock\", name=android") == ["tag=\"View", "Lock\"", "name=android"])
        #expect(miner.maskedTokens("tag=\"View 12\"") == ["tag=\"View", "<*>\""])
        #expect(miner.maskedTokens("illegal instruction......0") == ["illegal", "instruction..<*>"])
        // A path is one value (chosen by leave-one-data-set-out; docs/log-analysis.md).
        #expect(miner.maskedTokens("open /var/log/app-2024.log failed") == ["open", "<*>", "failed"])
        #expect(
            miner.maskedTokens("at Fri Jun 17 via SOCKS5 [ 12.5]") == [
                "at", "<*>", "<*>", "<*>", "via", "SOCKS5", "[<*>]",
            ])
        #expect(miner.maskedTokens("  ") == [])
    }

    @Test("lines that differ only in values share a template; others do not")
    func grouping() {
        var miner = TemplateMiner()
        let a = miner.add("Failed password for root from 1.2.3.4 port 22 ssh2")
        let b = miner.add("Failed password for root from 5.6.7.8 port 2222 ssh2")
        let c = miner.add("Accepted publickey for deploy from 1.2.3.4 port 22 ssh2")
        #expect(miner.template(of: a) == miner.template(of: b))
        #expect(miner.template(of: a) != miner.template(of: c))
        // `ssh2` names a protocol version: a word with one digit at its end stays (leave-one-out, docs).
        #expect(miner.templateText(of: a) == "Failed password for root from <*> port <*> ssh2")
    }

    @Test("a template generalises where lines differ and later lines report the final template")
    func merging() {
        var miner = TemplateMiner()
        let first = miner.add("Invalid user alice from 10.0.0.1")
        #expect(miner.templateText(of: first) == "Invalid user alice from <*>")
        let names = ["bob", "carol", "dave", "erin"]
        let others = names.map { miner.add("Invalid user \($0) from 10.0.0.2") }
        #expect(miner.clusterCount == 1)
        #expect(miner.templateText(of: first) == "Invalid user <*> from <*>")
        #expect(others.allSatisfy { miner.template(of: $0) == miner.template(of: first) })
    }

    @Test("a word that alternates between two values stays in the template; a third makes it a variable")
    func enumerations() {
        var miner = TemplateMiner()
        let begin = miner.add("The change in focus caused us to need to do a layout begin")
        let end = miner.add("The change in focus caused us to need to do a layout end")
        #expect(miner.templateText(of: begin) == "The change in focus caused us to need to do a layout begin")
        #expect(miner.template(of: begin) != miner.template(of: end))
        _ = miner.add("The change in focus caused us to need to do a layout middle")
        #expect(miner.templateText(of: begin) == "The change in focus caused us to need to do a layout <*>")
        #expect(miner.template(of: begin) == miner.template(of: end))
    }

    @Test("the tree routes by token count and leading tokens")
    func treeRouting() {
        var miner = TemplateMiner()
        // Same words, different token counts: never compared.
        let short = miner.add("cache miss for key")
        let long = miner.add("cache miss for key again")
        #expect(miner.template(of: short) != miner.template(of: long))
        // Same count, different first token: different leaves, even when otherwise equal.
        let read = miner.add("read block 17 from disk")
        let wrote = miner.add("wrote block 17 from disk")
        #expect(miner.template(of: read) != miner.template(of: wrote))
        // A leading value goes to the wildcard child, so values do not fan out the tree.
        let one = miner.add("42 requests served in total")
        let two = miner.add("43 requests served in total")
        #expect(miner.template(of: one) == miner.template(of: two))
        #expect(miner.clusterCount == 5)
    }

    @Test("below the similarity threshold a line starts its own group")
    func threshold() {
        var miner = TemplateMiner(configuration: MinerConfiguration(similarityThreshold: 0.6))
        let a = miner.add("Received disconnect from 1.2.3.4: 11: Bye Bye [preauth]")
        let b = miner.add("Received disconnect from 1.2.3.4: 11: disconnected by user")
        #expect(miner.template(of: a) != miner.template(of: b))
    }

    @Test("templates render with the source's separators and ids are stable across miners")
    func rendering() {
        var one = TemplateMiner()
        var two = TemplateMiner()
        let a = one.add("acquire lock=233570404, flags=0x1, name=systemui")
        let b = two.add("acquire lock=1, flags=0x2, name=systemui")
        #expect(one.templateText(of: a) == "acquire lock=<*>, flags=<*>, name=systemui")
        #expect(one.template(of: a).id == two.template(of: b).id)
    }

    @Test("grouping accuracy counts a line only when its whole group is right")
    func groupingAccuracy() {
        #expect(GroupingAccuracy.score(predicted: [1, 1, 2, 3], truth: ["a", "a", "b", "b"]) == 0.5)
        #expect(GroupingAccuracy.score(predicted: [1, 1, 1], truth: ["a", "a", "b"]) == 0)
        #expect(GroupingAccuracy.score(predicted: [Int](), truth: [String]()) == 1)
    }
}

@Suite("Template miner: bounded memory and generic rules")
struct TemplateMinerBoundsTests {
    @Test("a million lines of random tokens keep the cluster count at the cap (least recently used evicted)")
    func clusterCap() {
        var miner = TemplateMiner(configuration: MinerConfiguration(maxClusters: 200))
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        let letters = Array("abcdefghijklmnopqrstuvwxyz".utf8)
        var line: [UInt8] = []
        var kept: LineMatch?
        var peak = 0
        for i in 0..<1_000_000 {
            line.removeAll(keepingCapacity: true)
            state ^= state << 13
            state ^= state >> 7
            state ^= state << 17
            var bits = state
            let words = Int(bits % 6) + 1
            bits >>= 3
            for w in 0..<words {
                if w > 0 { line.append(0x20) }
                for _ in 0..<4 {
                    line.append(letters[Int(bits % 26)])
                    bits /= 26
                    if bits == 0 { bits = state &* 0xBF58_476D_1CE4_E5B9 }
                }
            }
            // One line comes back now and then: used recently, it is never the one evicted.
            if i % 100 == 0 {
                kept = miner.add("kept alive by use")
            } else {
                _ = line.withUnsafeBufferPointer { miner.add(utf8: $0) }
            }
            peak = max(peak, miner.clusterCount)
        }
        #expect(peak == 200)
        #expect(miner.clusterCount == 200)
        #expect(miner.evictions > 900_000)
        #expect(kept.map { miner.templateText(of: $0) } == "kept alive by use")
        // Ever-new tokens do not grow the token table without end either.
        #expect(miner.tokenCount < 300_000, "\(miner.tokenCount) tokens interned")
    }

    @Test("an evicted cluster's old lines read as a bare wildcard, never as another template")
    func evictedLines() {
        var miner = TemplateMiner(configuration: MinerConfiguration(maxClusters: 2))
        let first = miner.add("alpha beta gamma")
        _ = miner.add("one two")
        _ = miner.add("red green blue yellow")
        #expect(miner.clusterCount == 2)
        #expect(miner.templateText(of: first) == "<*>")
    }

    @Test("timestamps inside lines, paths, units after any value and variable-length values")
    func genericRules() {
        var miner = TemplateMiner()
        let a = miner.add("connection from 10.1.2.3 () at Fri Jun 17 07:07:00 2005")
        let b = miner.add("connection from 24.54.76.216 (24-54-76-216.example.net) at Mon Jul 4 03:40:59 2005")
        #expect(miner.template(of: a) == miner.template(of: b))
        let c = miner.add("host.example.com:443 close, 0 bytes sent, 12 bytes received, lifetime <1 sec")
        let d = miner.add("host.example.com:443 close, 120 bytes sent, 4 bytes received, lifetime 00:02")
        #expect(miner.template(of: c) == miner.template(of: d))
        #expect(miner.maskedTokens("GET /v2/abc/servers/detail ok") == ["GET", "<*>", "ok"])
    }
}
