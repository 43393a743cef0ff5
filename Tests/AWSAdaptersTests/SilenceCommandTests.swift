import AIOpsCore
import AWSAdapters
import AWSClient
import Foundation
import TestSupport
import Testing

/// `aiops silence add|list|expire --aws` as real processes on DynamoDB in moto (the `--db` run is
/// in SQLiteStoreTests): what one process writes, the next reads; bad input is a clear error.
@Suite struct SilenceCommandTests {
    @Test func addListExpireOnDynamoDB() async throws {
        let server = try MotoServer.shared()
        let table = AdapterMoto.unique("aiops-events")
        let environment = [
            "AWS_ENDPOINT_URL": server.url.absoluteString, "AWS_ACCESS_KEY_ID": "testing",
            "AWS_SECRET_ACCESS_KEY": "testing", "AWS_EC2_METADATA_DISABLED": "true", "AWS_REGION": "",
            "AWS_DEFAULT_REGION": "", "AWS_PROFILE": "", "AWS_CONFIG_FILE": "/dev/null",
            "AWS_SHARED_CREDENTIALS_FILE": "/dev/null", "AIOPS_TABLE": table,
        ]
        let setup = try Subprocess.aiops(["aws-setup"], environment: environment, timeout: 120)
        #expect(setup.status == 0, "\(setup.stderr)")
        _ = try SilenceCLI.roundTrip(["--aws"], environment: environment)
    }
}
