public import SigV4

/// Keys of the selected profile in the shared files (`aws_access_key_id`,
/// `aws_secret_access_key`, `aws_session_token`), credentials file first.
///
/// Profiles that assume a role, use SSO or run a `credential_process` are recognised and refused
/// with a message that says so, rather than silently skipped.
public struct ProfileCredentialProvider: CredentialProvider {
    private let files: SharedConfigFiles

    public init(files: SharedConfigFiles) { self.files = files }

    public func credentials() async throws -> Credentials {
        let where_ = "profile '\(files.profile)' in \(files.credentialsPath) / \(files.configPath)"
        guard files.hasProfile else {
            // A profile asked for by name must exist; the implicit `default` may be absent.
            throw AWSError(
                files.profileIsExplicit ? .credentialsFailure : .credentialsNotFound, "\(where_): no such profile")
        }
        let key = files.value("aws_access_key_id").flatMap { $0.isEmpty ? nil : $0 }
        let secret = files.value("aws_secret_access_key").flatMap { $0.isEmpty ? nil : $0 }
        if let key, let secret {
            let token = files.value("aws_session_token").flatMap { $0.isEmpty ? nil : $0 }
            return Credentials(accessKeyID: key, secretAccessKey: secret, sessionToken: token)
        }
        if key != nil || secret != nil {
            throw AWSError(
                .credentialsFailure, "\(where_): aws_access_key_id and aws_secret_access_key must both be set")
        }
        for unsupported in [
            "role_arn", "sso_session", "sso_start_url", "credential_process", "web_identity_token_file",
        ]
        where files.value(unsupported) != nil {
            throw AWSError(
                .credentialsFailure,
                "\(where_) uses \(unsupported), which this client does not support; "
                    + "export AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY/AWS_SESSION_TOKEN instead "
                    + "(e.g. from `aws configure export-credentials --format env`)")
        }
        throw AWSError(.credentialsNotFound, "\(where_): no keys in the profile")
    }
}
