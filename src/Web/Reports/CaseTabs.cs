using Crashdesk.Web.ViewModels;

namespace Crashdesk.Web.Reports;

/// <summary>The case page's tabs: a tab is shown only when the report has what it shows.</summary>
public static class CaseTabs
{
    /// <summary>Every tab name a permalink (<c>#log</c>, <c>#console</c>…) may open.</summary>
    public static IReadOnlySet<string> Names { get; } = new HashSet<string>(StringComparer.Ordinal)
        { "overview", "log", "backtraces", "tasks", "locks", "environment", "console" };

    /// <summary>
    /// The tabs for the report <paramref name="summary"/> stands for (null: no report yet), with <paramref name="backtraces"/>
    /// backtraces and <paramref name="tasks"/> tasks drawn, and <paramref name="locks"/> when the report has a lock state.
    /// </summary>
    public static IEnumerable<(string Tab, string Label)> Of(ReportSummaryView? summary, int backtraces, int tasks, bool locks)
    {
        yield return ("overview", "Overview");
        if (summary is null)
        {
            yield return ("environment", "Environment");
            yield break;
        }
        yield return ("log", "Kernel log");
        if (backtraces > 0)
            yield return ("backtraces", "Backtraces");
        if (tasks > 0)
            yield return ("tasks", "Tasks");
        if (locks)
            yield return ("locks", "Locks");
        // crash on the stored dump: only a whole dump's report has memory behind it.
        if (summary.IsWholeDump)
            yield return ("console", "Console");
        yield return ("environment", "Environment");
    }
}
