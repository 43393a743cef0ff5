public import Foundation

/// A DynamoDB attribute value, in DynamoDB's JSON form (`{"S": "x"}`, `{"N": "1"}`, …).
public indirect enum AttributeValue: Sendable, Hashable, Codable {
    case s(String)
    /// Numbers travel as strings so no precision is lost.
    case n(String)
    case b(Data)
    case ss([String])
    case ns([String])
    case bs([Data])
    case m([String: AttributeValue])
    case l([AttributeValue])
    case null
    case bool(Bool)

    /// A number from an integer.
    public static func number(_ value: Int) -> AttributeValue { .n(String(value)) }
    /// A number from a double; non-finite values have no DynamoDB form and become NULL.
    public static func number(_ value: Double) -> AttributeValue { value.isFinite ? .n("\(value)") : .null }

    public var string: String? {
        if case .s(let value) = self { return value }
        return nil
    }
    public var int: Int? {
        if case .n(let value) = self { return Int(value) ?? Double(value).flatMap { Int(exactly: $0) } }
        return nil
    }
    public var double: Double? {
        if case .n(let value) = self { return Double(value) }
        return nil
    }
    public var bool: Bool? {
        if case .bool(let value) = self { return value }
        return nil
    }

    private enum Key: String, CodingKey {
        case s = "S"
        case n = "N"
        case b = "B"
        case ss = "SS"
        case ns = "NS"
        case bs = "BS"
        case m = "M"
        case l = "L"
        case null = "NULL"
        case bool = "BOOL"
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Key.self)
        switch self {
        case .s(let value): try container.encode(value, forKey: .s)
        case .n(let value): try container.encode(value, forKey: .n)
        case .b(let value): try container.encode(value, forKey: .b)
        case .ss(let value): try container.encode(value, forKey: .ss)
        case .ns(let value): try container.encode(value, forKey: .ns)
        case .bs(let value): try container.encode(value, forKey: .bs)
        case .m(let value): try container.encode(value, forKey: .m)
        case .l(let value): try container.encode(value, forKey: .l)
        case .null: try container.encode(true, forKey: .null)
        case .bool(let value): try container.encode(value, forKey: .bool)
        }
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: Key.self)
        guard container.allKeys.count == 1, let key = container.allKeys.first else {
            throw DecodingError.dataCorrupted(
                .init(codingPath: decoder.codingPath, debugDescription: "an attribute value has exactly one type key"))
        }
        switch key {
        case .s: self = .s(try container.decode(String.self, forKey: key))
        case .n: self = .n(try container.decode(String.self, forKey: key))
        case .b: self = .b(try container.decode(Data.self, forKey: key))
        case .ss: self = .ss(try container.decode([String].self, forKey: key))
        case .ns: self = .ns(try container.decode([String].self, forKey: key))
        case .bs: self = .bs(try container.decode([Data].self, forKey: key))
        case .m: self = .m(try container.decode([String: AttributeValue].self, forKey: key))
        case .l: self = .l(try container.decode([AttributeValue].self, forKey: key))
        case .null: self = .null
        case .bool: self = .bool(try container.decode(Bool.self, forKey: key))
        }
    }
}

/// An item or a key: attribute name → value.
public typealias DynamoDBItem = [String: AttributeValue]
