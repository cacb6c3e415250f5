using System.Diagnostics;
using System.Text;
using Crashdesk.Analysis.Triage;

namespace Crashdesk.Analysis.Tests.Triage;

/// <summary>
/// Hostile and huge inputs: the parser must neither throw nor take time or memory that grows faster
/// than the log. Each input is built here from one real excerpt (Data/gpf-zfs-16895.txt) and noise.
/// </summary>
public sealed class TriageRobustnessTests
{
    private static readonly string _oops = TriageData.Excerpt("gpf-zfs-16895.txt");

    [Fact]
    public void A_50_MB_console_log_with_dozens_of_reports_is_triaged_in_seconds()
    {
        var sb = new StringBuilder(52 << 20);
        string[] chatter =
        [
            "usb 1-3: new high-speed USB device number 2 using xhci_hcd",
            "WARNING: workqueue cpumask: online intersect > possible intersect",
            "Call Trace information is not available",
            " ? some_func+0x1/0x2",
            "INFO: lockdep is turned off.",
        ];
        int n = 0, reports = 0;
        while (sb.Length < 50_000_000)
        {
            sb.Append('[').Append((n / 1000.0).ToString("F6", System.Globalization.CultureInfo.InvariantCulture).PadLeft(12)).Append("] ")
              .Append(chatter[n % chatter.Length]).Append('\n');
            if (++n % 20_000 == 0)
            {
                sb.Append(_oops);
                reports++;
            }
        }
        string log = sb.ToString();

        var sw = Stopwatch.StartNew();
        var result = LogTriage.Analyze(log);
        sw.Stop();

        // Every report is one general protection fault; the budget is generous for a shared CI machine
        // (about 2 s here), the point is linear time: before the episode cap it took 13 s.
        Assert.Equal(reports, result.Reports.Count);
        Assert.All(result.Reports, r => Assert.Equal(CrashClass.Gpf, r.Class));
        Assert.True(sw.Elapsed < TimeSpan.FromSeconds(20), $"took {sw.Elapsed}");
    }

    [Fact]
    public void Random_bytes_give_no_report_and_no_exception()
    {
        var rng = new Random(42);
        var bytes = new byte[4 << 20];
        rng.NextBytes(bytes);
        string junk = Encoding.Latin1.GetString(bytes);
        var result = LogTriage.Analyze(junk);
        Assert.Empty(result.Reports);
    }

    [Fact]
    public void CRLF_and_NUL_bytes_do_not_change_the_triage()
    {
        var plain = LogTriage.Analyze(_oops).Reports.Single();
        string mangled = _oops.Replace("\n", "\r\n", StringComparison.Ordinal).Replace("RIP:", "\0RIP:\u001b", StringComparison.Ordinal);
        var report = LogTriage.Analyze(mangled).Reports.Single();
        Assert.Equal(plain.Class, report.Class);
        Assert.Equal(plain.Title, report.Title);
        Assert.Equal(plain.Frames.Select(f => f.Function), report.Frames.Select(f => f.Function));
    }

    [Fact]
    public void A_30_MB_line_does_not_hide_the_report_after_it()
    {
        string log = "BUG: " + new string('A', 30_000_000) + "\n" + _oops;
        var sw = Stopwatch.StartNew();
        var reports = LogTriage.Analyze(log).Reports;
        Assert.Single(reports);
        Assert.Equal(CrashClass.Gpf, reports[0].Class);
        Assert.True(sw.Elapsed < TimeSpan.FromSeconds(10), $"took {sw.Elapsed}");
    }

    [Fact]
    public void A_flood_of_headers_stops_at_the_report_cap()
    {
        var sb = new StringBuilder();
        for (int i = 0; i < 100_000; i++)
            sb.Append('[').Append(i).Append(".000000] WARNING: CPU: 0 PID: 1 at kernel/x.c:1 f+0x1/0x2\n[").Append(i).Append(".000001] Call Trace:\n");
        var limits = new AnalysisLimits { MaxTriageReports = 50 };
        var sw = Stopwatch.StartNew();
        var reports = LogTriage.Analyze(sb.ToString(), limits).Reports;
        Assert.Equal(50, reports.Count);
        Assert.True(sw.Elapsed < TimeSpan.FromSeconds(10), $"took {sw.Elapsed}");
    }

    [Fact]
    public void A_reader_longer_than_the_character_cap_is_cut_not_loaded_whole()
    {
        var limits = new AnalysisLimits { MaxTriageChars = 1 << 20 };
        string log = _oops + new string('x', 8 << 20);
        var result = LogTriage.Analyze(new StringReader(log), limits);
        Assert.Equal(CrashClass.Gpf, result.Reports.Single().Class);
    }
}
