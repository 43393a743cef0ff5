public import Foundation

/// A parsed XML element: just enough XML for AWS's query and EC2 replies.
///
/// A tiny parser of our own rather than FoundationXML: that one links libxml2, which a static
/// Lambda binary would have to ship. AWS replies use no DTDs, namespaces prefixes that matter or
/// mixed content, so elements, attributes, text, CDATA, comments and the five entities plus
/// character references are all there is to handle.
public struct XMLTree: Sendable, Hashable {
    public var name: String
    public var attributes: [String: String]
    public var children: [XMLTree]
    /// The element's own text (CDATA included), children's text excluded.
    public var text: String

    public init(name: String, attributes: [String: String] = [:], children: [XMLTree] = [], text: String = "") {
        self.name = name
        self.attributes = attributes
        self.children = children
        self.text = text
    }

    /// The first child named `name`.
    public func child(_ name: String) -> XMLTree? { children.first { $0.name == name } }

    /// Every child named `name`, in order.
    public func children(_ name: String) -> [XMLTree] { children.filter { $0.name == name } }

    /// The element reached by following child names, e.g. `path("PublishResult", "MessageId")`.
    public func path(_ names: String...) -> XMLTree? {
        var node: XMLTree? = self
        for name in names { node = node?.child(name) }
        return node
    }

    /// The text of the child named `name`, trimmed.
    public func string(_ name: String) -> String? {
        child(name).map { $0.text.trimmingCharacters(in: .whitespacesAndNewlines) }
    }

    /// The first element named `name` anywhere below (depth first), self included.
    public func first(named name: String) -> XMLTree? {
        if self.name == name { return self }
        for child in children {
            if let found = child.first(named: name) { return found }
        }
        return nil
    }

    /// Parses a document and returns its root element.
    public static func parse(_ data: Data) throws -> XMLTree {
        var parser = XMLTreeParser(bytes: Array(data))
        return try parser.parseDocument()
    }
}
