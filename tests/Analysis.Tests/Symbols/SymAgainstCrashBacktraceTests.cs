using System.Text.RegularExpressions;
using Crashdesk.Analysis.Context;
using Crashdesk.Analysis.IO;
using Crashdesk.Analysis.Kernel;
using Crashdesk.Analysis.Symbols;
using Crashdesk.Analysis.Tests.Support;
using Xunit.Abstractions;

namespace Crashdesk.Analysis.Tests.Symbols;

/// <summary>
/// `sym` names the same function as crash
/// for every `at &lt;address&gt;` in crash's bt-a.txt and the same function+offset for every
/// `[exception RIP: …]`, module frames included (`[corpus_crash]`, from the module's own symbol
/// table in memory), both from the dump alone (kallsyms, BTF) and with the debug kernel.
/// </summary>
public partial class SymAgainstCrashBacktraceTests(ITestOutputHelper output)
{
    [GeneratedRegex(@"^\s*#\d+ \[[0-9a-f]+\] (?<name>\S+) at (?<addr>[0-9a-f]{16})(?: \[(?<module>\S+)\])?\s*$")]
    private static partial Regex FrameLine();

    [GeneratedRegex(@"\[exception RIP: (?<where>[^\]]+)\]")]
    private static partial Regex ExceptionLine();

    [GeneratedRegex(@"^\s*RIP: (?<addr>[0-9a-f]{16})")]
    private static partial Regex RipLine();

    public static TheoryData<string, bool> DumpsWithAndWithoutVmlinux()
    {
        var data = new TheoryData<string, bool>();
        foreach (string folder in Support.Fixtures.DumpFolders())
        {
            data.Add(Support.Fixtures.Id(folder), false);
            data.Add(Support.Fixtures.Id(folder), true);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(DumpsWithAndWithoutVmlinux))]
    public void SymNamesEveryCrashFrameAndExceptionRip(string id, bool withVmlinux)
    {
        string folder = Path.Combine(Support.Fixtures.Dumps, id);
        using var source = new FileByteSource(Support.Fixtures.DumpFile(folder));
        var debug = withVmlinux ? DebugKernels.Get(id.Split('/')[0]) : null;
        var context = KernelContextFactory.Create(KernelTarget.Open(source), debug);
        Assert.StartsWith(withVmlinux ? "debug kernel" : "kallsyms in the dump", context.SymbolOrigin);

        string[] lines = File.ReadAllLines(Path.Combine(folder, "crash", "bt-a.txt"));
        int frames = 0, moduleFrames = 0, exceptions = 0;
        for (int i = 0; i < lines.Length; i++)
        {
            if (FrameLine().Match(lines[i]) is { Success: true } f)
            {
                string query = f.Groups["addr"].Value;
                Assert.True(SymLookup.TryDescribe(context.Symbols, query, out string line, out var at), $"{id}: sym {query}: {line}");
                Assert.Equal(f.Groups["name"].Value, at!.Symbol.Name);
                Assert.Equal(f.Groups["module"].Success ? f.Groups["module"].Value : null, at.Symbol.Module);
                Assert.StartsWith($"{query} ({at.Symbol.Type}) {f.Groups["name"].Value}", line);
                frames++;
                moduleFrames += f.Groups["module"].Success ? 1 : 0;
            }
            if (ExceptionLine().Match(lines[i]) is { Success: true } e && i + 1 < lines.Length && RipLine().Match(lines[i + 1]) is { Success: true } rip)
            {
                string query = rip.Groups["addr"].Value;
                Assert.True(SymLookup.TryDescribe(context.Symbols, query, out string line, out var at), $"{id}: sym {query}: {line}");
                Assert.Equal(e.Groups["where"].Value, $"{at!.Symbol.Name}+{at.Offset}");
                exceptions++;
            }
        }
        output.WriteLine($"{id} {(withVmlinux ? "vmlinux" : "kallsyms")}: {frames} frames ({moduleFrames} in modules), {exceptions} exception RIPs");
        Assert.True(frames > 0);
        if (id.StartsWith("debian-6.1-cloud/oops-null", StringComparison.Ordinal))
        {
            Assert.True(moduleFrames > 0, "the Debian oops has a corpus_crash frame");
            Assert.True(exceptions > 0);
        }
    }
}
