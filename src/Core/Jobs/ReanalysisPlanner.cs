using Crashdesk.Core.Data;
using Crashdesk.Core.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Crashdesk.Core.Jobs;

/// <summary>
/// When a debug kernel becomes ready, queues a new analysis (a new report version) for every case
/// of its organisation whose latest report is of a dump with that build-id and was made without a
/// debug kernel — and for the case it was uploaded to, whose latest report does not know it yet (a
/// mismatch is then recorded). Cases with an analysis already queued or running are left alone:
/// that analysis will find the debug kernel itself.
/// </summary>
public sealed class ReanalysisPlanner(CrashdeskDbContext db, IAnalysisScheduler scheduler, ILogger<ReanalysisPlanner> logger)
{
    /// <summary>Queues the analyses; returns how many.</summary>
    public async Task<int> QueueAsync(DebugKernelEntry entry, CancellationToken cancellationToken)
    {
        var uploadCase = entry.ArtifactId is { } artifactId
            ? await db.Artifacts.Where(a => a.Id == artifactId).Select(a => (Guid?)a.CaseId).FirstOrDefaultAsync(cancellationToken)
            : null;
        // The report JSON is camelCase (ReportJson): dump.buildId, debugKernel.used, debugKernel.mismatches[].libraryId.
        var targets = await db.Database.SqlQuery<ReanalysisTarget>($"""
            SELECT r.case_id AS "CaseId", r.artifact_id AS "ArtifactId"
              FROM reports r
              JOIN cases c ON c.id = r.case_id
             WHERE c.organization_id = {entry.OrganizationId}
               AND r.version = (SELECT max(r2.version) FROM reports r2 WHERE r2.case_id = r.case_id)
               AND coalesce((r.content -> 'debugKernel' ->> 'used')::boolean, false) = false
               AND (lower(r.content -> 'dump' ->> 'buildId') = {entry.BuildId}
                    OR (r.case_id = {uploadCase ?? Guid.Empty}
                        AND NOT coalesce(r.content -> 'debugKernel' -> 'mismatches' @> jsonb_build_array(jsonb_build_object('libraryId', {entry.Id.ToString()})), false)))
               AND NOT EXISTS (SELECT 1 FROM analysis_jobs j WHERE j.case_id = r.case_id AND j.status IN ('queued', 'running'))
               -- A console-log report has no dump to pair with a debug kernel: re-running it only adds a version.
               AND coalesce(jsonb_typeof(r.content -> 'log'), 'null') = 'null'
            """).ToListAsync(cancellationToken);
        if (targets.Count == 0)
            return 0;
        var jobs = targets.Select(t => new AnalysisJob { CaseId = t.CaseId, ArtifactId = t.ArtifactId }).ToList();
        db.AnalysisJobs.AddRange(jobs);
        await db.SaveChangesAsync(cancellationToken);
        foreach (var job in jobs)
            await ScheduleAsync(job, cancellationToken);
        return jobs.Count;
    }

    /// <summary>
    /// Closes the window <see cref="QueueAsync"/> leaves: an analysis that chose its debug kernel
    /// before one became ready (so it ran without it) and was still running when the planner looked.
    /// Queues one more analysis of the same dump when a debug kernel of the case's organisation with
    /// the dump's build-id, or one attached to the case, became ready after <paramref name="job"/>
    /// started and the report did not use or refuse it. Returns true when it queued one.
    /// </summary>
    public async Task<bool> QueueIfMissedAsync(AnalysisJob job, Analysis.Reports.AnalysisReport report, CancellationToken cancellationToken)
    {
        if (report.DebugKernel is not { Used: false } usage || job.StartedAt is not { } started)
            return false;
        var organizationId = await db.Cases.Where(c => c.Id == job.CaseId).Select(c => c.OrganizationId).FirstAsync(cancellationToken);
        string? buildId = report.Dump?.BuildId?.Trim().ToLowerInvariant();
        var seen = usage.Mismatches.Select(m => m.LibraryId).OfType<Guid>().ToList();
        bool missed = await db.DebugKernels.AnyAsync(d =>
            d.OrganizationId == organizationId
            && (d.Status == DebugKernelStatus.Ready || d.Status == DebugKernelStatus.Duplicate)
            && d.ProcessedAt > started
            && !seen.Contains(d.Id)
            && ((d.Status == DebugKernelStatus.Ready && buildId != null && d.BuildId == buildId)
                || db.Artifacts.Any(a => a.Id == d.ArtifactId && a.CaseId == job.CaseId)),
            cancellationToken);
        if (!missed || await db.AnalysisJobs.AnyAsync(j => j.CaseId == job.CaseId && j.Status == AnalysisJobStatus.Queued, cancellationToken))
            return false;
        var again = new AnalysisJob { CaseId = job.CaseId, ArtifactId = job.ArtifactId };
        db.AnalysisJobs.Add(again);
        await db.SaveChangesAsync(cancellationToken);
        await ScheduleAsync(again, cancellationToken);
        return true;
    }

    private async Task ScheduleAsync(AnalysisJob job, CancellationToken cancellationToken)
    {
        try
        {
            await scheduler.ScheduleAsync(job.Id, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogError(e, "Could not schedule re-analysis {JobId}", job.Id);
            job.Status = AnalysisJobStatus.Failed;
            job.Error = $"could not schedule the re-analysis: {e.Message}";
            job.FinishedAt = DateTimeOffset.UtcNow;
            await db.SaveChangesAsync(CancellationToken.None);
        }
    }

    /// <summary>One row of the query above.</summary>
    public sealed record ReanalysisTarget(Guid CaseId, Guid ArtifactId);
}
