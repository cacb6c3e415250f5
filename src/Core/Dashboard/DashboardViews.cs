using Crashdesk.Core.Domain;

namespace Crashdesk.Core.Dashboard;

/// <summary>
/// The desk at a glance: open cases by status and assignee, the groups that grow, the analysis queue
/// and its workers, the analyses that failed lately. <see cref="At"/>: when it was counted.
/// </summary>
public sealed record DashboardSummary(
    DateTimeOffset At, int OpenCases, IReadOnlyList<StatusCount> OpenByStatus, IReadOnlyList<AssigneeCount> OpenByAssignee,
    IReadOnlyList<GrowingGroup> GrowingGroups, AnalysisQueueHealth Queue, IReadOnlyList<FailedAnalysis> RecentFailures);

/// <summary>Open cases of one workflow status.</summary>
public sealed record StatusCount(CaseStatus Status, int Cases);

/// <summary>Open cases of one assignee; <see cref="UserId"/> null: nobody's yet.</summary>
public sealed record AssigneeCount(Guid? UserId, string Name, int Cases);

/// <summary>
/// A group with more cases in the last <see cref="DashboardWindows.GrowthDays"/> days than in the
/// same span before: <see cref="Recent"/> against <see cref="Previous"/>.
/// </summary>
public sealed record GrowingGroup(Guid Id, string Title, string? CrashClass, int Recent, int Previous, int Total);

/// <summary>
/// The organisation's analyses waiting and running, the oldest wait, and the job system's servers
/// (null with <see cref="WorkersUnknownReason"/> when the job storage did not answer: unknown, not zero).
/// </summary>
public sealed record AnalysisQueueHealth(
    int Queued, int Running, int FailedLastDay, int DoneLastDay, double? OldestQueuedSeconds,
    IReadOnlyList<WorkerServer>? Workers, string? WorkersUnknownReason);

/// <summary>A job server (an Api's in-process one, or a Worker): its queues, worker count and last heartbeat.</summary>
public sealed record WorkerServer(string Name, IReadOnlyList<string> Queues, int WorkerCount, DateTimeOffset StartedAt, DateTimeOffset? Heartbeat);

/// <summary>An analysis that ended failed: the case, the file and the error it ended with.</summary>
public sealed record FailedAnalysis(Guid AnalysisId, Guid CaseId, string CaseTitle, string FileName, string? Error, DateTimeOffset At);

/// <summary>
/// Cases opened and closed per ISO week (Monday, UTC) by crash class: <see cref="Weeks"/> is every
/// week of the span, oldest first, and each series has one count per week. A case without a class
/// (not analysed, or nothing recognised) is in the series <see cref="DashboardWindows.NoClass"/>.
/// </summary>
public sealed record WeeklyClassSeries(IReadOnlyList<DateOnly> Weeks, IReadOnlyList<ClassSeries> Opened, IReadOnlyList<ClassSeries> Closed);

public sealed record ClassSeries(string CrashClass, IReadOnlyList<int> Counts);

/// <summary>The spans the dashboard counts over.</summary>
public static class DashboardWindows
{
    public const int GrowthDays = 14;
    public const int MaxGrowingGroups = 10;
    public const int MaxFailures = 10;
    public const int DefaultWeeks = 12;
    public const int MaxWeeks = 104;
    public const string NoClass = "unclassified";

    /// <summary>The Monday (UTC) of the ISO week <paramref name="at"/> is in.</summary>
    public static DateOnly WeekOf(DateTimeOffset at)
    {
        var day = DateOnly.FromDateTime(at.UtcDateTime);
        int sinceMonday = ((int)day.DayOfWeek + 6) % 7;
        return day.AddDays(-sinceMonday);
    }
}
