import Foundation

/// The variable parts of log lines: people, addresses, paths, ids, durations.
extension SplitMix64 {
    static let users = [
        "alice", "bob", "carol", "dave", "erin", "frank", "grace", "heidi", "ivan", "judy", "mallory", "niaj",
        "olivia", "peggy", "rupert", "sybil", "trent", "victor", "walter", "yasmin",
    ]
    static let agents = [
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36",
        "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_4) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Safari/605.1.15",
        "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148",
        "Mozilla/5.0 (X11; Linux x86_64; rv:125.0) Gecko/20100101 Firefox/125.0",
        "okhttp/4.12.0", "curl/8.5.0",
    ]
    static let scanners = ["/wp-login.php", "/.env", "/phpmyadmin/index.php", "/.git/config", "/cgi-bin/luci"]
    static let words = ["shoes", "jacket", "lamp", "coffee", "headphones", "desk", "backpack", "tent", "kettle"]

    mutating func user() -> String { pick(Self.users) }

    /// A client address on the public internet (documentation and common ISP ranges).
    mutating func publicIP() -> String {
        "\(pick([81, 92, 145, 176, 185, 203, 198, 62])).\(int(0...255)).\(int(0...255)).\(int(1...254))"
    }

    /// An address inside the VPC.
    mutating func privateIP() -> String { "10.0.\(int(0...7)).\(int(4...250))" }

    mutating func port() -> Int { int(32_768...60_999) }

    /// A request id like `req-4f1c9a2e7b3d`.
    mutating func requestID() -> String { "req-" + hex(12) }

    mutating func uuid() -> String {
        "\(hex(8))-\(hex(4))-4\(hex(3))-\(pick(["8", "9", "a", "b"]))\(hex(3))-\(hex(12))"
    }

    mutating func orderID() -> Int { int(100_000...999_999) }

    /// A storefront request: method and path with ids and queries.
    mutating func webRequest() -> String {
        switch int(0...9) {
        case 0...2: "GET /products/\(int(1000...99_999))"
        case 3: "GET /search?q=\(pick(Self.words))&page=\(int(1...5))"
        case 4: "GET /static/js/app.\(hex(8)).js"
        case 5: "GET /images/catalog/\(int(1000...99_999))_\(pick(["s", "m", "l"])).jpg"
        case 6: "POST /cart/items"
        case 7: "GET /account/\(user())/orders"
        case 8: "POST /checkout/\(hex(16))"
        default: "GET /"
        }
    }

    /// An API request as the orders service logs it.
    mutating func apiRequest() -> String {
        switch int(0...5) {
        case 0...1: "GET /api/v1/orders/\(orderID())"
        case 2: "POST /api/v1/orders"
        case 3: "GET /api/v1/customers/\(user())/orders?limit=\(pick([10, 20, 50]))"
        case 4: "PUT /api/v1/orders/\(orderID())/status"
        default: "GET /api/v1/inventory/SKU-\(int(10_000...99_999))"
        }
    }

    /// A request duration in milliseconds, long-tailed.
    mutating func millis(_ typical: Double) -> Int { Int(typical * exp(0.6 * gaussian())) + 1 }

    /// A base64-looking SSH key fingerprint.
    mutating func fingerprint() -> String {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/")
        return String((0..<43).map { _ in alphabet[int(0...63)] })
    }
}
