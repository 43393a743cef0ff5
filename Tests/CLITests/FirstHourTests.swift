#if AIOPS_FULL
    import Foundation
    import TestSupport
    import Testing

    /// A new user's first hour: the demo fails fast with the fix in the message, stops cleanly on a
    /// signal with its SQLite file whole, cleans up after itself, and AWS commands name a refused
    /// connection as such.
    @Suite struct FirstHourTests {
        @Test func aPublicAddressWithoutATokenEndsTheDemoAtOnce() throws {
            let result = try Subprocess.aiops(
                ["demo", "--host", "0.0.0.0", "--port", "0"], environment: ["AIOPS_API_TOKEN": ""], timeout: 60)
            #expect(result.status != 0)
            #expect(result.stderr.contains("--api-token or AIOPS_API_TOKEN"), "\(result.stderr)")
            #expect(!result.stdout.contains("scenario:"), "it must refuse before it trains: \(result.stdout)")
        }

        @Test func aBusyPortEndsTheDemoAtOnceWithTheFix() async throws {
            let busy = try LoopbackHTTPServer { _, _ in .text(200, "") }
            defer { busy.stop() }
            // Without the fix, the error surfaced only when simulated time ended: never, by default.
            let result = try Subprocess.aiops(["demo", "--port", "\(busy.port)"], timeout: 120)
            #expect(result.status != 0)
            #expect(result.stderr.contains("127.0.0.1:\(busy.port) is already in use"), "\(result.stderr)")
            #expect(result.stderr.contains("--port 0"), "\(result.stderr)")
            #expect(!result.stderr.contains("errno"), "\(result.stderr)")
        }

        @Test func sigtermEndsTheDemoWithStatusZeroAndAWholeStoreFile() async throws {
            let folder = try TemporaryDirectory("first-hour")
            let data = folder.file("data")
            let demo = try BackgroundProcess.aiops(
                ["demo", "--port", "0", "--speed", "60", "--data-dir", data.path, "--api-token", "t0ken"])
            let serving = try await demo.wait(timeout: 180) { $0.contains("dashboard: http://") }
            #expect(serving, "\(demo.stdout)\n\(demo.stderr)")
            let status = try await demo.stop(signal: SIGTERM, timeout: 60)
            #expect(status == 0, "\(demo.stdout)\n\(demo.stderr)")
            #expect(demo.stdout.contains("stopped by SIGTERM; the store is closed"), "\(demo.stdout)")
            // The file alone, copied without its journal, holds the tables.
            let copy = folder.file("copy.sqlite")
            try FileManager.default.copyItem(at: data.appendingPathComponent("aiops.sqlite"), to: copy)
            let tables = try Subprocess.run(
                URL(fileURLWithPath: "/usr/bin/sqlite3"), [copy.path, "SELECT name FROM sqlite_master"])
            #expect(tables.stdout.contains("incident"), "\(tables.stdout) \(tables.stderr)")

            // The same folder again: the earlier store is set aside and said so, not resumed silently.
            let again = try Subprocess.aiops(
                ["demo", "--duration", "10m", "--no-server", "--data-dir", data.path], timeout: 300)
            #expect(again.status == 0, "\(again.stderr)")
            #expect(again.stdout.contains("held an earlier demo's store"), "\(again.stdout)")
            let aside = try FileManager.default.contentsOfDirectory(atPath: data.path).filter {
                $0.hasPrefix("earlier-run-")
            }
            #expect(aside.count == 1)
        }

        @Test func aDemoWithoutADataFolderRemovesItsTemporaryOne() throws {
            let result = try Subprocess.aiops(
                ["demo", "--duration", "10m", "--no-server", "--seed", "7"], timeout: 300)
            #expect(result.status == 0, "\(result.stderr)")
            let line = try #require(result.stdout.split(separator: "\n").first { $0.contains("data in ") })
            let path = try #require(line.components(separatedBy: "data in ").last?.components(separatedBy: " (").first)
            #expect(line.contains("temporary"), "\(line)")
            #expect(!FileManager.default.fileExists(atPath: path), "\(path) is still there")
        }

        @Test func aRefusedConnectionIsNamedAsSuchAfterAFewQuickTries() throws {
            // A port nobody listens on: bind one, note it, close it.
            let closed = try LoopbackHTTPServer { _, _ in .text(200, "") }
            let port = closed.port
            closed.stop()
            let environment = [
                "AWS_ENDPOINT_URL": "http://127.0.0.1:\(port)", "AWS_ACCESS_KEY_ID": "testing",
                "AWS_SECRET_ACCESS_KEY": "testing", "AWS_REGION": "us-east-1", "AWS_EC2_METADATA_DISABLED": "true",
                "AWS_CONFIG_FILE": "/dev/null", "AWS_SHARED_CREDENTIALS_FILE": "/dev/null",
            ]
            // Before the fix each of five attempts waited out a 20 s timeout: 60 s ends that run.
            let result = try Subprocess.aiops(
                ["train", "--instance-id", "i-0123456789abcdef0", "--days", "1", "--out", "/dev/null"],
                environment: environment, timeout: 60)
            #expect(result.status != 0 && result.status != 15, "status \(result.status): \(result.stderr)")
            #expect(result.stderr.contains("connection refused"), "\(result.stderr)")
            #expect(result.stderr.contains("127.0.0.1:\(port)"), "\(result.stderr)")
            #expect(result.stderr.contains("moto or LocalStack"), "\(result.stderr)")
        }
    }
#endif
