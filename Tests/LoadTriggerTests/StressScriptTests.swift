import Foundation
import LoadTrigger
import TestSupport
import Testing

@Suite struct StressScriptTests {
    @Test func minutesOutOfRangeAreRefused() {
        for minutes in [0, -5, StressScript.maximumMinutes + 1] {
            let error = #expect(throws: TriggerError.self) { try StressScript(minutes: minutes) }
            #expect(error?.code == .invalidArgument)
            #expect(error?.message.contains("--minutes") == true)
        }
    }

    @Test func theTextRunsAWorkerPerCoreForTheMinutesInTheBackground() throws {
        let text = try StressScript(minutes: 7).text
        #expect(text.hasPrefix("#!/bin/sh\n"))
        #expect(text.contains("minutes=7\n"))
        #expect(text.contains("seconds=420\n"))
        #expect(text.contains(#"set -- stress-ng --cpu "$cores" --timeout "${seconds}s""#))
        #expect(text.contains(#"set -- stress --cpu "$cores" --timeout "$seconds""#))
        #expect(text.contains(#"nohup "$@" >"$log" 2>&1 </dev/null &"#))
        for manager in [
            "dnf install -y -q stress-ng", "yum install -y -q stress-ng", "apt-get install -y -q stress-ng",
        ] {
            #expect(text.contains(manager), "installs with \(manager)")
        }
        #expect(text.contains("sudo -n"))
        #expect(text.hasSuffix("output in $log\"\n"))
    }

    @Test func commandLinesAreTheTextLineByLine() throws {
        let script = try StressScript(minutes: 3)
        #expect(script.commandLines.joined(separator: "\n") + "\n" == script.text)
        #expect(script.commandLines.first == "#!/bin/sh")
    }

    @Test(arguments: ["/bin/bash", "/bin/sh"])
    func theTextParses(shell: String) throws {
        let file = try TemporaryDirectory("script")
        let path = try file.write("trigger.sh", try StressScript(minutes: 10).text)
        let result = try Subprocess.run(URL(fileURLWithPath: shell), ["-n", path.path])
        #expect(result.status == 0, "\(shell) -n: \(result.stderr)")
    }

    @Test func runsStressNGWhenItIsInstalled() throws {
        let sandbox = try ScriptSandbox()
        try sandbox.fake("stress-ng", #"echo "$@" > "$RECORD/stress-ng""#)
        let result = try sandbox.run(minutes: 2)
        #expect(result.status == 0, "\(result.stderr)")
        let cores = try sandbox.cores()
        #expect(try sandbox.waitForRecord("stress-ng") == "--cpu \(cores) --timeout 120s\n")
        #expect(result.stdout.contains("aiops-trigger: started 'stress-ng --cpu \(cores) --timeout 120s' (pid "))
        #expect(result.stdout.contains("for 2 minute(s)"))
        #expect(!result.stdout.contains("installing"))
    }

    @Test func fallsBackToStress() throws {
        let sandbox = try ScriptSandbox()
        try sandbox.fake("stress", #"echo "$@" > "$RECORD/stress""#)
        let result = try sandbox.run(minutes: 1)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(try sandbox.waitForRecord("stress") == "--cpu \(try sandbox.cores()) --timeout 60\n")
    }

    /// The package managers are fakes that "install" stress-ng by writing a fake of it.
    @Test(arguments: ["dnf", "yum", "apt-get"])
    func installsStressNGWithThePackageManager(manager: String) throws {
        let sandbox = try ScriptSandbox()
        let installed =
            #"printf '#!/bin/sh\necho "$@" > "$RECORD/stress-ng"\n' > "$FAKEBIN/stress-ng"; chmod +x "$FAKEBIN/stress-ng""#
        try sandbox.fake(manager, #"echo "$@" >> "$RECORD/\#(manager)"; "# + installed)
        let result = try sandbox.run(minutes: 1)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("stress-ng is not installed; installing it"))
        #expect(try sandbox.record(manager) == "install -y -q stress-ng\n")
        #expect(try sandbox.waitForRecord("stress-ng") == "--cpu \(try sandbox.cores()) --timeout 60s\n")
    }

    @Test func aptGetUpdatesItsListsWhenTheFirstInstallFails() throws {
        let sandbox = try ScriptSandbox()
        // Fails until `update` ran, like a fresh image whose package lists are empty.
        try sandbox.fake(
            "apt-get",
            #"""
            echo "$@" >> "$RECORD/apt-get"
            case "$1" in
            update) touch "$RECORD/updated" ;;
            install) [ -f "$RECORD/updated" ] || exit 100
                printf '#!/bin/sh\necho "$@" > "$RECORD/stress-ng"\n' > "$FAKEBIN/stress-ng"; chmod +x "$FAKEBIN/stress-ng" ;;
            esac
            """#)
        let result = try sandbox.run(minutes: 1)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(try sandbox.record("apt-get") == "install -y -q stress-ng\nupdate -q\ninstall -y -q stress-ng\n")
        #expect(try sandbox.waitForRecord("stress-ng") != nil)
    }

    @Test func noPackageManagerIsAClearFailure() throws {
        let result = try ScriptSandbox().run(minutes: 1)
        #expect(result.status == StressScript.ExitStatus.noPackageManager)
        #expect(result.stderr.contains("found no dnf, yum or apt-get"))
    }

    @Test func aFailedInstallIsAClearFailure() throws {
        let sandbox = try ScriptSandbox()
        try sandbox.fake("dnf", "exit 1")
        let result = try sandbox.run(minutes: 1)
        #expect(result.status == StressScript.ExitStatus.installFailed)
        #expect(result.stderr.contains("stress-ng could not be installed"))
    }

    @Test func aLoadGeneratorThatDiesAtOnceIsReported() throws {
        let sandbox = try ScriptSandbox()
        try sandbox.fake("stress-ng", "echo 'stress-ng: unrecognized option' >&2; exit 2")
        let result = try sandbox.run(minutes: 1)
        #expect(result.status == StressScript.ExitStatus.loadFailed)
        #expect(result.stderr.contains("stress-ng exited with status 2 at once"))
        #expect(result.stderr.contains("stress-ng: unrecognized option"))
        #expect(!result.stdout.contains("started"))
    }
}

/// Runs the script under `sh` with a PATH of only basic tools and the fakes a test writes,
/// so that what the machine has installed (a real apt-get, say) cannot change the outcome.
private struct ScriptSandbox {
    let directory: TemporaryDirectory
    var fakeBin: URL { directory.file("fakebin") }
    var tools: URL { directory.file("tools") }
    var records: URL { directory.file("records") }

    init() throws {
        directory = try TemporaryDirectory("stress-script")
        for folder in [fakeBin, tools, records] {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        }
        for tool in [
            "sh", "id", "nproc", "getconf", "hostname", "uname", "nohup", "env", "sleep", "cat", "chmod", "touch",
        ] {
            guard let path = ["/usr/bin/\(tool)", "/bin/\(tool)"].first(where: FileManager.default.isExecutableFile)
            else { continue }
            try FileManager.default.createSymbolicLink(
                at: tools.appendingPathComponent(tool), withDestinationURL: URL(fileURLWithPath: path))
        }
    }

    func fake(_ name: String, _ body: String) throws {
        let url = fakeBin.appendingPathComponent(name)
        try Data("#!/bin/sh\n\(body)\n".utf8).write(to: url)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: url.path)
    }

    func run(minutes: Int) throws -> ProcessResult {
        let script = try directory.write("trigger.sh", try StressScript(minutes: minutes).text)
        return try Subprocess.run(
            URL(fileURLWithPath: "/bin/sh"), [script.path],
            environment: [
                "PATH": "\(fakeBin.path):\(tools.path)", "RECORD": records.path, "FAKEBIN": fakeBin.path,
                "TMPDIR": directory.url.path,
            ])
    }

    func cores() throws -> String {
        try Subprocess.run(tools.appendingPathComponent("nproc"), []).stdout
            .trimmingCharacters(in: .whitespacesAndNewlines)
    }

    func record(_ name: String) throws -> String? {
        try? String(contentsOf: records.appendingPathComponent(name), encoding: .utf8)
    }

    /// The load runs in the background: wait (bounded) for it to have written its record.
    func waitForRecord(_ name: String) throws -> String? {
        for _ in 0..<200 {
            if let text = try record(name), !text.isEmpty { return text }
            Thread.sleep(forTimeInterval: 0.05)
        }
        return nil
    }
}
