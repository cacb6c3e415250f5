using System.Diagnostics;
using Crashdesk.Analysis.IO;
using Crashdesk.Analysis.Kernel;
using Crashdesk.Analysis.Shell;
using Crashdesk.Analysis.Shell.Commands;
using Crashdesk.Analysis.Tests.Support;

namespace Crashdesk.Analysis.Tests.Shell;

/// <summary>Tab completion of symbols and type names after the commands that take them.</summary>
public sealed class ShellCompletionTests
{
    private const string Dump = "debian-6.1-cloud/sysrq-c/kdump-zlib";

    private static CrashShell Open(FileByteSource source) =>
        new(KernelTarget.Open(source), DebugKernels.Get("debian-6.1-cloud"), new CrashShellNames("vmlinux", "dump.zlib"), CrashCommands.Default);

    [Theory]
    [InlineData("p ", "jiff")]
    [InlineData("rd -s ", "init_")]
    [InlineData("sym ", "sysrq_handle_")]
    [InlineData("px ", "corpus_")]
    public void Symbols_complete_to_the_first_names_in_order_that_start_with_the_prefix(string command, string prefix)
    {
        using var source = new FileByteSource(FixtureDumps.DumpPath(Dump));
        var shell = Open(source);
        // The oracle: every symbol of the dump's table, filtered and sorted the slow way.
        var expected = shell.Context.Symbols.Symbols.Select(s => s.Name).Where(n => n.StartsWith(prefix, StringComparison.Ordinal))
            .Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).Take(20).ToList();
        Assert.NotEmpty(expected);
        Assert.Equal(expected, shell.Complete(command + prefix, max: 20));
    }

    [Fact]
    public void Symbol_completion_is_bounded_and_fast()
    {
        using var source = new FileByteSource(FixtureDumps.DumpPath(Dump));
        var shell = Open(source);
        Assert.Equal(5, shell.Complete("p s", max: 5).Count);
        var clock = Stopwatch.StartNew();
        for (int i = 0; i < 2000; i++)
            Assert.NotEmpty(shell.Complete("rd " + (char)('a' + i % 26), max: 50));
        // 2 000 key presses over 150 000+ names: a scan per key press would take seconds.
        Assert.True(clock.ElapsedMilliseconds < 1000, $"2000 completions took {clock.ElapsedMilliseconds} ms");
    }

    [Fact]
    public void Struct_names_complete_after_struct_and_list_s_and_members_after_a_dot()
    {
        using var source = new FileByteSource(FixtureDumps.DumpPath(Dump));
        var shell = Open(source);
        // crash's struct references exist for these types, so they are struct names of this kernel.
        foreach (string file in Directory.GetFiles(Path.Combine(Fixtures.Root, "kernels", "debian-6.1-cloud", "crash"), "struct-*.txt"))
        {
            string name = Path.GetFileNameWithoutExtension(file)["struct-".Length..];
            Assert.Contains(name, shell.Complete("struct " + name[..Math.Min(4, name.Length)], max: 10_000));
        }
        Assert.Contains("task_struct", shell.Complete("list task_struct.tasks -s task_st", max: 50));
        Assert.Empty(shell.Complete("struct task_struct ffff", max: 50));
        var members = shell.Complete("struct task_struct.pid,co", max: 50);
        Assert.Contains("task_struct.pid,comm", members);
        Assert.All(members, m => Assert.StartsWith("task_struct.pid,co", m, StringComparison.Ordinal));
        Assert.Contains("task_struct.thread.sp", shell.Complete("struct task_struct.thread.s", max: 50));
        Assert.Empty(shell.Complete("union task_stru", max: 50));
    }
}
