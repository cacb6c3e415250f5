using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using Crashdesk.Analysis.IO;
using Crashdesk.Analysis.Kernel;
using Crashdesk.Analysis.Shell;
using Crashdesk.Analysis.Shell.Commands;
using Crashdesk.Analysis.Tests.Support;

namespace Crashdesk.Analysis.Tests.Shell;

/// <summary>One shell per fixture dump with its debug kernel, open for the whole run (the dump file stays open with it).</summary>
public static partial class ShellFixtures
{
    private static readonly ConcurrentDictionary<string, Lazy<CrashShell>> _open = new();

    public static CrashShell Open(string id) => _open.GetOrAdd(id, k => new Lazy<CrashShell>(() =>
    {
        var source = new FileByteSource(FixtureDumps.DumpPath(k));
        return new CrashShell(KernelTarget.Open(source), DebugKernels.Get(AnalyzedFixtures.Kernel(k)), new CrashShellNames("vmlinux", Path.GetFileName(FixtureDumps.DumpPath(k))), CrashCommands.Default);
    })).Value;

    /// <summary>A shell on <paramref name="source"/> without a debug kernel (kallsyms and BTF from the dump), crash's default commands.</summary>
    public static CrashShell OpenWithoutDebugKernel(FileByteSource source) =>
        new(KernelTarget.Open(source), null, new CrashShellNames("vmlinux", Path.GetFileName(source.Name)), CrashCommands.Default);

    /// <summary>Runs <paramref name="line"/> and asserts it ran without an error.</summary>
    public static ShellReply Run(string id, string line)
    {
        var reply = Open(id).Execute(line);
        Assert.Null(reply.Error);
        Assert.False(reply.Truncated);
        Assert.False(reply.Cancelled);
        return reply;
    }

    /// <summary>Every dump whose folder has crash/<paramref name="file"/>.</summary>
    public static TheoryData<string> WithCrash(string file)
    {
        var data = new TheoryData<string>();
        foreach (var folder in Support.Fixtures.DumpFolders())
            if (File.Exists(Path.Combine(folder, "crash", file)))
                data.Add(Support.Fixtures.Id(folder));
        return data;
    }

    /// <summary>The text a link covers.</summary>
    public static string LinkText(ShellReply reply, ShellLink link) => reply.Text.Substring(link.Start, link.Length);

    [GeneratedRegex(@"^PID: (?<pid>\d+) +TASK: (?<task>[0-9a-f]+) +CPU: (?<cpu>\d+) ")]
    public static partial Regex BtHeader();

    [GeneratedRegex(@"^ ?#\d+ \[(?<slot>[0-9a-f]{16})\] (?<fn>\S+) at (?<pc>[0-9a-f]{16})")]
    public static partial Regex BtFrame();

    /// <summary>A `bt` text's blocks: PID, task address and the frame functions (clone suffixes normalised as the references compare them).</summary>
    public static List<(int Pid, ulong Task, List<string> Functions)> Blocks(string text)
    {
        var blocks = new List<(int, ulong, List<string>)>();
        foreach (string line in text.Split('\n'))
        {
            if (BtHeader().Match(line) is { Success: true } h)
                blocks.Add((int.Parse(h.Groups["pid"].Value, System.Globalization.CultureInfo.InvariantCulture), Convert.ToUInt64(h.Groups["task"].Value, 16), []));
            else if (BtFrame().Match(line) is { Success: true } f && blocks.Count > 0)
                blocks[^1].Item3.Add(f.Groups["fn"].Value == "(unknown)" ? "?" : Extractors.Backtrace.ReferenceFrames.Normalize(f.Groups["fn"].Value));
        }
        return blocks;
    }
}
