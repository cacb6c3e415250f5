using Crashdesk.Analysis;
using Crashdesk.Analysis.Extractors.Sys;
using Crashdesk.Analysis.Reports;

namespace Crashdesk.Web.ViewModels;

/// <summary>What the report summary card shows: the dump's and the crashed system's facts, or the log read, and the extractors that failed or did not run.</summary>
/// <param name="Heading">"Dump", "Dump excerpt" or "Console log".</param>
/// <param name="Dump">The dump's facts; null for a console log or a file the engine could not identify.</param>
/// <param name="System">The crashed system's facts read from the dump, if any.</param>
/// <param name="Origins">Where the symbols and types came from.</param>
/// <param name="Log">The console log read, when the report is a log's.</param>
/// <param name="Failures">Extractors that failed, with their messages.</param>
/// <param name="Skipped">Extractors not run, with why (a log's "not available" prefix left off: the heading says it).</param>
public sealed record ReportSummaryView(
    string Heading, DumpFacts? Dump, SystemFacts? System, ReportOrigins Origins, LogSummaryView? Log,
    IReadOnlyList<ExtractorNote> Failures, IReadOnlyList<ExtractorNote> Skipped)
{
    /// <summary>From the engine's report.</summary>
    public static ReportSummaryView Of(AnalysisReport report) => new(
        report.Log is not null ? "Console log" : report.Excerpt is not null ? "Dump excerpt" : "Dump",
        report.Dump is { } dump ? DumpFacts.Of(dump) : null,
        report.System is { } system ? SystemFacts.Of(system) : null,
        ReportOrigins.Of(report),
        report.Log is { } log ? LogSummaryView.Of(log) : null,
        [.. report.Failures.Select(f => new ExtractorNote(f.Extractor, f.Message))],
        [.. report.Skipped.Select(s => new ExtractorNote(s.Extractor, WithoutLogPrefix(s.Message)))])
    {
        IsWholeDump = report.Log is null && report.Excerpt is null,
    };

    /// <summary>The report is a whole dump's: memory stands behind it (a console log or an excerpt has none).</summary>
    public bool IsWholeDump { get; init; }

    private static string WithoutLogPrefix(string message) =>
        message.StartsWith(LogAnalyzer.NotAvailable + ": ", StringComparison.Ordinal) ? message[(LogAnalyzer.NotAvailable.Length + 2)..] : message;
}

/// <summary>An extractor's name and what it said (why it failed or did not run).</summary>
public sealed record ExtractorNote(string Extractor, string Message);

/// <summary>The dump file's facts (the report's DumpSummary).</summary>
public sealed record DumpFacts(
    string Format, string? Compression, int? DumpLevel, string? KernelRelease, string? KernelVersion, string? Machine, int? Cpus,
    string? NodeName, DateTimeOffset? CrashTime, long? PagesPresent, long? PagesExcluded, string? BuildId, bool Incomplete, bool Truncated)
{
    /// <summary>From the engine's record.</summary>
    public static DumpFacts Of(DumpSummary d) => new(
        d.Format, d.Compression, d.DumpLevel, d.KernelRelease, d.KernelVersion, d.Machine, d.Cpus,
        d.NodeName, d.CrashTime, d.PagesPresent, d.PagesExcluded, d.BuildId, d.Incomplete, d.Truncated);
}

/// <summary>The crashed system's facts as crash's `sys` reads them.</summary>
/// <param name="Tainted">Null: the taint mask could not be read (<paramref name="TaintWarning"/> says why, when the engine did).</param>
public sealed record SystemFacts(
    long? UptimeSeconds, string? LoadAverage, string? Memory, int? Tasks, PanicTaskFacts? PanicTask, bool? Tainted, ulong? TaintMask, string? TaintWarning)
{
    /// <summary>From the engine's record.</summary>
    public static SystemFacts Of(SystemInfo s) => new(
        s.UptimeSeconds, s.LoadAverage, s.Memory, s.Tasks,
        s.PanicTask is { } p ? new PanicTaskFacts(p.Pid, p.Comm, p.Cpu, p.Task, p.State) : null,
        s.Tainted, s.TaintMask, s.Warnings.FirstOrDefault(w => w.StartsWith("tainted_mask", StringComparison.Ordinal)));
}

/// <summary>The task that panicked: PID, command, CPU, task_struct address and crash's state.</summary>
public sealed record PanicTaskFacts(int Pid, string Comm, int Cpu, ulong Task, string State);
