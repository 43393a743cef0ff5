/// What the operating system writes on every instance: systemd, the kernel, sshd, cron, the SSM
/// agent, chrony (Amazon Linux 2023).
enum SystemLogs {
    private static let invalidUsers = ["admin", "oracle", "test", "ubuntu", "git", "postgres", "user", "pi", "ftpuser"]

    private static func pid(_ rng: inout SplitMix64) -> Int { rng.int(1000...65_000) }

    /// Routine INFO lines at a steady rate.
    static let routine: [LogTemplate] = [
        LogTemplate(2) { rng, c in
            LogFormat.syslog(c, "CROND", pid(&rng), "(root) CMD (/usr/lib64/sa/sa1 1 1)")
        },
        LogTemplate(0.4) { _, c in
            LogFormat.syslog(c, "systemd", 1, "Starting dnf-makecache.service - dnf makecache...")
        },
        LogTemplate(0.4) { _, c in
            LogFormat.syslog(c, "systemd", 1, "Finished dnf-makecache.service - dnf makecache.")
        },
        LogTemplate(0.6) { _, c in
            LogFormat.syslog(
                c, "amazon-ssm-agent", 2000 + c.member.index % 900,
                "\(c.time.plain) INFO [ssm-agent-worker] [MessageService] [MGSInteractor] listening reply.")
        },
        LogTemplate(0.3) { _, c in
            LogFormat.syslog(c, "chronyd", 600 + c.member.index % 90, "Selected source 169.254.169.123")
        },
        LogTemplate(0.3) { rng, c in
            LogFormat.syslog(
                c, "sshd", pid(&rng),
                "Accepted publickey for ec2-user from \(rng.privateIP()) port \(rng.port()) ssh2: ED25519 SHA256:\(rng.fingerprint())",
                group: .secure)
        },
        LogTemplate(0.3) { rng, c in
            LogFormat.syslog(
                c, "sshd", pid(&rng), "pam_unix(sshd:session): session opened for user ec2-user(uid=1000) by (uid=0)",
                group: .secure)
        },
        LogTemplate(0.2) { rng, c in
            LogFormat.syslog(
                c, "systemd-logind", 700 + c.member.index % 90, "New session \(rng.int(1...400)) of user ec2-user.")
        },
    ]

    /// Benign WARN and ERROR lines that every internet-facing host shows now and then.
    static let benign: [LogTemplate] = [
        LogTemplate(2) { rng, c in
            LogFormat.syslog(
                c, "sshd", pid(&rng),
                "Invalid user \(rng.pick(invalidUsers)) from \(rng.publicIP()) port \(rng.port())",
                group: .secure)
        },
        LogTemplate(1.5) { rng, c in
            LogFormat.syslog(
                c, "sshd", pid(&rng),
                "Connection closed by invalid user \(rng.pick(invalidUsers)) \(rng.publicIP()) port \(rng.port()) [preauth]",
                group: .secure)
        },
        LogTemplate(1) { rng, c in
            LogFormat.syslog(
                c, "sshd", pid(&rng), "error: kex_exchange_identification: Connection closed by remote host",
                group: .secure)
        },
        LogTemplate(0.3) { _, c in
            LogFormat.kernel(
                c, "TCP: request_sock_TCP: Possible SYN flooding on port 443. Sending cookies.  Check SNMP counters.")
        },
        LogTemplate(0.5) { _, c in
            LogFormat.syslog(
                c, "amazon-ssm-agent", 2000 + c.member.index % 900,
                "\(c.time.plain) ERROR [HealthCheck] error when calling AWS APIs. error details - RequestError: send request failed"
            )
        },
        LogTemplate(0.2) { rng, c in
            LogFormat.syslog(
                c, "chronyd", 600 + c.member.index % 90,
                "System clock wrong by \(LogFormat.decimal(rng.uniform(0.5...3), 6)) seconds, adjustment started")
        },
    ]

    /// The sudo line of someone starting `stress` by hand: the trigger of the seed's demo.
    static func stress(_ rng: inout SplitMix64, _ c: LineContext) -> LogBody {
        LogFormat.syslog(
            c, "sudo", nil,
            "ec2-user : TTY=pts/0 ; PWD=/home/ec2-user ; USER=root ; COMMAND=/usr/bin/stress --cpu \(rng.pick([2, 4])) --timeout \(rng.pick([600, 1800, 3600]))",
            group: .secure)
    }

    /// The host going down for a reboot or a stop, and the main service stopping.
    static func shutdown(_ c: LineContext, role: RoleLogs, reboot: Bool) -> [LogBody] {
        [
            LogFormat.syslog(
                c, "systemd-logind", 700 + c.member.index % 90,
                reboot ? "System is rebooting." : "System is powering down."),
            LogFormat.syslog(c, "systemd", 1, "Stopping \(role.unit) - \(role.unitDescription)..."),
            LogFormat.syslog(c, "systemd", 1, "\(role.unit): Deactivated successfully."),
            LogFormat.syslog(c, "systemd", 1, "Stopped \(role.unit) - \(role.unitDescription)."),
            LogFormat.kernel(c, reboot ? "reboot: Restarting system" : "reboot: Power down"),
        ]
    }

    /// The first lines of a boot, up to the main service starting.
    static func boot(_ rng: inout SplitMix64, _ c: LineContext, role: RoleLogs) -> [LogBody] {
        [
            LogFormat.kernel(
                c,
                "Linux version 6.1.112-122.189.amzn2023.x86_64 (mockbuild@ip-10-0-60-98) (gcc (GCC) 11.4.1 20230605 (Red Hat 11.4.1-2), GNU ld version 2.39-6.amzn2023.0.10) #1 SMP PREEMPT_DYNAMIC"
            ),
            LogFormat.kernel(
                c,
                "Command line: BOOT_IMAGE=(hd0,gpt1)/boot/vmlinuz-6.1.112-122.189.amzn2023.x86_64 root=UUID=\(rng.uuid()) ro console=tty0 console=ttyS0,115200n8 nvme_core.io_timeout=4294967295"
            ),
            LogFormat.syslog(c, "systemd", 1, "systemd 252.23-2.amzn2023 running in system mode"),
            LogFormat.syslog(
                c, "cloud-init", pid(&rng),
                "Cloud-init v. 22.2.2 running 'modules:final' at \(c.time.plain). Up \(LogFormat.decimal(rng.uniform(8...14), 2)) seconds."
            ),
            LogFormat.syslog(c, "systemd", 1, "Reached target multi-user.target - Multi-User System."),
            LogFormat.syslog(c, "systemd", 1, "Started \(role.unit) - \(role.unitDescription)."),
        ]
    }

    /// The kernel's OOM killer ending the main service, and systemd restarting it.
    static func oomKill(_ rng: inout SplitMix64, _ c: LineContext, role: RoleLogs) -> [LogBody] {
        let rss = rng.int(3_700_000...3_990_000)
        return [
            LogFormat.kernel(
                c,
                "\(role.process) invoked oom-killer: gfp_mask=0x140cca(GFP_HIGHUSER_MOVABLE|__GFP_COMP), order=0, oom_score_adj=0"
            ),
            LogFormat.kernel(
                c,
                "Out of memory: Killed process \(c.pid) (\(role.process)) total-vm:\(rss * 2 + rng.int(0...99_999))kB, anon-rss:\(rss)kB, file-rss:0kB, shmem-rss:0kB, UID:991 pgtables:\(rng.int(7000...9999))kB oom_score_adj:0"
            ),
            LogFormat.syslog(
                c, "systemd", 1, "\(role.unit): A process of this unit has been killed by the OOM killer."),
            LogFormat.syslog(c, "systemd", 1, "\(role.unit): Main process exited, code=killed, status=9/KILL"),
            LogFormat.syslog(c, "systemd", 1, "\(role.unit): Failed with result 'oom-kill'."),
            LogFormat.syslog(c, "systemd", 1, "\(role.unit): Scheduled restart job, restart counter is at 1."),
            LogFormat.syslog(c, "systemd", 1, "Started \(role.unit) - \(role.unitDescription)."),
        ]
    }

    /// The main service exiting at start-up and systemd scheduling the next try.
    static func exited(_ c: LineContext, role: RoleLogs) -> [LogBody] {
        [
            LogFormat.syslog(c, "systemd", 1, "\(role.unit): Main process exited, code=exited, status=1/FAILURE"),
            LogFormat.syslog(c, "systemd", 1, "\(role.unit): Failed with result 'exit-code'."),
        ]
    }

    static func restart(_ c: LineContext, role: RoleLogs, counter: Int) -> [LogBody] {
        [
            LogFormat.syslog(c, "systemd", 1, "\(role.unit): Scheduled restart job, restart counter is at \(counter)."),
            LogFormat.syslog(c, "systemd", 1, "Stopped \(role.unit) - \(role.unitDescription)."),
            LogFormat.syslog(c, "systemd", 1, "Started \(role.unit) - \(role.unitDescription)."),
        ]
    }
}
