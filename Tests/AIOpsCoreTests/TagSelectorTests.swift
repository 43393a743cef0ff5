import AIOpsCore
import Testing

@Suite struct TagSelectorTests {
    @Test func parsesKeysWithColons() {
        let tag = TagSelector(parsing: "aiops:monitor=true")
        #expect(tag == TagSelector(key: "aiops:monitor", value: "true"))
        #expect(TagSelector(parsing: "team")?.value == nil)
        #expect(TagSelector(parsing: "") == nil)
        #expect(TagSelector(parsing: "=x") == nil)
    }

    @Test func matchesInstances() {
        let instance = Instance(id: "i-1", name: "a", tags: ["aiops:monitor": "true", "team": "x"])
        #expect(instance.carries(.monitor))
        #expect(!instance.carries(.remediate))
        #expect(instance.carries(TagSelector(key: "team", value: nil)))
        #expect(StableID.make("inc", "a", "b") == StableID.make("inc", "a", "b"))
        #expect(StableID.make("inc", "a", "b") != StableID.make("inc", "ab", ""))
    }
}
