namespace Crashdesk.Web.ViewModels;

/// <summary>The filter box of the task and backtrace panels: what a typed word matches on every task.</summary>
public static class TaskFilter
{
    /// <summary>The filter trimmed, or null when it is empty (everything matches).</summary>
    public static string? Normalize(string? filter) => string.IsNullOrWhiteSpace(filter) ? null : filter.Trim();

    /// <summary>True when <paramref name="filter"/> (normalised) is part of the command or exactly the PID (case-insensitive).</summary>
    public static bool MatchesCommOrPid(string filter, string comm, int pid) =>
        comm.Contains(filter, StringComparison.OrdinalIgnoreCase)
        || pid.ToString(System.Globalization.CultureInfo.InvariantCulture) == filter;
}
