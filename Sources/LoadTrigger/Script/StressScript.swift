/// The shell script that spikes a machine's CPU: the same text runs through SSM Run Command
/// (`AWS-RunShellScript`, as root) and over SSH (as the login user, through `sudo -n` to install).
///
/// It is POSIX `sh` (Ubuntu's `sh` is dash): it finds a package manager (dnf, yum, apt-get),
/// installs stress-ng if neither stress-ng nor stress is there, starts one CPU worker per core for
/// the given minutes in the background with `nohup` (the session or the SSM agent returns at once,
/// the load goes on), and prints what it started. Its exit status says whether the load started.
package struct StressScript: Sendable, Hashable {
    /// How long the load lasts.
    package let minutes: Int

    /// The longest load the trigger starts: six hours is past any demo, and a typo like 6000 should
    /// not keep a machine busy for days.
    package static let maximumMinutes = 360

    /// Exit statuses of the script, for the messages of the callers.
    package enum ExitStatus {
        /// No dnf, yum or apt-get to install stress-ng with.
        package static let noPackageManager: Int32 = 3
        /// The package manager ran but neither stress-ng nor stress is there afterwards.
        package static let installFailed: Int32 = 4
        /// The load generator ended at once with an error.
        package static let loadFailed: Int32 = 5
    }

    package init(minutes: Int) throws(TriggerError) {
        guard (1...Self.maximumMinutes).contains(minutes) else {
            throw TriggerError(
                .invalidArgument, "--minutes must be from 1 to \(Self.maximumMinutes), not \(minutes)")
        }
        self.minutes = minutes
    }

    /// The script's text. Only `minutes`, an integer, is interpolated: nothing a caller passes can
    /// change what the shell runs.
    package var text: String {
        """
        #!/bin/sh
        # aiops trigger: load every CPU core of this machine for \(minutes) minute(s), so that the
        # anomaly detection, root-cause analysis, alert and remediation chain can be watched.
        set -u
        minutes=\(minutes)
        seconds=\(minutes * 60)
        log="${TMPDIR:-/tmp}/aiops-trigger-$(id -u).log"

        have() { command -v "$1" >/dev/null 2>&1; }

        # SSM runs this as root; over SSH the login user installs through sudo, without a prompt.
        as_root() {
            if [ "$(id -u)" = 0 ]; then
                "$@"
            elif have sudo; then
                sudo -n "$@"
            else
                "$@"
            fi
        }

        if ! have stress-ng && ! have stress; then
            echo "aiops-trigger: stress-ng is not installed; installing it"
            if have dnf; then
                as_root dnf install -y -q stress-ng || as_root dnf install -y -q stress
            elif have yum; then
                as_root yum install -y -q stress-ng || as_root yum install -y -q stress
            elif have apt-get; then
                as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q stress-ng ||
                    { as_root apt-get update -q &&
                        as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q stress-ng; }
            else
                echo "aiops-trigger: found no dnf, yum or apt-get: install stress-ng, then run the trigger again" >&2
                exit \(ExitStatus.noPackageManager)
            fi
        fi

        cores=$(nproc 2>/dev/null || getconf _NPROCESSORS_ONLN 2>/dev/null || echo 1)
        if have stress-ng; then
            set -- stress-ng --cpu "$cores" --timeout "${seconds}s"
        elif have stress; then
            set -- stress --cpu "$cores" --timeout "$seconds"
        else
            echo "aiops-trigger: stress-ng could not be installed (see the package manager's messages above)" >&2
            exit \(ExitStatus.installFailed)
        fi

        # nohup and the redirections detach the load from this session: the caller returns at once.
        nohup "$@" >"$log" 2>&1 </dev/null &
        pid=$!
        # A load generator that rejects its options dies at once: say so rather than report a start.
        sleep 1
        if ! kill -0 "$pid" 2>/dev/null; then
            if wait "$pid"; then :; else
                status=$?
                echo "aiops-trigger: $1 exited with status $status at once; its output ($log):" >&2
                cat "$log" >&2
                exit \(ExitStatus.loadFailed)
            fi
        fi
        host=$(hostname 2>/dev/null || uname -n)
        echo "aiops-trigger: started '$*' (pid $pid) on $host for $minutes minute(s); output in $log"

        """
    }

    /// The script as the lines of the `commands` parameter of `AWS-RunShellScript`.
    package var commandLines: [String] {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if lines.last == "" { lines.removeLast() }
        return lines
    }
}
