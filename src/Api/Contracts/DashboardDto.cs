using Crashdesk.Core.Dashboard;
using Crashdesk.Core.Domain;

namespace Crashdesk.Api.Contracts;

/// <summary>
/// The desk at a glance. <c>queue.workers</c> is null with <c>queue.workersUnknownReason</c> when the job
/// system did not answer (unknown, not "no workers"); <c>queue.oldestQueuedSeconds</c> null: nothing waits.
/// </summary>
public sealed record DashboardSummaryDto(
    DateTimeOffset At, int OpenCases, IReadOnlyList<StatusCount> OpenByStatus, IReadOnlyList<AssigneeCount> OpenByAssignee,
    IReadOnlyList<GrowingGroup> GrowingGroups, AnalysisQueueHealth Queue, IReadOnlyList<FailedAnalysis> RecentFailures)
{
    public static DashboardSummaryDto Of(DashboardSummary s) =>
        new(s.At, s.OpenCases, [.. s.OpenByStatus.Select(c => new StatusCount(CaseWorkflow.Name(c.Status), c.Cases))], s.OpenByAssignee,
            s.GrowingGroups, s.Queue, s.RecentFailures);
}

/// <summary>
/// Open cases of one status, the status by its wire name. Named as Core's record was when the API
/// served that one, so the OpenAPI document's schema keeps its name.
/// </summary>
public sealed record StatusCount(string Status, int Cases);

/// <summary>Cases opened and closed per ISO week (<c>weeks</c>: Mondays, UTC, oldest first) by crash class, one count per week in each series.</summary>
public sealed record DashboardWeeklyDto(IReadOnlyList<DateOnly> Weeks, IReadOnlyList<ClassSeries> Opened, IReadOnlyList<ClassSeries> Closed)
{
    public static DashboardWeeklyDto Of(WeeklyClassSeries s) => new(s.Weeks, s.Opened, s.Closed);
}
