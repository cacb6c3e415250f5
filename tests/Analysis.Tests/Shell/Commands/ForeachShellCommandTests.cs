using Crashdesk.Analysis.Extractors.Backtrace;
using Crashdesk.Analysis.IO;
using Crashdesk.Analysis.Kernel;
using Crashdesk.Analysis.Reports;
using Crashdesk.Analysis.Shell;
using Crashdesk.Analysis.Shell.Commands;
using Crashdesk.Analysis.Tests.Extractors.Backtrace;
using Crashdesk.Analysis.Tests.Support;

namespace Crashdesk.Analysis.Tests.Shell.Commands;

/// <summary>
/// `foreach bt` and `foreach UN bt`. crash's foreach-un-bt.txt is empty on every fixture (crash 8.0.2
/// misses the non-running tasks, fixtures README), so drgn.json's D-state tasks and their frames are
/// the reference; crash's file must still be contained in ours.
/// </summary>
public sealed class ForeachShellCommandTests
{
    public static TheoryData<string> WithDrgn() => BacktraceFixtures.WithDrgn();

    [Theory]
    [MemberData(nameof(WithDrgn))]
    public void Foreach_UN_bt_is_every_D_state_task_with_drgns_frames(string id)
    {
        var text = ShellFixtures.Run(id, "foreach UN bt").Text;
        var blocks = ShellFixtures.Blocks(text);
        var drgn = ReferenceFrames.Drgn(FixtureDumps.Folder(id)).Where(t => t.State == 'D').OrderBy(t => t.Pid).ToList();
        Assert.Equal(drgn.Select(t => (t.Pid, t.Task)), blocks.Select(b => (b.Pid, b.Task)));
        foreach (var (t, b) in drgn.Zip(blocks))
            Assert.Equal(t.Functions, b.Functions);
        string crash = File.ReadAllText(Path.Combine(FixtureDumps.Folder(id), "crash", "foreach-un-bt.txt"));
        foreach (string block in crash.Split("\n\n").Select(b => b.Trim('\n')).Where(b => b.Length > 0))
            Assert.Contains(block, text, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(WithDrgn))]
    public void Foreach_bt_is_crashdesk_bt_all_tasks(string id)
    {
        var text = ShellFixtures.Run(id, "foreach bt").Text;
        // The CLI's `bt --all-tasks` path: BacktraceOrder.ForEachTask over the same extractor and task list.
        var shell = ShellFixtures.Open(id);
        Assert.Equal(CrashBacktraceText.Format(BacktraceOrder.ForEachTask(shell.GetBacktraces(CancellationToken.None), shell.GetTasks(CancellationToken.None).Tasks).Select(o => o.Trace)), text);
        // Every task drgn lists (it lists no idle task), each once.
        var drgn = ReferenceFrames.Drgn(FixtureDumps.Folder(id)).Select(t => t.Task).Order();
        Assert.Equal(drgn, ShellFixtures.Blocks(text).Select(b => b.Task).Order());
    }

    [Theory]
    [MemberData(nameof(WithDrgn))]
    public void Foreach_bt_reads_in_the_reports_order(string id)
    {
        // BacktraceOrder.Of over every CPU's active task and the others' backtraces (the report's and,
        // before ForEachTask, the CLI's `bt --all-tasks` order) is the order ForEachTask streams in.
        var shell = ShellFixtures.Open(id);
        var extractor = shell.GetBacktraces(CancellationToken.None);
        var tasks = shell.GetTasks(CancellationToken.None).Tasks;
        var busy = tasks.Where(t => !t.IsIdle).Select(t => t.Address).ToHashSet();
        var active = extractor.ForActiveCpus().Where(b => busy.Contains(b.Task)).ToList();
        var others = extractor.ForTasks(tasks.Where(t => busy.Contains(t.Address) && active.All(a => a.Task != t.Address)).Select(t => t.Address));
        var expected = BacktraceOrder.Of(active, others, extractor.PanicTask, tasks).Select(o => (o.Trace.Task, o.Group));
        Assert.Equal(expected, BacktraceOrder.ForEachTask(extractor, tasks).Select(o => (o.Trace.Task, o.Group)));
    }

    [Fact]
    public void A_cancelled_foreach_bt_returns_what_it_printed()
    {
        // Cancelled from inside the run, deterministically: the dump's reader cancels the token at
        // its Nth read (a Ctrl-C arrives the same way, between two reads). A first shell counts the
        // reads of a whole run; a second, identical one is cancelled half-way through them.
        const string id = "debian-6.1-cloud/hung-mutex/kdump-zstd";
        string full = ShellFixtures.Run(id, "foreach bt").Text;
        using var counter = new CancellationTokenSource();
        var (counting, countingSource) = Open(id, counter, long.MaxValue);
        using var countingDump = countingSource;
        Assert.Equal(full, counting.Execute("foreach bt").Text);
        long reads = countingSource.Reads;
        Assert.True(reads > 4, $"a whole foreach bt read the dump {reads} times");

        using var cts = new CancellationTokenSource();
        var (shell, cancellingSource) = Open(id, cts, reads / 2);
        using var cancellingDump = cancellingSource;
        var reply = shell.Execute("foreach bt", cts.Token);
        Assert.True(reply.Cancelled);
        Assert.Null(reply.Error);
        Assert.NotEmpty(ShellFixtures.Blocks(reply.Text));
        Assert.True(reply.Text.Length < full.Length);
        Assert.StartsWith(reply.Text, full, StringComparison.Ordinal);
    }

    // A shell whose dump reader starts counting once the unwinder and task list are built (bt -a).
    private static (CrashShell Shell, CancellingByteSource Source) Open(string id, CancellationTokenSource cts, long cancelAt)
    {
        var source = new CancellingByteSource(new FileByteSource(FixtureDumps.DumpPath(id)), cts, cancelAt);
        var shell = new CrashShell(KernelTarget.Open(source), DebugKernels.Get(AnalyzedFixtures.Kernel(id)), new CrashShellNames("vmlinux", "dump.zstd"), CrashCommands.Default);
        Assert.Null(shell.Execute("bt -a").Error);
        source.Armed = true;
        return (shell, source);
    }

    [Theory]
    [MemberData(nameof(WithDrgn))]
    public void Foreach_keywords_select_tasks_as_crash_does(string id)
    {
        var shell = ShellFixtures.Open(id);
        var drgn = ReferenceFrames.Drgn(FixtureDumps.Folder(id));
        var all = ShellFixtures.Blocks(ShellFixtures.Run(id, "foreach bt").Text);
        // Names and PIDs: any of them.
        var init = ShellFixtures.Blocks(ShellFixtures.Run(id, "foreach init bt").Text);
        Assert.Equal(drgn.Where(t => t.Comm == "init").Select(t => t.Task).Order(), init.Select(b => b.Task).Order());
        Assert.Equal([1, 2], ShellFixtures.Blocks(ShellFixtures.Run(id, "foreach 2 1 bt").Text).Select(b => b.Pid).Order());
        // kernel and user split the tasks; active is every CPU's current task that is not idle.
        var kernel = ShellFixtures.Blocks(ShellFixtures.Run(id, "foreach kernel bt").Text).Select(b => b.Task).ToHashSet();
        var user = ShellFixtures.Blocks(ShellFixtures.Run(id, "foreach user bt").Text).Select(b => b.Task).ToHashSet();
        Assert.Empty(kernel.Intersect(user));
        Assert.Equal(all.Select(b => b.Task).Order(), kernel.Concat(user).Order());
        Assert.Contains(shell.GetTasks(CancellationToken.None).Tasks.First(t => t.Pid == 2).Address, kernel); // kthreadd
        Assert.Contains(shell.GetTasks(CancellationToken.None).Tasks.First(t => t.Pid == 1).Address, user);
        var active = ShellFixtures.Blocks(ShellFixtures.Run(id, "foreach active bt").Text).Select(b => b.Task).Order();
        Assert.Equal(shell.GetBacktraces(CancellationToken.None).CurrentTasks.Values.Where(t => drgn.Any(d => d.Task == t)).Order(), active);
        // A state and a name together: both must hold.
        Assert.DoesNotContain(ShellFixtures.Blocks(ShellFixtures.Run(id, "foreach UN sh bt").Text), b => drgn.Single(d => d.Task == b.Task).State != 'D' || drgn.Single(d => d.Task == b.Task).Comm != "sh");
    }

    [Fact]
    public void Foreach_refuses_what_crash_refuses()
    {
        var shell = ShellFixtures.Open("debian-6.1-cloud/hung-mutex/kdump-zstd");
        Assert.Equal("foreach: no keywords specified\n", shell.Execute("foreach").Text);
        Assert.Equal("foreach: no keywords specified\n", shell.Execute("foreach UN").Text);
        Assert.Equal("foreach: vm: only bt is available here\n", shell.Execute("foreach vm").Text);
        Assert.Equal("foreach: invalid task or pid value: 99999\n", shell.Execute("foreach 99999 bt").Text);
    }
}
