import LoadTrigger
import Testing

@Suite struct SSHAddressTests {
    @Test(arguments: [
        ("203.0.113.7", "203.0.113.7", 22),
        ("203.0.113.7:2222", "203.0.113.7", 2222),
        ("ec2-203-0-113-7.compute-1.amazonaws.com", "ec2-203-0-113-7.compute-1.amazonaws.com", 22),
        ("[2001:db8::7]:2200", "2001:db8::7", 2200),
        ("[2001:db8::7]", "2001:db8::7", 22),
        ("2001:db8::7", "2001:db8::7", 22),
    ])
    func parses(text: String, host: String, port: Int) throws {
        #expect(try SSHAddress(parsing: text) == SSHAddress(host: host, port: port))
    }

    @Test(arguments: ["", ":22", "host:", "host:0", "host:65536", "host:ssh", "[::1", "[::1]22", "a b", "h/x"])
    func refuses(text: String) {
        let error = #expect(throws: TriggerError.self) { try SSHAddress(parsing: text) }
        #expect(error?.code == .invalidArgument)
        #expect(error?.message.contains("--host") == true)
    }

    @Test func describesIPv6WithBrackets() {
        #expect(SSHAddress(host: "::1", port: 2222).description == "[::1]:2222")
        #expect(SSHAddress(host: "h").description == "h:22")
    }
}
