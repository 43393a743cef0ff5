extension SSMClient {
    /// The value of a Parameter Store parameter, decrypted when it is a `SecureString`.
    ///
    /// The value is a secret more often than not: it is never logged here, and the errors name
    /// the parameter, not its value.
    public func parameterValue(name: String) async throws -> String {
        struct Input: Encodable {
            var Name: String
            var WithDecryption: Bool
        }
        struct Output: Decodable {
            struct Parameter: Decodable { var Value: String }
            var Parameter: Parameter
        }
        return try await executor.json(.ssm, "GetParameter", Input(Name: name, WithDecryption: true), as: Output.self)
            .Parameter.Value
    }
}
