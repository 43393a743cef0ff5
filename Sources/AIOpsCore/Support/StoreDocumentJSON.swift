package import Foundation

/// The JSON of the documents the stores keep (an incident in DynamoDB's `doc`, a snapshot in a
/// SQLite column): keys sorted, dates as `Date`'s own Double so they come back exactly, NaN and
/// infinities spelled out instead of failing. Both stores write and read it alike.
package enum StoreDocumentJSON {
    package static func encode(_ value: some Encodable) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        encoder.nonConformingFloatEncodingStrategy = .convertToString(
            positiveInfinity: "+Infinity", negativeInfinity: "-Infinity", nan: "NaN")
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    /// A decoder for what `encode` wrote.
    package static func decoder() -> JSONDecoder {
        let decoder = JSONDecoder()
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(
            positiveInfinity: "+Infinity", negativeInfinity: "-Infinity", nan: "NaN")
        return decoder
    }
}
