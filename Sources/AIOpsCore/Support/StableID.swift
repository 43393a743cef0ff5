/// Deterministic ids: the same inputs give the same id, so a repeated message maps to the same
/// record instead of a new one.
public enum StableID {
    /// `prefix-` followed by 16 hex digits of a 64-bit FNV-1a hash of the parts.
    public static func make(_ prefix: String, _ parts: String...) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for part in parts {
            for byte in part.utf8 {
                hash ^= UInt64(byte)
                hash &*= 0x0000_0100_0000_01B3
            }
            hash ^= 0x1F
            hash &*= 0x0000_0100_0000_01B3
        }
        let hex = String(hash, radix: 16)
        return prefix + "-" + String(repeating: "0", count: 16 - hex.count) + hex
    }
}
