using System.Globalization;
using Crashdesk.Analysis.Reports;
using Crashdesk.Core.Domain;

namespace Crashdesk.Core.Services;

/// <summary>
/// Anchors a note to a place in a report and finds that place again in a later report version.
/// A re-analysis (a debug kernel arrived, a newer engine) may renumber log lines and frames, so a
/// place is found again by what was there — the line's text, the frame's function, the task's
/// comm, the lock's address — and, where that is repeated, by the nearest position to the old one.
/// Positions: log line number (1-based, as the log panel numbers them), <c>pid:frame</c>, PID, lock
/// address (<c>0x…</c>).
/// </summary>
public static class NoteAnchorResolver
{
    /// <summary>The anchor for <paramref name="position"/> in <paramref name="report"/>; throws <see cref="ValidationException"/> when the report has no such place.</summary>
    public static NoteAnchor Create(NoteAnchorKind kind, string position, AnalysisReport report, int reportVersion)
    {
        string content = kind switch
        {
            NoteAnchorKind.LogLine => TryParseInt(position, out int line) && line >= 1 && line <= LogLines(report).Count
                ? LogLines(report)[line - 1] : null,
            NoteAnchorKind.Frame => TryParseFrame(position, out int pid, out int level)
                ? Frames(report, pid).FirstOrDefault(f => f.Level == level)?.Function : null,
            NoteAnchorKind.Task => TryParseInt(position, out int taskPid)
                ? (report.Tasks ?? []).FirstOrDefault(t => t.Pid == taskPid)?.Comm
                  ?? Traces(report).FirstOrDefault(t => t.Pid == taskPid)?.Comm : null,
            NoteAnchorKind.Lock => (report.Locks?.Locks ?? []).FirstOrDefault(l => SameAddress(l.Address, position))?.Name,
            _ => null,
        } ?? throw new ValidationException("anchor", $"report v{reportVersion} has no {NoteAnchors.Name(kind)} '{position}'");
        return new NoteAnchor(kind, Canonical(kind, position), Cut(content, 1000), reportVersion);
    }

    /// <summary>Where <paramref name="anchor"/> is in <paramref name="report"/> (version <paramref name="reportVersion"/>).</summary>
    public static NoteAnchorResolution Resolve(NoteAnchor anchor, AnalysisReport report, int reportVersion)
    {
        if (anchor.ReportVersion == reportVersion)
            return new(true, anchor.Position, reportVersion, null);
        string? position = anchor.Kind switch
        {
            NoteAnchorKind.LogLine => FindLine(anchor, report),
            NoteAnchorKind.Frame => FindFrame(anchor, report),
            NoteAnchorKind.Task => TryParseInt(anchor.Position, out int pid)
                && ((report.Tasks ?? []).Any(t => t.Pid == pid && t.Comm == anchor.Content) || Traces(report).Any(t => t.Pid == pid && t.Comm == anchor.Content))
                ? anchor.Position : null,
            NoteAnchorKind.Lock => (report.Locks?.Locks ?? []).FirstOrDefault(l => SameAddress(l.Address, anchor.Position))?.Address is { } address
                ? Hex(address) : null,
            _ => null,
        };
        return position is null
            ? new(false, anchor.Position, reportVersion,
                $"the {Describe(anchor)} this note was written on (report v{anchor.ReportVersion}) is not in report v{reportVersion}")
            : new(true, position, reportVersion, position == anchor.Position ? null : $"moved from {anchor.Position} in report v{anchor.ReportVersion}");
    }

    private static string? FindLine(NoteAnchor anchor, AnalysisReport report)
    {
        var lines = LogLines(report);
        TryParseInt(anchor.Position, out int was);
        int best = -1;
        for (int i = 0; i < lines.Count; i++)
        {
            if (lines[i] == anchor.Content && (best < 0 || Math.Abs(i + 1 - was) < Math.Abs(best - was)))
                best = i + 1;
        }
        return best < 0 ? null : best.ToString(CultureInfo.InvariantCulture);
    }

    private static string? FindFrame(NoteAnchor anchor, AnalysisReport report)
    {
        if (!TryParseFrame(anchor.Position, out int pid, out int was))
            return null;
        var match = Frames(report, pid).Where(f => f.Function == anchor.Content)
            .OrderBy(f => Math.Abs(f.Level - was)).FirstOrDefault();
        return match is null ? null : $"{pid}:{match.Level}";
    }

    private static string Describe(NoteAnchor anchor) => anchor.Kind switch
    {
        NoteAnchorKind.LogLine => $"log line {anchor.Position}",
        NoteAnchorKind.Frame => $"frame {anchor.Position} ({anchor.Content})",
        NoteAnchorKind.Task => $"task {anchor.Position} ({anchor.Content})",
        _ => $"lock {anchor.Position} ({anchor.Content})",
    };

    private static IReadOnlyList<string> LogLines(AnalysisReport report) => KernelLogLines.Split(report.KernelLog);

    private static IEnumerable<Analysis.Extractors.Backtrace.TaskBacktrace> Traces(AnalysisReport report) =>
        (report.ActiveBacktraces ?? []).Concat(report.TaskBacktraces ?? []);

    private static IEnumerable<Analysis.Extractors.Backtrace.BacktraceFrame> Frames(AnalysisReport report, int pid) =>
        Traces(report).FirstOrDefault(t => t.Pid == pid)?.Frames ?? [];

    private static bool TryParseInt(string text, out int value) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value);

    private static bool TryParseFrame(string text, out int pid, out int level)
    {
        level = 0;
        var parts = text.Split(':');
        return parts.Length == 2 & TryParseInt(parts[0], out pid) && TryParseInt(parts[1], out level);
    }

    private static bool SameAddress(ulong address, string text) =>
        ulong.TryParse(text.StartsWith("0x", StringComparison.OrdinalIgnoreCase) ? text[2..] : text,
            NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var parsed) && parsed == address;

    private static string Hex(ulong address) => "0x" + address.ToString("x16", CultureInfo.InvariantCulture);

    private static string Canonical(NoteAnchorKind kind, string position) => kind == NoteAnchorKind.Lock
        && ulong.TryParse(position.StartsWith("0x", StringComparison.OrdinalIgnoreCase) ? position[2..] : position,
            NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var address)
        ? Hex(address) : position.Trim();

    private static string Cut(string value, int max) => value.Length <= max ? value : value[..max];
}
