using System.Diagnostics;
using System.Text;
using Crashdesk.Analysis.Reports;
using Crashdesk.Analysis.Triage;
using Crashdesk.Analysis.Tests.Support;

namespace Crashdesk.Analysis.Tests.Triage;

/// <summary>
/// A fuzzer's hostile logs, made here from a real fixture console (nothing large is committed): one
/// oops header line repeated 100 000 times, NUL and other control-byte floods, a flood of CRs. Triage
/// must stay linear in time and memory. Allocations are measured on the test's thread (the triage
/// runs on the caller's thread), which does not depend on the machine's speed the way a clock does;
/// the clock guard is generous for a shared CI machine.
/// </summary>
public sealed class TriageHostileLogTests
{
    private const string Header = "Oops: 0002 [#1] PREEMPT SMP PTI";
    private static readonly TimeSpan _guard = TimeSpan.FromSeconds(20);

    private static string Folder => FixtureDumps.Folder("debian-6.1-cloud/sysrq-c/kdump-zlib");

    public static TheoryData<string> Logs() => new() { "console.txt", "makedumpfile-dmesg.txt" };

    /// <summary>The log with <paramref name="insert"/> after its first line.</summary>
    private static string AfterFirstLine(string log, string insert)
    {
        int nl = log.IndexOf('\n', StringComparison.Ordinal) + 1;
        return string.Concat(log.AsSpan(0, nl), insert, log.AsSpan(nl));
    }

    private static (TriageResult Result, long Allocated, TimeSpan Took) Measure(Func<TriageResult> run)
    {
        long before = GC.GetAllocatedBytesForCurrentThread();
        var sw = Stopwatch.StartNew();
        var result = run();
        return (result, GC.GetAllocatedBytesForCurrentThread() - before, sw.Elapsed);
    }

    [Theory]
    [MemberData(nameof(Logs))]
    public void One_oops_header_repeated_100_000_times_is_read_once_per_line(string file)
    {
        string log = File.ReadAllText(Path.Combine(Folder, file));
        var plain = LogTriage.Analyze(log).Primary!;
        var hostile = AfterFirstLine(log, string.Concat(Enumerable.Repeat(Header + "\n", 100_000)));

        var (result, allocated, took) = Measure(() => LogTriage.Analyze(hostile));

        // No stack trace follows the headers: they are no reports; the real crash is still found.
        Assert.Equal(plain.Title, result.Primary!.Title);
        Assert.Equal(plain.Class, result.Primary.Class);
        // Before: every header re-read the 60 lines after it (6 million header matches, 37 s, 1.4 GB allocated).
        Assert.True(allocated < 256L << 20, $"allocated {allocated >> 20} MB for a {hostile.Length >> 20} MB log");
        Assert.True(took < _guard, $"took {took}");
    }

    [Fact]
    public void A_flood_of_one_hung_task_header_is_matched_once_and_the_last_kept_report_ends_at_the_first_skipped()
    {
        // Found by the fuzz smoke (tests/Fuzz, target triage: a repeated-header mutation was its slowest
        // input, 5 s); made large here: 60 MiB of this line took 214 s and 1.7 GB before. Each line is a
        // report of its own (hung tasks need no trace), so 99 800 are skipped past the cap.
        const string hung = "INFO: task sh:215 blocked for more than 120 seconds.";
        string log = File.ReadAllText(Path.Combine(Folder, "console.txt"));
        var hostile = AfterFirstLine(log, string.Concat(Enumerable.Repeat(hung + "\n", 100_000)));
        var lines = LogLineReader.Read(hostile, 1 << 22, 4096, out _);
        int cap = AnalysisLimits.Default.MaxTriageReports;

        var split = ReportSplitter.Split(lines, cap);

        Assert.Equal(cap, split.Regions.Count);
        var last = split.Regions[^1];
        // The next header (the first skipped report) ends it; before, it ran on to the end of the boot and
        // every report's episode re-read 5 000 lines of skipped headers.
        Assert.Equal(last.Start + 1, last.End);
        Assert.Equal(hung, lines[last.End].Text);
        var (result, _, took) = Measure(() => LogTriage.Analyze(hostile));
        Assert.Equal(cap, result.Reports.Count);
        Assert.True(result.SkippedReports >= 100_000 - cap, $"{result.SkippedReports} skipped");
        // Before: 22 s on this machine (200 episodes of 5 000 lines, and 122 patterns per identical line).
        Assert.True(took < TimeSpan.FromSeconds(8), $"took {took}");
    }

    [Fact]
    public void Reports_past_the_cap_are_counted_and_the_result_says_so()
    {
        string log = File.ReadAllText(Path.Combine(Folder, "console.txt"));
        // Separate reports: a WARNING (not a continuation like `Oops:`, which joins the report it
        // follows) with its trace, three lines a report (the same header again at once is one report).
        var sb = new StringBuilder();
        for (int i = 0; i < 100_000; i++)
            sb.Append("WARNING: CPU: 0 PID: 1 at kernel/x.c:1 f+0x1/0x2\nCall Trace:\n f+0x1/0x2\n");
        var hostile = AfterFirstLine(log, sb.ToString());

        var (result, _, took) = Measure(() => LogTriage.Analyze(hostile));

        int cap = AnalysisLimits.Default.MaxTriageReports;
        Assert.Equal(cap, result.Reports.Count);
        // 100 000 warnings (the console's own panic, a few hundred untimed lines after the last one,
        // continues it: ReportSplitter's continuation rule).
        Assert.Equal(100_000 - cap, result.SkippedReports);
        var note = Assert.Single(result.Notes);
        Assert.Contains($"the log holds 100000 crash reports: the first {cap} were analysed and {100_000 - cap} skipped", note);
        Assert.Contains($"a limit of {cap} reports per log", note);
        Assert.True(took < _guard, $"took {took}");
    }

    [Fact]
    public void A_CR_flood_costs_memory_in_proportion_to_the_text_not_to_its_empty_lines()
    {
        string log = File.ReadAllText(Path.Combine(Folder, "console.txt"));
        var plain = LogTriage.Analyze(log).Primary!;
        string hostile = string.Concat(log.AsSpan(0, 200), new string('\r', 4 << 20), log.AsSpan(200));

        var (result, allocated, took) = Measure(() => LogTriage.Analyze(hostile));

        Assert.Equal(plain.Title, result.Primary!.Title);
        // The line after the flood keeps its line number in the file.
        Assert.Equal(plain.Line + (4 << 20), result.Primary.Line);
        // Before: one parsed line per CR, 640 MB allocated and a 700 MB peak for a 4 MB log.
        Assert.True(allocated < 64L << 20, $"allocated {allocated >> 20} MB");
        Assert.True(took < _guard, $"took {took}");
    }

    [Theory]
    [InlineData(16 << 10, 0x00)]
    [InlineData(64 << 10, 0x00)]
    [InlineData(256 << 10, 0x00)]
    [InlineData(1 << 20, 0x00)]
    [InlineData(1 << 20, 0x01)]
    [InlineData(1 << 20, 0x1b)]
    public void A_control_byte_flood_near_the_start_is_triaged_in_linear_time(int size, byte fill)
    {
        byte[] console = File.ReadAllBytes(Path.Combine(Folder, "console.txt"));
        var plain = LogTriage.Analyze(Encoding.UTF8.GetString(console)).Primary!;
        byte[] hostile = [.. console.AsSpan(0, 200), .. Enumerable.Repeat(fill, size), .. console.AsSpan(200)];

        // Both ways in: the raw text, and the log analyser (which decodes the bytes).
        var (raw, allocated, took) = Measure(() => LogTriage.Analyze(Encoding.Latin1.GetString(hostile)));
        var report = LogAnalyzer.Analyze(new Crashdesk.Analysis.IO.MemoryByteSource(hostile, "console.txt"));

        Assert.Equal(plain.Title, raw.Primary!.Title);
        Assert.Equal(plain.Title, report.Triage!.Primary!.Title);
        Assert.True(allocated < 64L << 20, $"allocated {allocated >> 20} MB");
        Assert.True(took < _guard, $"took {took}");
    }

    [Fact]
    public void A_line_longer_than_the_cap_is_cut_and_the_result_says_so()
    {
        string log = "[    1.000000] " + new string('x', 1 << 20) + "\n" + File.ReadAllText(Path.Combine(Folder, "console.txt"));
        var result = LogTriage.Analyze(log);
        Assert.Contains(result.Notes, n => n.Contains("1 line was longer than 4096 characters", StringComparison.Ordinal));
        Assert.NotNull(result.Primary);
    }
}
