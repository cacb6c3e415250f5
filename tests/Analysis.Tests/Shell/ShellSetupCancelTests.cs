using Crashdesk.Analysis.IO;
using Crashdesk.Analysis.Kernel;
using Crashdesk.Analysis.Shell;
using Crashdesk.Analysis.Shell.Commands;
using Crashdesk.Analysis.Tests.Support;

namespace Crashdesk.Analysis.Tests.Shell;

/// <summary>
/// The first command of a session that needs the task list or the unwinder builds them; a Ctrl-C
/// during that build stops it (within a few reads, not when the build ends), and the next command
/// builds them afresh and answers in full (a cancelled build is not kept).
/// </summary>
public sealed class ShellSetupCancelTests
{
    private const string Id = "debian-6.1-cloud/hung-mutex/kdump-zstd";

    [Theory]
    [InlineData("ps")]
    [InlineData("bt -a")]
    [InlineData("foreach UN bt")]
    public void A_Ctrl_C_during_the_first_commands_setup_stops_it_and_the_next_command_answers_in_full(string line)
    {
        string full = ShellFixtures.Run(Id, line).Text;
        // A fresh shell counts the reads of the whole first run (the setup included).
        using var never = new CancellationTokenSource();
        var (counting, countingSource) = Open(never, long.MaxValue);
        using var countingDump = countingSource;
        Assert.Equal(full, counting.Execute(line).Text);
        long reads = countingSource.Reads;
        Assert.True(reads >= 20, $"the first `{line}` of a session read the dump {reads} times");

        // Another fresh shell is cancelled a tenth of the way through those reads: inside the setup.
        using var cts = new CancellationTokenSource();
        var (shell, source) = Open(cts, reads / 10);
        using var dump = source;
        var reply = shell.Execute(line, cts.Token);
        Assert.True(reply.Cancelled);
        Assert.Null(reply.Error);
        long readsAfterCtrlC = source.Reads - reads / 10;
        Assert.True(readsAfterCtrlC <= reads / 10, $"`{line}` read the dump {readsAfterCtrlC} more times after Ctrl-C (the whole run reads it {reads} times)");

        source.Armed = false;
        var next = shell.Execute(line);
        Assert.False(next.Cancelled);
        Assert.Null(next.Error);
        Assert.Equal(full, next.Text);
    }

    // A shell with nothing built yet whose reader counts from the first command on.
    private static (CrashShell Shell, CancellingByteSource Source) Open(CancellationTokenSource cts, long cancelAt)
    {
        var source = new CancellingByteSource(new FileByteSource(FixtureDumps.DumpPath(Id)), cts, cancelAt);
        var shell = new CrashShell(KernelTarget.Open(source), DebugKernels.Get(AnalyzedFixtures.Kernel(Id)), new CrashShellNames("vmlinux", Path.GetFileName(FixtureDumps.DumpPath(Id))), CrashCommands.Default);
        source.Armed = true;
        return (shell, source);
    }
}
