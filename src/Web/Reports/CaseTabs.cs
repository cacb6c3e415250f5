using Crashdesk.Analysis.Reports;

namespace Crashdesk.Web.Reports;

/// <summary>The case page's tabs: a tab is shown only when the report has what it shows.</summary>
public static class CaseTabs
{
    /// <summary>Every tab name a permalink (<c>#log</c>, <c>#console</c>…) may open.</summary>
    public static IReadOnlySet<string> Names { get; } = new HashSet<string>(StringComparer.Ordinal)
        { "overview", "log", "backtraces", "tasks", "locks", "environment", "console" };

    /// <summary>The tabs for <paramref name="report"/> (null: no report yet), with <paramref name="backtraces"/> of them drawn.</summary>
    public static IEnumerable<(string Tab, string Label)> Of(AnalysisReport? report, int backtraces)
    {
        yield return ("overview", "Overview");
        if (report is null)
        {
            yield return ("environment", "Environment");
            yield break;
        }
        yield return ("log", "Kernel log");
        if (backtraces > 0)
            yield return ("backtraces", "Backtraces");
        if (report.Tasks is { Count: > 0 })
            yield return ("tasks", "Tasks");
        if (report.Locks is not null)
            yield return ("locks", "Locks");
        // crash on the stored dump: only a whole dump's report has memory behind it (a console log or an excerpt has none).
        if (report.Log is null && report.Excerpt is null)
            yield return ("console", "Console");
        yield return ("environment", "Environment");
    }
}
