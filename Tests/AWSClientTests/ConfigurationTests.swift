import AWSClient
import Foundation
import TestSupport
import Testing

@Suite struct ConfigurationTests {
    let files = SharedConfigFiles(config: ["default": ["region": "eu-central-1"], "work": ["region": "ap-south-1"]])

    @Test func regionComesFromAWSRegionThenDefaultRegionThenProfile() throws {
        var environment = ["AWS_REGION": "eu-west-1", "AWS_DEFAULT_REGION": "us-west-2"]
        #expect(try AWSConfiguration.resolve(environment: environment, files: files).region == "eu-west-1")
        environment["AWS_REGION"] = nil
        #expect(try AWSConfiguration.resolve(environment: environment, files: files).region == "us-west-2")
        environment["AWS_DEFAULT_REGION"] = nil
        #expect(try AWSConfiguration.resolve(environment: environment, files: files).region == "eu-central-1")
        var work = files
        work.profile = "work"
        #expect(try AWSConfiguration.resolve(environment: environment, files: work).region == "ap-south-1")
    }

    @Test func noRegionIsAnErrorUnlessAnEndpointIsOverridden() throws {
        let error = #expect(throws: AWSError.self) {
            try AWSConfiguration.resolve(environment: [:], files: SharedConfigFiles())
        }
        #expect(error?.code == .invalidConfiguration)
        #expect(error?.message.contains("AWS_REGION") == true)
        let local = try AWSConfiguration.resolve(
            environment: ["AWS_ENDPOINT_URL": "http://127.0.0.1:5000"], files: SharedConfigFiles())
        #expect(local.region == "us-east-1")
    }

    @Test func aRegionThatCannotBeAHostNameIsRefused() {
        #expect(throws: AWSError.self) {
            try AWSConfiguration.resolve(environment: ["AWS_REGION": "us-east-1.evil.com/"], files: SharedConfigFiles())
        }
    }

    @Test func serviceEndpointBeatsGlobalBeatsProfileBeatsDefault() throws {
        let environment = [
            "AWS_REGION": "eu-west-1", "AWS_ENDPOINT_URL": "http://127.0.0.1:5000",
            "AWS_ENDPOINT_URL_DYNAMODB": "http://localhost:8000",
            "AWS_ENDPOINT_URL_CLOUDWATCH_LOGS": "https://logs.test",
        ]
        let configuration = try AWSConfiguration.resolve(environment: environment, files: files)
        #expect(configuration.endpoint(for: .dynamoDB).absoluteString == "http://localhost:8000")
        #expect(configuration.endpoint(for: .cloudWatchLogs).absoluteString == "https://logs.test")
        #expect(configuration.endpoint(for: .ec2).absoluteString == "http://127.0.0.1:5000")
        #expect(configuration.endpoint(for: .cloudWatch).absoluteString == "http://127.0.0.1:5000")

        let withProfile = SharedConfigFiles(config: [
            "default": ["region": "eu-west-1", "endpoint_url": "http://profile:1"]
        ])
        let fromProfile = try AWSConfiguration.resolve(environment: [:], files: withProfile)
        #expect(fromProfile.endpoint(for: .sns).absoluteString == "http://profile:1")

        let plain = try AWSConfiguration.resolve(environment: ["AWS_REGION": "eu-west-1"], files: SharedConfigFiles())
        #expect(plain.endpoint(for: .cloudWatch).absoluteString == "https://monitoring.eu-west-1.amazonaws.com")
        #expect(plain.endpoint(for: .cloudWatchLogs).absoluteString == "https://logs.eu-west-1.amazonaws.com")
        let china = try AWSConfiguration.resolve(environment: ["AWS_REGION": "cn-north-1"], files: SharedConfigFiles())
        #expect(china.endpoint(for: .ec2).absoluteString == "https://ec2.cn-north-1.amazonaws.com.cn")

        let ignored = try AWSConfiguration.resolve(
            environment: environment.merging(["AWS_IGNORE_CONFIGURED_ENDPOINT_URLS": "true"]) { $1 }, files: files)
        #expect(ignored.endpoint(for: .dynamoDB).absoluteString == "https://dynamodb.eu-west-1.amazonaws.com")
    }

    @Test func maxAttemptsFollowsTheSDKVariable() throws {
        let three = try AWSConfiguration.resolve(
            environment: ["AWS_REGION": "eu-west-1", "AWS_MAX_ATTEMPTS": "3"], files: files)
        #expect(three.retry.maxAttempts == 3)
        #expect(
            try AWSConfiguration.resolve(environment: ["AWS_REGION": "eu-west-1"], files: files).retry.maxAttempts == 5)
        let error = #expect(throws: AWSError.self) {
            try AWSConfiguration.resolve(
                environment: ["AWS_REGION": "eu-west-1", "AWS_MAX_ATTEMPTS": "lots"], files: files)
        }
        #expect(error?.message.contains("AWS_MAX_ATTEMPTS") == true)
    }

    @Test func theAttemptTimeoutIsConfigurable() throws {
        let quick = try AWSConfiguration.resolve(
            environment: ["AWS_REGION": "eu-west-1", "AIOPS_AWS_TIMEOUT_SECONDS": "2.5"], files: files)
        #expect(quick.requestTimeout == .milliseconds(2500))
        #expect(
            try AWSConfiguration.resolve(environment: ["AWS_REGION": "eu-west-1"], files: files).requestTimeout
                == .seconds(20))
        for bad in ["soon", "0", "-1", "inf", "600"] {
            let error = #expect(throws: AWSError.self) {
                try AWSConfiguration.resolve(
                    environment: ["AWS_REGION": "eu-west-1", "AIOPS_AWS_TIMEOUT_SECONDS": bad], files: files)
            }
            #expect(error?.message.contains("AIOPS_AWS_TIMEOUT_SECONDS") == true)
        }
    }

    @Test func aMalformedEndpointNamesItsVariable() {
        let error = #expect(throws: AWSError.self) {
            try AWSConfiguration.resolve(
                environment: ["AWS_REGION": "eu-west-1", "AWS_ENDPOINT_URL_SNS": "localhost:4566"], files: files)
        }
        #expect(error?.message.contains("AWS_ENDPOINT_URL_SNS") == true)
    }

    @Test func sharedFilesAreParsedTheAWSWay() throws {
        let config = """
            # comment
            [default]
            region = eu-west-1
            [profile work]
            region=us-east-2 ; inline comment
            s3 =
              max_concurrent_requests = 20
            output = json
            [sso-session corp]
            sso_region = us-east-1
            [services dev]
            dynamodb =
              endpoint_url = http://localhost:8000
            """
        let parsed = SharedConfigFiles.parse(config, isConfigFile: true)
        #expect(parsed["default"]?["region"] == "eu-west-1")
        #expect(parsed["work"]?["region"] == "us-east-2")
        #expect(parsed["work"]?["output"] == "json")
        #expect(parsed["work"]?["max_concurrent_requests"] == nil)
        #expect(parsed["corp"] == nil && parsed["sso-session corp"] == nil && parsed["dev"] == nil)
        let credentials = SharedConfigFiles.parse("[work]\naws_access_key_id = AK\n", isConfigFile: false)
        #expect(credentials["work"]?["aws_access_key_id"] == "AK")
    }

    @Test func filesAreFoundThroughTheEnvironment() throws {
        let folder = try TemporaryDirectory("aws-files")
        let config = try folder.write("cfg", "[profile ops]\nregion = sa-east-1\n")
        let credentials = try folder.write("creds", "[ops]\naws_access_key_id = AKOPS\naws_secret_access_key = s\n")
        let files = try SharedConfigFiles.load(environment: [
            "AWS_CONFIG_FILE": config.path, "AWS_SHARED_CREDENTIALS_FILE": credentials.path, "AWS_PROFILE": "ops",
        ])
        #expect(files.profile == "ops")
        #expect(files.value("region") == "sa-east-1")
        #expect(files.value("aws_access_key_id") == "AKOPS")
        let home = try TemporaryDirectory("aws-home")
        try home.write(".aws/config", "[default]\nregion = eu-north-1\n")
        let fromHome = try SharedConfigFiles.load(environment: ["HOME": home.url.path])
        #expect(fromHome.value("region") == "eu-north-1")
        #expect(!fromHome.profileIsExplicit)
    }
}
