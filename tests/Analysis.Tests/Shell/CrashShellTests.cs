using Crashdesk.Analysis.Extractors.Sys;
using Crashdesk.Analysis.IO;
using Crashdesk.Analysis.Kernel;
using Crashdesk.Analysis.Shell;
using Crashdesk.Analysis.Shell.Commands;
using Crashdesk.Analysis.Tests.Support;

namespace Crashdesk.Analysis.Tests.Shell;

/// <summary>The shell's own behaviour: dispatch, crash's errors, the output cap, cancellation.</summary>
public sealed class CrashShellTests
{
    private const string Dump = "debian-6.1-cloud/sysrq-c/kdump-zlib";

    [Fact]
    public void Sys_prints_what_the_report_prints()
    {
        using var source = new FileByteSource(FixtureDumps.DumpPath(Dump));
        var shell = ShellFixtures.OpenWithoutDebugKernel(source);
        var reply = shell.Execute("sys");
        // The report's sys is checked against crash's sys.txt by SysTests.
        Assert.Equal(SystemInfoText.Format(AnalyzedFixtures.Report(Dump).System!, "vmlinux", "dump.zlib"), reply.Text);
        Assert.False(reply.Truncated);
        Assert.Null(reply.Error);
    }

    [Fact]
    public void An_unknown_command_is_crashs_message_and_the_shell_goes_on()
    {
        using var source = new FileByteSource(FixtureDumps.DumpPath(Dump));
        var shell = ShellFixtures.OpenWithoutDebugKernel(source);
        var reply = shell.Execute("frobnicate -x");
        Assert.Equal("crash: command not found: frobnicate\n", reply.Text);
        Assert.NotNull(reply.Error);
        Assert.Contains("UPTIME", shell.Execute("sys").Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Output_is_cut_at_the_cap_and_says_so()
    {
        using var source = new FileByteSource(FixtureDumps.DumpPath(Dump));
        var shell = ShellFixtures.OpenWithoutDebugKernel(source);
        var reply = shell.Execute("sys", maxOutputChars: 40);
        Assert.True(reply.Truncated);
        Assert.Equal(40, reply.Text.Length);
    }

    [Fact]
    public void Help_links_every_command_to_its_usage()
    {
        using var source = new FileByteSource(FixtureDumps.DumpPath(Dump));
        var shell = ShellFixtures.OpenWithoutDebugKernel(source);
        var reply = shell.Execute("help");
        foreach (var command in shell.Commands.All)
            Assert.Contains(reply.Links, l => l.Command == "help " + command.Name && reply.Text.Substring(l.Start, l.Length).Trim() == command.Name);
        Assert.Equal(["sym", "sys"], shell.Complete("sy"));
    }

    [Fact]
    public void Words_split_on_whitespace_and_quotes_group()
    {
        var parsed = ShellInvocation.Parse("  list -s  \"task_struct.pid,comm\" -H init_task ")!;
        Assert.Equal("list", parsed.Name);
        Assert.Equal(["-s", "task_struct.pid,comm", "-H", "init_task"], parsed.Words);
        Assert.Equal("task_struct.pid,comm", parsed.ValueOf("-s"));
        Assert.Null(ShellInvocation.Parse("   "));
    }
}
