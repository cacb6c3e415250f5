using Crashdesk.Analysis.Extractors.Dmesg;
using Crashdesk.Analysis.IO;
using Crashdesk.Analysis.Kernel;
using Crashdesk.Analysis.Tests.Support;

namespace Crashdesk.Analysis.Tests.Extractors.Dmesg;

/// <summary>The kernel log of every fixture equals crash 8.0.2's `log`, line for line.</summary>
public class FixtureLogTests
{
    [Theory]
    [MemberData(nameof(FixtureDumps.All), MemberType = typeof(FixtureDumps))]
    public void Log_equals_crash_log_line_for_line(string id)
    {
        using var source = new FileByteSource(FixtureDumps.DumpPath(id));
        var target = KernelTarget.Open(source);
        var ours = KernelLogExtractor.Extract(target).ToCrashLines();
        var crash = FixtureDumps.CrashLogLines(id);
        Assert.True(crash.Length > 100, $"{id}: reference log too short");
        for (int i = 0; i < Math.Min(ours.Count, crash.Length); i++)
            Assert.True(crash[i] == ours[i], $"{id} line {i + 1}:\n crash: {crash[i]}\n ours:  {ours[i]}");
        Assert.Equal(crash.Length, ours.Count);
    }

    [Theory]
    [MemberData(nameof(FixtureDumps.All), MemberType = typeof(FixtureDumps))]
    public void Panic_line_matches_meta(string id)
    {
        using var source = new FileByteSource(FixtureDumps.DumpPath(id));
        var report = DumpAnalyzer.Analyze(source);
        Assert.Empty(report.Failures);
        Assert.Equal(FixtureDumps.Meta(id).GetProperty("crash_panic").GetString(), report.PanicLine);
        Assert.Equal(string.Join('\n', FixtureDumps.CrashLogLines(id)) + "\n", report.KernelLog);
    }

    [Fact]
    public void Makedumpfile_dmesg_is_the_same_reference_where_it_exists()
    {
        // Guards the premise the benchmark relies on: makedumpfile's output equals crash's.
        foreach (var folder in Support.Fixtures.DumpFolders())
        {
            string md = Path.Combine(folder, "makedumpfile-dmesg.txt");
            if (File.Exists(md))
                Assert.Equal(File.ReadAllText(Path.Combine(folder, "crash", "log.txt")), File.ReadAllText(md));
        }
    }
}
