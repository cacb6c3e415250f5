using Crashdesk.Core.Data;
using Crashdesk.Core.Domain;
using Crashdesk.Core.Services;
using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Crashdesk.Core.Dashboard;

/// <summary>
/// Counts for the dashboard, each one query on an index (cases by organisation and status, created_at,
/// closed_at; analysis jobs by status), so a wall screen refreshing every minute costs the database little.
/// The independent queries run side by side, each on a connection of its own (a DbContext runs one
/// query at a time): the page waits for the slowest, not for their sum.
/// </summary>
internal sealed class DashboardService(IServiceScopeFactory scopes, IServiceProvider services) : IDashboardService
{
    public async Task<DashboardSummary> SummaryAsync(Caller caller, CancellationToken cancellationToken = default)
    {
        var org = caller.OrganizationId;
        var now = DateTimeOffset.UtcNow;
        var open = InScopeAsync(db => OpenAsync(db, org, cancellationToken));
        var growing = InScopeAsync(db => GrowingAsync(db, org, now, cancellationToken));
        var queue = InScopeAsync(db => QueueAsync(db, org, now, cancellationToken));
        var failures = InScopeAsync(db => FailuresAsync(db, org, cancellationToken));
        await Task.WhenAll(open, growing, queue, failures);
        var (openCount, byStatus, byAssignee) = await open;
        return new DashboardSummary(now, openCount, byStatus, byAssignee, await growing, await queue, await failures);
    }

    /// <summary>Open cases by status and by assignee: one pass over the (organisation, status, assignee) index gives both.</summary>
    private static async Task<(int Open, List<StatusCount> ByStatus, List<AssigneeCount> ByAssignee)> OpenAsync(
        CrashdeskDbContext db, Guid org, CancellationToken cancellationToken)
    {
        var open = await db.Cases.AsNoTracking().Where(c => c.OrganizationId == org && c.Status != CaseStatus.Closed)
            .GroupBy(c => new { c.Status, c.AssigneeUserId }).Select(g => new { g.Key.Status, g.Key.AssigneeUserId, Count = g.Count() })
            .ToListAsync(cancellationToken);
        var byStatus = open.GroupBy(o => o.Status).Select(g => new { g.Key, Count = g.Sum(o => o.Count) }).ToList();
        var byAssignee = open.GroupBy(o => o.AssigneeUserId).Select(g => new { UserId = g.Key, Count = g.Sum(o => o.Count) }).ToList();
        var ids = byAssignee.Where(a => a.UserId != null).Select(a => a.UserId!.Value).ToList();
        var names = await db.Users.AsNoTracking().Where(u => ids.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.DisplayName, cancellationToken);

        return (byStatus.Sum(s => s.Count),
            [.. CaseWorkflow.All.Where(s => s != CaseStatus.Closed)
                .Select(s => new StatusCount(s, byStatus.FirstOrDefault(x => x.Key == s)?.Count ?? 0))],
            [.. byAssignee.Select(a => new AssigneeCount(a.UserId, a.UserId is { } id ? names.GetValueOrDefault(id, "(removed user)") : "unassigned", a.Count))
                .OrderByDescending(a => a.Cases).ThenBy(a => a.Name, StringComparer.Ordinal)]);
    }

    public async Task<WeeklyClassSeries> WeeklyAsync(Caller caller, int weeks = DashboardWindows.DefaultWeeks, CancellationToken cancellationToken = default)
    {
        weeks = Math.Clamp(weeks, 1, DashboardWindows.MaxWeeks);
        var last = DashboardWindows.WeekOf(DateTimeOffset.UtcNow);
        var first = last.AddDays(-7 * (weeks - 1));
        var from = new DateTimeOffset(first.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        var org = caller.OrganizationId;
        var opened = InScopeAsync(db => db.Database.SqlQuery<WeekClassRow>($"""
            SELECT date_trunc('week', created_at AT TIME ZONE 'UTC')::date AS "Week", crash_class AS "CrashClass", count(*)::int AS "Cases"
              FROM cases WHERE organization_id = {org} AND created_at >= {from} GROUP BY 1, 2
            """).ToListAsync(cancellationToken));
        var closed = InScopeAsync(db => db.Database.SqlQuery<WeekClassRow>($"""
            SELECT date_trunc('week', closed_at AT TIME ZONE 'UTC')::date AS "Week", crash_class AS "CrashClass", count(*)::int AS "Cases"
              FROM cases WHERE organization_id = {org} AND closed_at >= {from} GROUP BY 1, 2
            """).ToListAsync(cancellationToken));
        await Task.WhenAll(opened, closed);
        var axis = Enumerable.Range(0, weeks).Select(i => first.AddDays(7 * i)).ToList();
        return new WeeklyClassSeries(axis, Series(axis, await opened), Series(axis, await closed));
    }

    /// <summary>One series per class (most cases first), one count per week of the axis.</summary>
    private static List<ClassSeries> Series(List<DateOnly> axis, List<WeekClassRow> rows)
    {
        var index = axis.Select((week, i) => (week, i)).ToDictionary(x => x.week, x => x.i);
        return [.. rows.GroupBy(r => r.CrashClass ?? DashboardWindows.NoClass)
            .Select(g =>
            {
                var counts = new int[axis.Count];
                foreach (var row in g)
                    if (index.TryGetValue(row.Week, out int i))
                        counts[i] += row.Cases;
                return new ClassSeries(g.Key, counts);
            })
            .OrderByDescending(s => s.Counts.Sum()).ThenBy(s => s.CrashClass, StringComparer.Ordinal)];
    }

    private static async Task<List<GrowingGroup>> GrowingAsync(CrashdeskDbContext db, Guid org, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var split = now.AddDays(-DashboardWindows.GrowthDays);
        var from = now.AddDays(-2 * DashboardWindows.GrowthDays);
        var rows = await db.Database.SqlQuery<GrowingRow>($"""
            SELECT g.id AS "Id", g.title AS "Title", g.crash_class AS "CrashClass", s.recent AS "Recent", s.previous AS "Previous",
                   (SELECT count(*)::int FROM cases t WHERE t.group_id = g.id) AS "Total"
              FROM (SELECT group_id, count(*) FILTER (WHERE created_at >= {split})::int AS recent,
                           count(*) FILTER (WHERE created_at < {split})::int AS previous
                      FROM cases WHERE organization_id = {org} AND created_at >= {from} AND group_id IS NOT NULL
                     GROUP BY group_id) s
              JOIN crash_groups g ON g.id = s.group_id
             WHERE s.recent > s.previous
             ORDER BY s.recent - s.previous DESC, s.recent DESC, g.id
             LIMIT {DashboardWindows.MaxGrowingGroups}
            """).ToListAsync(cancellationToken);
        return [.. rows.Select(r => new GrowingGroup(r.Id, r.Title, r.CrashClass, r.Recent, r.Previous, r.Total))];
    }

    private async Task<AnalysisQueueHealth> QueueAsync(CrashdeskDbContext db, Guid org, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var dayAgo = now.AddDays(-1);
        var counts = await db.Database.SqlQuery<QueueRow>($"""
            SELECT count(*) FILTER (WHERE j.status = 'queued')::int AS "Queued",
                   count(*) FILTER (WHERE j.status = 'running')::int AS "Running",
                   count(*) FILTER (WHERE j.status = 'failed' AND j.finished_at >= {dayAgo})::int AS "FailedLastDay",
                   count(*) FILTER (WHERE j.status = 'done' AND j.finished_at >= {dayAgo})::int AS "DoneLastDay",
                   min(j.created_at) FILTER (WHERE j.status = 'queued') AS "OldestQueued"
              FROM analysis_jobs j JOIN cases c ON c.id = j.case_id
             WHERE c.organization_id = {org}
               AND (j.status IN ('queued', 'running') OR (j.status IN ('failed', 'done') AND j.finished_at >= {dayAgo}))
            """).SingleAsync(cancellationToken);
        IReadOnlyList<WorkerServer>? workers = null;
        string? unknown = null;
        try
        {
            var storage = services.GetService<JobStorage>();
            if (storage is null)
                unknown = "no job system is configured in this host";
            else
                workers = [.. storage.GetMonitoringApi().Servers()
                    .Select(s => new WorkerServer(s.Name, [.. s.Queues], s.WorkersCount, Utc(s.StartedAt), s.Heartbeat is { } h ? Utc(h) : null))
                    .OrderBy(s => s.Name, StringComparer.Ordinal)];
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            unknown = "the job storage did not answer";
        }
        return new AnalysisQueueHealth(counts.Queued, counts.Running, counts.FailedLastDay, counts.DoneLastDay,
            counts.OldestQueued is { } oldest ? Math.Max(0, (now - oldest).TotalSeconds) : null, workers, unknown);
    }

    private static async Task<List<FailedAnalysis>> FailuresAsync(CrashdeskDbContext db, Guid org, CancellationToken cancellationToken) =>
        await (from j in db.AnalysisJobs.AsNoTracking()
               join c in db.Cases on j.CaseId equals c.Id
               join a in db.Artifacts on j.ArtifactId equals a.Id
               where c.OrganizationId == org && j.Status == AnalysisJobStatus.Failed
               orderby j.FinishedAt descending
               select new FailedAnalysis(j.Id, c.Id, c.Title, a.FileName, j.Error, j.FinishedAt ?? j.CreatedAt))
            .Take(DashboardWindows.MaxFailures).ToListAsync(cancellationToken);

    private async Task<T> InScopeAsync<T>(Func<CrashdeskDbContext, Task<T>> query)
    {
        await using var scope = scopes.CreateAsyncScope();
        return await query(scope.ServiceProvider.GetRequiredService<CrashdeskDbContext>());
    }

    /// <summary>Hangfire's times are UTC DateTimes.</summary>
    private static DateTimeOffset Utc(DateTime time) => new(DateTime.SpecifyKind(time, DateTimeKind.Utc));

    private sealed record WeekClassRow(DateOnly Week, string? CrashClass, int Cases);
    private sealed record GrowingRow(Guid Id, string Title, string? CrashClass, int Recent, int Previous, int Total);
    private sealed record QueueRow(int Queued, int Running, int FailedLastDay, int DoneLastDay, DateTimeOffset? OldestQueued);
}
