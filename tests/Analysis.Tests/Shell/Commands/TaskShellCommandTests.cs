using Crashdesk.Analysis.IO;
using Crashdesk.Analysis.Kernel;
using Crashdesk.Analysis.Shell;
using Crashdesk.Analysis.Shell.Commands;
using Crashdesk.Analysis.Tests.Support;

namespace Crashdesk.Analysis.Tests.Shell.Commands;

/// <summary>
/// `task`: crash's header (the first line of crash's bt.txt for the panic task, byte for byte) and then
/// what the shell's `struct task_struct ADDR` prints — here a stand-in `struct` that records what it
/// was asked for, so the test checks the delegation, not the struct printer (which has its own tests).
/// </summary>
public sealed class TaskShellCommandTests
{
    public static TheoryData<string> WithDrgn() => AnalyzedFixtures.WithDrgn();

    private sealed class RecordingStruct : IShellCommand
    {
        public string Name => "struct";

        public string Summary => "stand-in";

        public string Usage => "struct";

        public void Run(CrashShell shell, ShellInvocation invocation, ShellOutput output, CancellationToken cancellationToken) =>
            output.WriteLine("<" + string.Join(' ', invocation.Words) + ">");
    }

    private static CrashShell Open(string id, FileByteSource source) =>
        new(KernelTarget.Open(source), DebugKernels.Get(AnalyzedFixtures.Kernel(id)), new CrashShellNames("vmlinux", "dump"),
            new ShellCommandSet(CrashCommands.Default.All.Where(c => c.Name != "struct").Append(new RecordingStruct())));

    [Theory]
    [MemberData(nameof(WithDrgn))]
    public void Task_is_crashs_header_then_the_task_struct_at_its_address(string id)
    {
        using var source = new FileByteSource(FixtureDumps.DumpPath(id));
        var shell = Open(id, source);
        string crashHeader = File.ReadLines(Path.Combine(FixtureDumps.Folder(id), "crash", "bt.txt")).First();
        string task = FixtureDumps.Meta(id).GetProperty("panic_task").GetString()!;
        var reply = shell.Execute("task");
        Assert.Null(reply.Error);
        Assert.Equal($"{crashHeader}\n<task_struct {task}>\n", reply.Text);
        Assert.Contains(reply.Links, l => l.Command == "struct task_struct " + task && reply.Text.Substring(l.Start, l.Length) == task);
        int pid = FixtureDumps.Meta(id).GetProperty("panic_pid").GetInt32();
        Assert.Equal(reply.Text, shell.Execute($"task {pid}").Text);
        Assert.Equal(reply.Text, shell.Execute($"task {task}").Text);
    }

    [Fact]
    public void Several_tasks_are_separated_and_a_bad_one_is_crashs_error()
    {
        const string id = "debian-6.1-cloud/hung-mutex/kdump-zstd";
        using var source = new FileByteSource(FixtureDumps.DumpPath(id));
        var shell = Open(id, source);
        var both = shell.Execute("task 1 2").Text.Split("\n\n");
        Assert.Equal(2, both.Length);
        Assert.StartsWith("PID: 1 ", both[0], StringComparison.Ordinal);
        Assert.StartsWith("PID: 2 ", both[1], StringComparison.Ordinal);
        Assert.Equal("task: invalid task or pid value: 99999\n", shell.Execute("task 99999").Text);
    }
}
