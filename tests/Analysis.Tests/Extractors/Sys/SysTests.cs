using Crashdesk.Analysis.Extractors.Sys;
using Crashdesk.Analysis.Tests.Support;

namespace Crashdesk.Analysis.Tests.Extractors.Sys;

/// <summary>`sys` against crash/sys.txt (TASKS and the panic task against drgn.json / meta.json).</summary>
public class SysTests
{
    [Theory]
    [MemberData(nameof(FixtureDumps.All), MemberType = typeof(FixtureDumps))]
    public void SysFieldsEqualCrashs(string id)
    {
        var report = AnalyzedFixtures.Report(id);
        var sys = report.System!;
        string dumpName = Path.GetFileName(FixtureDumps.DumpPath(id));
        var ours = Fields(SystemInfoText.Format(sys, "vmlinux", dumpName));
        var crash = Fields(File.ReadAllText(Path.Combine(FixtureDumps.Folder(id), "crash", "sys.txt")));
        foreach (var (field, value) in crash)
        {
            if (field == "TASKS")
                continue;
            string expected = field == "DUMPFILE" ? NameAndMarkers(value) : value;
            string actual = field == "DUMPFILE" ? NameAndMarkers(ours[field]) : ours[field];
            Assert.True(expected == actual, $"{id} {field}: crash '{expected}', ours '{actual}'");
        }

        // TASKS: drgn's tasks plus one idle task per CPU, as crash counts on a healthy kernel (its
        // own count on these dumps misses the tasks absent from the PID hash).
        int cpus = int.Parse(crash["CPUS"].Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture);
        string drgn = Path.Combine(FixtureDumps.Folder(id), "drgn.json");
        if (File.Exists(drgn))
            Assert.Equal((AnalyzedFixtures.DrgnTasks(id).Count + cpus).ToString(System.Globalization.CultureInfo.InvariantCulture), ours["TASKS"]);

        // The panic task: meta.json's panic_* fields, state RU.
        var meta = FixtureDumps.Meta(id);
        Assert.Equal(meta.GetProperty("panic_pid").GetInt32().ToString(System.Globalization.CultureInfo.InvariantCulture), ours["PID"]);
        Assert.Equal($"\"{meta.GetProperty("panic_comm").GetString()}\"", ours["COMMAND"]);
        Assert.StartsWith(meta.GetProperty("panic_task").GetString()!, ours["TASK"], StringComparison.Ordinal);
        Assert.Equal(meta.GetProperty("panic_cpu").GetInt32().ToString(System.Globalization.CultureInfo.InvariantCulture), ours["CPU"]);
        Assert.Equal("RU", sys.PanicTask!.State);
    }

    [Theory]
    [InlineData(0x100000000UL + 1500 - 75000, 250, 6)]
    [InlineData(0xfffb6c20UL + 5000, 1000, 5)]
    public void UptimeRemovesInitialJiffies(ulong jiffies, int hz, long seconds) =>
        Assert.Equal(seconds, SystemInfoExtractor.UptimeSeconds(jiffies, hz));

    [Theory]
    [InlineData(130944L, "511.5 MB")]
    [InlineData(262144L - 8192, "1 GB")]
    [InlineData(65408L, "255.5 MB")]
    public void MemorySizeRoundsLikeCrash(long pages, string text) =>
        Assert.Equal(text, SystemInfoExtractor.MemorySize(pages, 4096));

    private static string NameAndMarkers(string value) => Path.GetFileName(value.Split("  ")[0]) + string.Concat(value.Split("  ").Skip(1).Select(m => "|" + m.Trim()));

    private static Dictionary<string, string> Fields(string text)
    {
        var d = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (string line in text.Split('\n'))
        {
            int colon = line.IndexOf(':');
            if (colon > 0)
                d.TryAdd(line[..colon].Trim(), line[(colon + 1)..].Trim());
        }
        return d;
    }
}
