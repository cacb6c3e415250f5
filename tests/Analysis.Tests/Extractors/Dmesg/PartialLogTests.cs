using System.Text.RegularExpressions;
using Crashdesk.Analysis.Extractors.Dmesg;
using Crashdesk.Analysis.Formats;
using Crashdesk.Analysis.IO;
using Crashdesk.Analysis.Kernel;
using Crashdesk.Analysis.Tests.Support;

namespace Crashdesk.Analysis.Tests.Extractors.Dmesg;

/// <summary>
/// A dump cut inside the printk rings still gives every record it holds: real fixtures cut (in
/// memory) at lengths where some but not all records are readable print some of crash's `log`
/// lines, in crash's order, and say which records are missing and that the file is truncated —
/// in the log, and in the report's kernel log and failures.
/// </summary>
public sealed partial class PartialLogTests
{
    public static TheoryData<string> Dumps() => new()
    {
        "debian-6.1-cloud/sysrq-c/kdump-zlib",
        "mini-6.1-lockdep/sysrq-c/kdump-zstd",
        "mini-6.1-lockdep/warn/kdump-elf31",
    };

    [GeneratedRegex(@"^(the text of )?records? \d+(–\d+)? of \d+ \((descriptors|printk_info|text) at 0x[0-9a-f]+–0x[0-9a-f]+\) (is|are) not in the dump: ")]
    private static partial Regex GapSentence();

    [Theory]
    [MemberData(nameof(Dumps))]
    public void A_cut_log_prints_the_records_it_holds_in_crash_order_and_names_the_gap(string id)
    {
        byte[] whole = File.ReadAllBytes(FixtureDumps.DumpPath(id));
        var crash = FixtureDumps.CrashLogLines(id);
        foreach (long length in PartialLogCuts.Find(whole, id, samples: 3))
        {
            using var cut = new MemoryByteSource(whole.AsMemory(0, (int)length), "dump");
            var target = KernelTarget.Open(cut);
            var log = KernelLogExtractor.Extract(target);
            var lines = log.ToCrashLines();
            Assert.True(lines.Count > 0 && lines.Count < crash.Length, $"{id} cut at {length}: {lines.Count} of {crash.Length} lines");
            Assert.True(PartialLogCuts.IsOrderedSubset(lines, crash), $"{id} cut at {length}: a printed line is not crash's");
            var problems = log.Problems(target.FileInfo).ToList();
            Assert.NotEmpty(log.Missing);
            Assert.All(log.Missing.Zip(problems), p =>
            {
                Assert.Matches(GapSentence(), p.Second);
                Assert.EndsWith(TruncationNote.Text, p.Second);
            });
            // A run that reaches the newest record leaves crash's first lines: a prefix.
            if (Regex.Match(log.Missing[^1], @"–(\d+) of (\d+)") is { Success: true } m && m.Groups[1].Value == m.Groups[2].Value)
                Assert.Equal(crash[..lines.Count], lines);
        }
    }

    [Theory]
    [MemberData(nameof(Dumps))]
    public void The_report_of_a_cut_dump_keeps_the_partial_log_and_says_what_is_missing(string id)
    {
        byte[] whole = File.ReadAllBytes(FixtureDumps.DumpPath(id));
        long length = PartialLogCuts.Find(whole, id, samples: 1)[0];
        using var cut = new MemoryByteSource(whole.AsMemory(0, (int)length), "dump");

        var report = DumpAnalyzer.Analyze(cut, new AnalysisOptions { Extractors = new HashSet<string> { "kernel-log" } });

        Assert.NotNull(report.KernelLog);
        var lines = report.KernelLog!.TrimEnd('\n').Split('\n');
        Assert.True(PartialLogCuts.IsOrderedSubset(lines, FixtureDumps.CrashLogLines(id)));
        var gaps = report.Failures.Where(f => f.Extractor == "kernel-log").ToList();
        Assert.NotEmpty(gaps);
        Assert.All(gaps, g => Assert.Matches(GapSentence(), g.Message));
    }
}
