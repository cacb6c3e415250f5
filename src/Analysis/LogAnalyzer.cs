using System.Text.RegularExpressions;
using Crashdesk.Analysis.IO;
using Crashdesk.Analysis.Reports;
using Crashdesk.Analysis.Triage;

namespace Crashdesk.Analysis;

/// <summary>
/// The engine's entry point for a text log instead of a dump (console capture, vmcore-dmesg.txt,
/// /var/log/messages, journalctl -k): reads a bounded part of it (head and end), decodes it safely, runs the log
/// triage and returns an <see cref="AnalysisReport"/> of the same shape as
/// <see cref="DumpAnalyzer"/>'s — the triage, the panic line and the log text, with every part that
/// needs the vmcore's memory listed in <see cref="AnalysisReport.Skipped"/> as not available.
/// </summary>
public static partial class LogAnalyzer
{
    /// <summary>Prefix of every <see cref="AnalysisReport.Skipped"/> message of a log report.</summary>
    public const string NotAvailable = "not available from a console log";

    /// <summary>Bytes examined for kernel-log markers when a text file was uploaded as a dump.</summary>
    private const int MarkerBytes = 256 << 10;

    // What the parts a log cannot give would need (AnalysisReport's fields in DumpAnalyzer's order).
    private static readonly (string Extractor, string Why)[] _dumpOnly =
    [
        ("sys", "the system facts (CPUs, memory, load, uptime) are read from the vmcore"),
        ("tasks", "the task list is read from the vmcore's memory (a SysRq-t dump in the log is in the triage)"),
        ("kmem", "memory usage is read from the vmcore's memory"),
        ("backtraces", "per-task stacks are unwound from the vmcore's memory (the log's call traces are in the triage)"),
        ("locks", "lock owners and waiters are read from the vmcore's memory (the log's \"locks held\" blocks are in the triage)"),
        ("modules", "the module list is read from the vmcore's memory"),
    ];

    [GeneratedRegex(@"^\s*(?:<\d{1,3}>)?\[\s*\d+\.\d+\]|\skernel(?:\[\d+\])?: |Linux version \d|Kernel panic - not syncing|Call Trace:|\bRIP: [0-9a-f]{4}:", RegexOptions.Multiline)]
    private static partial Regex KernelLogMarker();

    /// <summary>
    /// True when <paramref name="source"/> is text rather than binary: no dump format's magic, and a head
    /// that is mostly printable or UTF-8, runs of NULs or other control bytes (console noise) counted once
    /// each (<see cref="Formats.Detection.TextProbe"/>).
    /// </summary>
    public static bool LooksLikeText(IByteSource source) => Formats.Detection.TextProbe.LooksLikeText(source);

    /// <summary>
    /// True when <paramref name="source"/> is text holding kernel-log lines (printk timestamps, syslog
    /// `kernel:` lines, a `Linux version` banner, a panic, a call trace) in its first 256 KiB: what
    /// tells a log uploaded as a vmcore from meeting notes uploaded by mistake.
    /// </summary>
    public static bool LooksLikeKernelLog(IByteSource source)
    {
        if (!LooksLikeText(source))
            return false;
        var head = new byte[(int)Math.Min(source.Length, MarkerBytes)];
        int n = ReadFully(source, head, 0);
        return KernelLogMarker().IsMatch(LogTextDecoder.Decode(head.AsSpan(0, n)).Text);
    }

    /// <summary>
    /// Analyses the text log read from <paramref name="log"/> (at most <see cref="AnalysisLimits.MaxLogFileBytes"/>
    /// bytes: its head and its end, see <see cref="ReadBounded"/>). Never throws for its content: any bytes decode to some text, and a log
    /// without a crash gives a report whose triage has no reports.
    /// </summary>
    public static AnalysisReport Analyze(IByteSource log, AnalysisLimits? limits = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(log);
        limits ??= AnalysisLimits.Default;
        cancellationToken.ThrowIfCancellationRequested();
        long length = log.Length;
        var (text, encoding, read) = ReadBounded(log, limits.MaxLogFileBytes);
        cancellationToken.ThrowIfCancellationRequested();
        return Analyze(text, new LogSummary
        {
            Name = log.Name,
            Bytes = length,
            BytesRead = read,
            Truncated = read < length,
            Encoding = encoding,
        }, limits, cancellationToken);
    }

    /// <summary>Analyses already decoded log text; <paramref name="summary"/> describes where it came from.</summary>
    public static AnalysisReport Analyze(string text, LogSummary summary, AnalysisLimits? limits = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(summary);
        limits ??= AnalysisLimits.Default;
        // One line ending, as crash's `log` prints: the case page and the triage's line numbers agree.
        text = text.Replace("\r\n", "\n", StringComparison.Ordinal);
        var failures = new List<ExtractorFailure>();
        // The lines are read once, for the triage and the panic line: a log's size in lines is its cost.
        var lines = LogLineReader.Read(text, limits.MaxTriageLines, limits.MaxTriageLineChars, out var stats);
        var triage = DumpAnalyzer.Run("triage", () => LogTriage.Analyze(lines, stats, limits), failures, cancellationToken);
        cancellationToken.ThrowIfCancellationRequested();
        var skipped = new List<ExtractorFailure>(_dumpOnly.Length);
        foreach (var (extractor, why) in _dumpOnly)
            skipped.Add(new ExtractorFailure(extractor, $"{NotAvailable}: {why}"));
        if (summary.Truncated)
            failures.Add(new ExtractorFailure("log", $"{summary.Name} is {summary.Bytes} bytes: only {summary.BytesRead} bytes (the limit: its first quarter and its end) were analysed"));
        return new AnalysisReport
        {
            Log = summary with { Lines = CountLines(text), KernelRelease = triage?.Primary?.KernelRelease },
            PanicLine = FindPanicLine(lines),
            KernelLog = text,
            SymbolOrigin = "none",
            TypeOrigin = "none",
            Triage = triage,
            Failures = failures,
            Skipped = skipped,
        };
    }

    /// <summary>
    /// The line crash's `sys` would show as PANIC, by <see cref="Extractors.Dmesg.PanicLineFinder"/>'s
    /// rules: the first "Kernel panic - not syncing" line, else the first "Oops: ", else the first "BUG: ".
    /// </summary>
    private static string? FindPanicLine(List<LogLine> lines)
    {
        string? oops = null, bug = null;
        foreach (var line in lines)
        {
            string t = line.Text;
            if (t.StartsWith("Kernel panic - not syncing", StringComparison.Ordinal))
                return t;
            if (oops is null && t.StartsWith("Oops: ", StringComparison.Ordinal))
                oops = t;
            if (bug is null && t.Contains("BUG: ", StringComparison.Ordinal))
                bug = t[t.IndexOf("BUG: ", StringComparison.Ordinal)..];
        }
        return oops ?? bug;
    }

    /// <summary>Lines as an editor counts them: a final line without its newline counts, the empty tail after one does not.</summary>
    private static int CountLines(string text) =>
        text.Length == 0 ? 0 : text.AsSpan().Count('\n') + (text[^1] == '\n' ? 0 : 1);

    /// <summary>
    /// The whole log when it fits in <paramref name="limit"/> bytes; else its first quarter (the boot:
    /// release, command line, hardware) and the rest of the budget from its end, where a long
    /// /var/log/messages or console capture holds the crash that ended it, joined at line boundaries
    /// by one line saying how much was left out.
    /// </summary>
    private static (string Text, string Encoding, int BytesRead) ReadBounded(IByteSource log, long limit)
    {
        long length = log.Length;
        if (length <= limit)
        {
            var all = new byte[(int)Math.Max(length, 0)];
            int n = ReadFully(log, all, 0);
            var (text, encoding) = LogTextDecoder.Decode(all.AsSpan(0, n));
            return (text, encoding, n);
        }
        int headBytes = (int)(limit / 4), tailBytes = (int)(limit - headBytes);
        var head = new byte[headBytes];
        var tail = new byte[tailBytes];
        int headRead = ReadFully(log, head, 0);
        int tailRead = ReadFully(log, tail, length - tailBytes);
        var (headText, headEncoding) = LogTextDecoder.Decode(head.AsSpan(0, headRead));
        var (tailText, _) = LogTextDecoder.Decode(tail.AsSpan(0, tailRead));
        // Whole lines only: the head up to its last line end, the tail from its first.
        int headEnd = headText.LastIndexOf('\n');
        int tailStart = tailText.IndexOf('\n');
        headText = headEnd < 0 ? "" : headText[..(headEnd + 1)];
        tailText = tailStart < 0 ? tailText : tailText[(tailStart + 1)..];
        long omitted = length - headRead - tailRead;
        return ($"{headText}[crashdesk: {omitted} bytes of the log left out here (limit {limit} bytes)]\n{tailText}", headEncoding, headRead + tailRead);
    }

    private static int ReadFully(IByteSource source, byte[] buffer, long offset)
    {
        int total = 0;
        while (total < buffer.Length)
        {
            int n = source.Read(offset + total, buffer.AsSpan(total));
            if (n <= 0)
                break;
            total += n;
        }
        return total;
    }
}
