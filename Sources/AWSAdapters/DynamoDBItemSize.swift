import AIOpsCore
import AWSClient
import Foundation

/// DynamoDB's item size, counted as AWS documents it (attribute names plus values in UTF-8),
/// checked before a write so that an oversized item is a clear error here, never a write that
/// fails at the service with nobody told why.
enum DynamoDBItemSize {
    /// DynamoDB's limit on one item.
    static let limit = 400 * 1_024

    static func bytes(of item: DynamoDBItem) -> Int {
        item.reduce(0) { $0 + $1.key.utf8.count + bytes(of: $1.value) }
    }

    static func bytes(of value: AttributeValue) -> Int {
        switch value {
        case .s(let text): text.utf8.count
        case .n(let number): number.utf8.count / 2 + 1
        case .b(let data): data.count
        case .ss(let texts), .ns(let texts): texts.reduce(0) { $0 + $1.utf8.count }
        case .bs(let blobs): blobs.reduce(0) { $0 + $1.count }
        case .m(let map): 3 + bytes(of: map) + map.count
        case .l(let list): 3 + list.reduce(0) { $0 + 1 + bytes(of: $1) }
        case .null, .bool: 1
        }
    }

    /// Throws a clear error when `item` is over DynamoDB's limit.
    static func check(_ item: DynamoDBItem) throws(AIOpsError) {
        let size = bytes(of: item)
        guard size > limit else { return }
        let key = [item["pk"]?.string, item["sk"]?.string].compactMap { $0 }.joined(separator: " ")
        throw AIOpsError(
            .invalidInput,
            "the DynamoDB item \(key) is \(size) bytes, over DynamoDB's \(limit)-byte limit: not written "
                + "(the payload budget should have bounded it; see docs/pipeline.md)")
    }
}
