using Crashdesk.Analysis.Triage;
using Xunit.Abstractions;
using FixturePaths = Crashdesk.Analysis.Tests.Support.Fixtures;

namespace Crashdesk.Analysis.Tests.Triage;

/// <summary>
/// Scoring harness over every log collected for the triage tests: detection, clean logs, class,
/// guilty frame exact and in the top five. The expected values are read off each log by hand (the
/// function the report names by the dashboard convention), never taken from the parser's output.
/// </summary>
public sealed class TriageScoringTests(ITestOutputHelper output)
{
    // (log, expected class or "none", expected guilty function or null when the log does not show one)
    private static readonly (string Log, string Class, string? Guilty)[] _corpus =
    [
        ("fixture:debian-6.1-cloud/bug", CrashClass.Bug, "corpus_bug"),
        ("fixture:debian-6.1-cloud/hung-mutex", CrashClass.HungTask, "corpus_hung"),
        ("fixture:debian-6.1-cloud/oom", CrashClass.Oom, null),
        ("fixture:debian-6.1-cloud/oops-null", CrashClass.NullDeref, "corpus_null_deref"),
        ("fixture:debian-6.1-cloud/softlockup", CrashClass.SoftLockup, "proc_reg_write"),
        ("fixture:debian-6.1-cloud/sysrq-c", CrashClass.Sysrq, "sysrq_handle_crash"),
        ("fixture:debian-6.1-cloud/warn", CrashClass.Warning, "corpus_warn"),
        ("fixture:mini-6.1-lockdep/bug", CrashClass.Bug, "lkdtm_BUG"),
        ("fixture:mini-6.1-lockdep/hung-mutex", CrashClass.HungTask, "corpus_hung"),
        ("fixture:mini-6.1-lockdep/oom", CrashClass.Oom, null),
        ("fixture:mini-6.1-lockdep/oops-null", CrashClass.NullDeref, "lkdtm_ACCESS_NULL"),
        ("fixture:mini-6.1-lockdep/softlockup", CrashClass.SoftLockup, "full_proxy_write"),
        ("fixture:mini-6.1-lockdep/sysrq-c", CrashClass.Sysrq, "sysrq_handle_crash"),
        ("fixture:mini-6.1-lockdep/warn", CrashClass.Warning, "lkdtm_WARNING"),
        ("seed:001", CrashClass.HungTask, "xfs_file_buffered_aio_write"),
        ("seed:000", CrashClass.None, null),
        ("seed:002", CrashClass.None, null),
        ("seed:003", CrashClass.None, null),
        ("seed:004", CrashClass.None, null),
        ("atomic-bcachefs-893.txt", CrashClass.AtomicContext, null),
        ("atomic-irati-437-kmsg.txt", CrashClass.AtomicContext, null),
        ("atomic-zfs-73.txt", CrashClass.AtomicContext, "lzfs_vnop_write"),
        ("clean-wsl-13258-boot.txt", CrashClass.None, null),
        ("gpf-fail2ban-1480-syslog.txt", CrashClass.Gpf, "__rwsem_do_wake"),
        ("gpf-zfs-16895.txt", CrashClass.Gpf, null),
        ("hardware-bazzite-5546.txt", CrashClass.Hardware, null),
        ("hardware-homeassistant-2989-journal.txt", CrashClass.Hardware, null),
        ("hung-flatcar-847.txt", CrashClass.HungTask, "add_transaction_credits"),
        ("kasan-bcachefs-510.txt", CrashClass.Kasan, "bch2_fs_usage_read"),
        ("kasan-kernel-sanitizers-219.txt", CrashClass.Kasan, "ntfs_lookup_inode_by_name"),
        ("kasan-mptcp-433-decoded.txt", CrashClass.Kasan, "kernfs_test_super"),
        ("lockdep-bcachefs-112.txt", CrashClass.Lockdep, "bch2_alloc_sectors_start"),
        ("lockdep-coreos-1049-journal.txt", CrashClass.Lockdep, null),
        ("lockdep-teuthology-829-syslog.txt", CrashClass.Lockdep, "xfs_file_buffered_aio_write"),
        ("memleak-openwrt-10254.txt", CrashClass.Memleak, "load_module"),
        ("nullderef-feh-574-arm.txt", CrashClass.NullDeref, "seq_vprintf"),
        ("nullderef-iotrace-37.txt", CrashClass.NullDeref, "octf_trace_push"),
        ("nullderef-mptcp-461.txt", CrashClass.NullDeref, "tcp_v4_send_reset"),
        ("rcu-tetragon-328.txt", CrashClass.RcuStall, null),
        ("rcu-zfs-3031-syslog.txt", CrashClass.RcuStall, "cpumask_next_and"),
        ("sysrq-t-rtl8196e-99.txt", CrashClass.None, null),
        ("sysrq-w-qualcomm-70.txt", CrashClass.None, null),
        ("ubsan-bcachefs-194.txt", CrashClass.Ubsan, "bch2_inode_create"),
        ("ubsan-kernelci-154-arm.txt", CrashClass.Ubsan, "omap_get_gpio_irqbank_mask"),
        ("ubsan-rtl8188eus-15-journal.txt", CrashClass.Ubsan, "phydm_process_rssi_for_dm"),
        ("ubsan-tempesta-1246-old.txt", CrashClass.Ubsan, "tfw_gfsm_move"),
    ];

    private static string Read(string log)
    {
        if (log.StartsWith("fixture:", StringComparison.Ordinal))
        {
            string[] parts = log["fixture:".Length..].Split('/');
            return File.ReadAllText(Path.Combine(FixturePaths.Root, "logs", parts[0], parts[1] + ".console.txt"));
        }
        return log.StartsWith("seed:", StringComparison.Ordinal) ? TriageData.Seed(log[5..]) : TriageData.Excerpt(log);
    }

    [Fact]
    public void Collected_corpus_meets_the_acceptance_rates()
    {
        int crashes = 0, detected = 0, clean = 0, cleanOk = 0, classOk = 0, withGuilty = 0, exact = 0, top5 = 0;
        foreach (var (log, expectedClass, guilty) in _corpus)
        {
            var reports = LogTriage.Analyze(Read(log)).Reports;
            if (expectedClass == CrashClass.None)
            {
                clean++;
                if (reports.Count == 0)
                    cleanOk++;
                else
                    output.WriteLine($"FALSE CRASH {log}: {reports[0].Title}");
                continue;
            }
            crashes++;
            if (reports.Count == 0)
            {
                output.WriteLine($"MISSED {log}");
                continue;
            }
            detected++;
            var primary = reports[0];
            if (primary.Class == expectedClass)
                classOk++;
            else
                output.WriteLine($"CLASS {log}: {primary.Class} != {expectedClass}");
            if (guilty is null)
                continue;
            withGuilty++;
            if (primary.GuiltyFrame == guilty)
                exact++;
            else
                output.WriteLine($"GUILTY {log}: {primary.GuiltyFrame} != {guilty}");
            var top = primary.SignatureFrames.Concat(primary.Frames.Where(f => f.Reliable).Select(f => FrameNames.Canonical(f.Function))).Distinct().Take(5);
            if (top.Contains(guilty))
                top5++;
        }
        double Rate(int a, int b) => b == 0 ? 1 : (double)a / b;
        output.WriteLine($"logs {_corpus.Length}: crash logs {crashes}, clean logs {clean}");
        output.WriteLine($"detected {Rate(detected, crashes):P1}, clean {Rate(cleanOk, clean):P1}, class {Rate(classOk, detected):P1}, " +
                         $"guilty exact {Rate(exact, withGuilty):P1}, guilty top-5 {Rate(top5, withGuilty):P1} (of {withGuilty})");

        Assert.True(Rate(detected, crashes) >= 0.98, "detection");
        Assert.Equal(clean, cleanOk);
        Assert.True(Rate(classOk, detected) >= 0.95, "class");
        Assert.True(Rate(top5, withGuilty) >= 0.95, "guilty top-5");
        Assert.True(Rate(exact, withGuilty) >= 0.85, "guilty exact");
    }
}
