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
            """).ToListAsync(cancellationToken);
        if (targets.Count == 0)
            return 0;
        var jobs = targets.Select(t => new AnalysisJob { CaseId = t.CaseId, ArtifactId = t.ArtifactId }).ToList();
        db.AnalysisJobs.AddRange(jobs);
        await db.SaveChangesAsync(cancellationToken);
        foreach (var job in jobs)
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
        return jobs.Count;
    }

    /// <summary>One row of the query above.</summary>
    public sealed record ReanalysisTarget(Guid CaseId, Guid ArtifactId);
}
