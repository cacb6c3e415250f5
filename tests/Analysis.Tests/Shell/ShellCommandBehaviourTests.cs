using Crashdesk.Analysis.IO;
using Crashdesk.Analysis.Kernel;
using Crashdesk.Analysis.Shell;
using Crashdesk.Analysis.Shell.Commands;
using Crashdesk.Analysis.Tests.Support;
using Crashdesk.Disassembly;

namespace Crashdesk.Analysis.Tests.Shell;

/// <summary>What crash has no reference for: the list cap, links, cancellation, dis without a decoder.</summary>
public sealed class ShellCommandBehaviourTests
{
    private const string Dump = "debian-6.1-cloud/sysrq-c/kdump-zlib";
    private const string TasksList = "list task_struct.tasks -s task_struct.pid,comm,__state -h init_task";

    private static CrashShell Open(FileByteSource source, ShellCommandSet commands) =>
        new(KernelTarget.Open(source), DebugKernels.Get("debian-6.1-cloud"), new CrashShellNames("vmlinux", "dump.zlib"), commands);

    [Fact]
    public void A_list_longer_than_the_cap_stops_there_and_says_so()
    {
        using var source = new FileByteSource(FixtureDumps.DumpPath(Dump));
        var shell = Open(source, new ShellCommandSet([new ListShellCommand(maxEntries: 5)]));
        var reply = shell.Execute(TasksList);
        string[] lines = reply.Text.TrimEnd('\n').Split('\n');
        // The fixture's crash reference: each entry is its address and three member lines.
        string[] stored = File.ReadAllLines(Path.Combine(FixtureDumps.Folder(Dump), "crash", "list-task-struct-tasks-s-task-struct-pid-comm-state-h-init-task.txt"));
        Assert.Equal(stored[..20], lines[..20]);
        Assert.Equal("list: stopped after 5 entries (the shell's cap; crash has none)", lines[20]);
        Assert.Equal(21, lines.Length);
    }

    [Fact]
    public void Addresses_link_to_the_command_a_person_runs_next()
    {
        using var source = new FileByteSource(FixtureDumps.DumpPath(Dump));
        var shell = Open(source, CrashCommands.WithDisassembler(new IcedInstructionDecoder()));
        var list = shell.Execute(TasksList);
        var first = list.Links[0];
        Assert.Equal(list.Text[..first.Length], list.Text.Substring(first.Start, first.Length));
        Assert.Equal("struct task_struct " + list.Text[..first.Length], first.Command);
        var sym = shell.Execute("sym jiffies");
        Assert.Equal("rd " + sym.Text[..16].TrimStart('0'), sym.Links.Single().Command);
        var text = shell.Execute("sym sysrq_handle_crash");
        Assert.Equal("dis " + text.Text[..16].TrimStart('0'), text.Links.Single().Command);
        var dis = shell.Execute("dis sysrq_handle_crash");
        Assert.All(dis.Links, l => Assert.Equal("sym " + dis.Text.Substring(l.Start + 2, l.Length - 2), l.Command));
    }

    [Fact]
    public void A_cancelled_command_stops_and_says_so()
    {
        using var source = new FileByteSource(FixtureDumps.DumpPath(Dump));
        var shell = Open(source, CrashCommands.Default);
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        foreach (string command in new[] { TasksList, "rd init_task 100000", "struct task_struct init_task" })
            Assert.True(shell.Execute(command, cancelled.Token).Cancelled, command);
    }

    [Fact]
    public void Dis_is_only_there_when_the_host_gives_a_decoder()
    {
        using var source = new FileByteSource(FixtureDumps.DumpPath(Dump));
        Assert.Equal("crash: command not found: dis\n", Open(source, CrashCommands.Default).Execute("dis panic").Text);
        // Source lines come from the debug kernel's line tables: kallsyms and BTF have none.
        var withoutDebugKernel = new CrashShell(KernelTarget.Open(source), null, new CrashShellNames("vmlinux", "dump.zlib"), CrashCommands.WithDisassembler(new IcedInstructionDecoder()));
        Assert.StartsWith("dis: -l: source lines need a debug kernel's DWARF line tables", withoutDebugKernel.Execute("dis -l panic").Text, StringComparison.Ordinal);
    }
}
