using System.Text.RegularExpressions;
using Crashdesk.Analysis.Extractors.Backtrace;
using Crashdesk.Analysis.Tests.Support;

namespace Crashdesk.Analysis.Tests.Extractors.Backtrace;

/// <summary>
/// The crash-style text against crash's own bt-a.txt where crash unwound correctly apart from its
/// stale stack-scan frames: every line we print is crash's line (frame numbers aside, since
/// crash numbers its stale frames too), in crash's order, and what we leave out is only frame lines.
/// </summary>
public partial class CrashTextTests
{
    public static TheoryData<string> Clean() => new()
    {
        "debian-6.1-cloud/sysrq-c/kdump-zlib",
        "debian-6.1-cloud/hung-mutex/kdump-zstd",
        "mini-6.1-lockdep/sysrq-c/kdump-zstd",
        "mini-6.1-lockdep/hung-mutex/kdump-zstd",
    };

    [GeneratedRegex(@"^\s*#\d+ ")]
    private static partial Regex Level();

    private static string Strip(string line) => Level().Replace(line, "#N ");

    [Theory]
    [MemberData(nameof(Clean))]
    public void BtAIsCrashsTextWithoutStaleFrames(string id)
    {
        var (_, extractor) = BacktraceFixtures.Open(id);
        string ours = CrashBacktraceText.Format(extractor.ForActiveCpus());
        var crashBlocks = Blocks(File.ReadAllText(Path.Combine(FixtureDumps.Folder(id), "crash", "bt-a.txt")));
        var ourBlocks = Blocks(ours);
        Assert.Equal(crashBlocks.Count, ourBlocks.Count);
        foreach (var (crash, mine) in crashBlocks.Zip(ourBlocks))
        {
            Assert.Equal(crash[0], mine[0]); // the PID/TASK/CPU/COMMAND header
            int at = 0;
            foreach (string line in mine.Select(Strip))
            {
                int found = crash.Select(Strip).ToList().IndexOf(line, at);
                Assert.True(found >= 0, $"{id}: our line \"{line}\" is not in crash's block (after line {at}):\n{string.Join("\n", crash)}");
                foreach (string skipped in crash.Skip(at).Take(found - at))
                    Assert.Matches(Level(), skipped); // crash's extra lines are stale frames only
                at = found + 1;
            }
        }
    }

    private static List<List<string>> Blocks(string text)
    {
        var blocks = new List<List<string>>();
        foreach (string line in text.Split('\n'))
        {
            if (line.StartsWith("PID: ", StringComparison.Ordinal))
                blocks.Add([]);
            if (line.Length > 0 && blocks.Count > 0)
                blocks[^1].Add(line);
        }
        return blocks;
    }
}
