using System.Text.RegularExpressions;
using FixturePaths = Crashdesk.Analysis.Tests.Support.Fixtures;
using Crashdesk.Analysis.Triage;

namespace Crashdesk.Analysis.Tests.Triage;

/// <summary>Triage of the fixtures' serial consoles and of the kernel logs crash read from their dumps.</summary>
public sealed class TriageFixtureTests
{
    // The scenario → class mapping: what each fixture scenario makes the kernel do (its folder name).
    private static readonly Dictionary<string, string> _expectedClass = new()
    {
        ["bug"] = CrashClass.Bug, ["warn"] = CrashClass.Warning, ["hung-mutex"] = CrashClass.HungTask,
        ["oom"] = CrashClass.Oom, ["oops-null"] = CrashClass.NullDeref, ["softlockup"] = CrashClass.SoftLockup,
        ["sysrq-c"] = CrashClass.Sysrq,
    };

    public static TheoryData<string> Consoles() => new(TriageData.ConsoleLogs().Select(p => Path.GetRelativePath(FixturePaths.Root, p)));

    public static TheoryData<string> DumpFolders() => new(TriageData.DumpFoldersWithLogs().Select(FixturePaths.Id));

    [Theory]
    [MemberData(nameof(Consoles))]
    public void Console_log_gives_the_scenario_class_and_no_report_from_the_capture_kernel(string relative)
    {
        string text = File.ReadAllText(Path.Combine(FixturePaths.Root, relative));
        string scenario = Path.GetFileName(relative).Replace(".console.txt", "");
        var result = LogTriage.Analyze(text);

        Assert.NotEmpty(result.Reports);
        Assert.Equal(_expectedClass[scenario], result.Reports[0].Class);
        // The kdump capture kernel boots after the crash: the second `Linux version` line.
        var lines = text.Split('\n');
        int captureBoot = Array.FindIndex(lines, 1, l => l.Contains("] Linux version ", StringComparison.Ordinal)) + 1;
        Assert.True(captureBoot > 1, "fixture console should contain the capture kernel's boot");
        Assert.All(result.Reports, r => Assert.True(r.Line < captureBoot, $"report at line {r.Line} is in the capture kernel's boot"));
        Assert.All(result.Reports, r => Assert.Equal(16, r.Signature.Length));
    }

    [Theory]
    [InlineData("debian-6.1-cloud", "oops-null")]
    [InlineData("debian-6.1-cloud", "bug")]
    [InlineData("debian-6.1-cloud", "warn")]
    [InlineData("mini-6.1-lockdep", "oops-null")]
    [InlineData("mini-6.1-lockdep", "bug")]
    [InlineData("mini-6.1-lockdep", "warn")]
    public void Oops_guilty_frame_is_the_faulting_function(string kernel, string scenario)
    {
        string text = TriageData.ConsoleLog(kernel, scenario);
        string rip = Regex.Match(text, @"RIP: 0010:([A-Za-z0-9_]+)").Groups[1].Value;
        var report = LogTriage.Analyze(text).Reports[0];

        Assert.Equal(rip, report.GuiltyFrame);
        Assert.EndsWith(" in " + rip, report.Title);
        Assert.True(report.Frames[0].IsRip);
        Assert.StartsWith(rip + "+0x", report.Rip);
        Assert.NotNull(report.Cpu);
        Assert.Equal(1, report.Pid);
        Assert.Equal("init", report.Comm);
        var hardware = Regex.Match(text, @"Hardware name: (.+)");
        Assert.Equal(hardware.Success ? hardware.Groups[1].Value.Trim() : null, report.HardwareName);
        Assert.True(report.Registers.ContainsKey("RAX"));
    }

    [Fact]
    public void Debian_oops_decodes_the_taint_of_the_out_of_tree_module()
    {
        var report = LogTriage.Analyze(TriageData.ConsoleLog("debian-6.1-cloud", "oops-null")).Reports[0];

        Assert.Equal(CrashClass.NullDeref, report.Class);
        Assert.Equal("BUG: unable to handle kernel NULL pointer dereference in corpus_null_deref", report.Title);
        Assert.Equal("6.1.0-56-cloud-amd64", report.KernelRelease);
        Assert.Contains("out-of-tree module loaded", report.Taint!.Flags);
        Assert.Contains("unsigned module loaded", report.Taint.Flags);
        Assert.Equal("corpus_crash", report.Frames[0].Module);
        Assert.Contains(report.Frames, f => !f.Reliable && f.Function == "kmem_cache_free");
        Assert.Contains("kdump", report.PanicSettings);
    }

    [Theory]
    [InlineData("debian-6.1-cloud")]
    [InlineData("mini-6.1-lockdep")]
    public void Sysrq_crash_is_deliberate(string kernel)
    {
        var report = LogTriage.Analyze(TriageData.ConsoleLog(kernel, "sysrq-c")).Reports[0];

        Assert.Equal(CrashClass.Sysrq, report.Class);
        Assert.True(report.Deliberate);
        Assert.Equal("sysrq triggered crash", report.PanicReason);
        Assert.Equal("sysrq_handle_crash", report.GuiltyFrame);
    }

    [Fact]
    public void Hung_mutex_lists_the_blocked_tasks_and_their_locks()
    {
        var result = LogTriage.Analyze(TriageData.ConsoleLog("mini-6.1-lockdep", "hung-mutex"));
        var report = result.Reports[0];

        Assert.Equal(CrashClass.HungTask, report.Class);
        Assert.Equal("sh", report.Comm);
        Assert.Equal(66, report.Pid);
        Assert.Equal("hung_task: blocked tasks", report.PanicReason);
        Assert.Equal("INFO: task hung in corpus_hung", report.Title);
        Assert.Equal(["corpus_holder", "corpus_waiter"], report.RelatedTasks.Select(t => t.Comm));

        var sh = report.LocksHeld.Single(t => t.Comm == "sh");
        Assert.Equal(66, sh.Pid);
        Assert.Equal(["sb_writers#3", "corpus_mutex"], sh.Locks.Select(l => l.Name));
        var mutex = sh.Locks[1];
        Assert.Equal(1, mutex.Index);
        Assert.Equal("ffffffff8f6f7b08", mutex.Address);
        Assert.Equal("+.+.", mutex.Usage);
        Assert.Equal("3:3", mutex.WaitTypes);
        Assert.Equal("corpus_hung.cold+0x30/0x3c", mutex.AcquireSite);
        var holder = report.LocksHeld.Single(t => t.Comm == "corpus_holder");
        Assert.Equal(["corpus_mutex", "corpus_rwsem"], holder.Locks.Select(l => l.Name));
        Assert.Equal("ffffffff8f6f7a70", holder.Locks[1].Address);
        Assert.Contains(report.LocksHeld, t => t.Comm == "khungtaskd" && t.Locks.Single().Name == "rcu_read_lock");
        Assert.Contains("hung_task_panic", report.PanicSettings);
        Assert.DoesNotContain(report.CaptureAdvice, a => a.Contains("hung_task_panic=1", StringComparison.Ordinal));
    }

    [Fact]
    public void Hung_task_without_lockdep_advises_a_debug_kernel()
    {
        var report = LogTriage.Analyze(TriageData.ConsoleLog("debian-6.1-cloud", "hung-mutex")).Reports[0];

        Assert.Equal(CrashClass.HungTask, report.Class);
        Assert.Equal("INFO: task hung in corpus_hung", report.Title);
        Assert.Empty(report.LocksHeld);
        Assert.Contains(report.CaptureAdvice, a => a.Contains("lockdep", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("debian-6.1-cloud", 1, 13, 130)]
    [InlineData("mini-6.1-lockdep", 2, 13, 67)]
    public void Soft_lockup_reports_cpu_and_duration(string kernel, int cpu, int seconds, int pid)
    {
        var report = LogTriage.Analyze(TriageData.ConsoleLog(kernel, "softlockup")).Reports[0];

        Assert.Equal(CrashClass.SoftLockup, report.Class);
        Assert.Equal(cpu, report.Lockup!.Cpu);
        Assert.Equal(seconds, report.Lockup.StuckSeconds);
        Assert.Equal(pid, report.Lockup.Pid);
        Assert.Equal("softlockup: hung tasks", report.PanicReason);
        Assert.Contains("softlockup_panic", report.PanicSettings);
        Assert.True(report.Frames[0].IsRip);
        Assert.StartsWith("BUG: soft lockup in ", report.Title);
    }

    [Theory]
    [InlineData("debian-6.1-cloud")]
    [InlineData("mini-6.1-lockdep")]
    public void Oom_panic_reports_invoker_and_task_table(string kernel)
    {
        var report = LogTriage.Analyze(TriageData.ConsoleLog(kernel, "oom")).Reports[0];

        Assert.Equal(CrashClass.Oom, report.Class);
        Assert.Equal("Out of memory: system-wide panic_on_oom is enabled", report.PanicReason);
        Assert.Equal("memhog", report.Oom!.InvokerComm);
        Assert.Equal("0x140dca", report.Oom.GfpMask);
        Assert.Equal(0, report.Oom.Order);
        Assert.True(report.Oom.Panicked);
        Assert.Equal("memhog", report.Oom.LargestTaskComm);
        Assert.True(report.Oom.PagesRam > 0);
        Assert.Contains("panic_on_oom", report.PanicSettings);
    }

    [Theory]
    [MemberData(nameof(DumpFolders))]
    public void Console_and_dump_kernel_log_agree(string id)
    {
        string folder = Path.Combine(FixturePaths.Dumps, id);
        var console = LogTriage.Analyze(File.ReadAllText(Path.Combine(folder, "console.txt"))).Reports[0];
        var log = LogTriage.Analyze(File.ReadAllText(Path.Combine(folder, "crash", "log.txt"))).Reports[0];

        Assert.Equal(console.Class, log.Class);
        Assert.Equal(console.Title, log.Title);
        Assert.Equal(console.Signature, log.Signature);
        Assert.Equal(console.GuiltyFrame, log.GuiltyFrame);
    }

    [Fact]
    public void Same_bug_on_two_kernels_gets_one_signature()
    {
        var debian = LogTriage.Analyze(TriageData.ConsoleLog("debian-6.1-cloud", "hung-mutex")).Reports[0];
        var mini = LogTriage.Analyze(TriageData.ConsoleLog("mini-6.1-lockdep", "hung-mutex")).Reports[0];
        var other = LogTriage.Analyze(TriageData.ConsoleLog("mini-6.1-lockdep", "warn")).Reports[0];

        Assert.Equal(debian.Signature, mini.Signature);
        Assert.NotEqual(debian.Signature, other.Signature);
    }

    [Fact]
    public void Boot_log_alone_is_clean()
    {
        // The capture kernel's boot of a kdump console: a normal boot log with no crash in it.
        var lines = TriageData.ConsoleLog("debian-6.1-cloud", "sysrq-c").Split('\n');
        int captureBoot = Array.FindIndex(lines, 1, l => l.Contains("] Linux version ", StringComparison.Ordinal));
        var result = LogTriage.Analyze(string.Join('\n', lines[captureBoot..]));

        Assert.Empty(result.Reports);
    }
}
