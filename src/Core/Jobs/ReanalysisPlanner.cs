using Crashdesk.Core.Analyses;
using Crashdesk.Core.Data;
using Crashdesk.Core.Domain;
using Microsoft.EntityFrameworkCore;

namespace Crashdesk.Core.Jobs;

/// <summary>
/// When a debug kernel becomes ready, queues a new analysis (a new report version) for every case
/// of its organisation whose latest report is of a dump with that build-id and was made without a
/// debug kernel — and for the case it was uploaded to, whose latest report does not know it yet (a
/// mismatch is then recorded). Cases with an analysis already queued or running are left alone:
/// that analysis will find the debug kernel itself. Reads the report rows' columns (build_id,
/// is_log, used/refused debug kernels), never the engine's JSON.
/// </summary>
public sealed class ReanalysisPlanner(CrashdeskDbContext db, IJobQueue queue)
{
    /// <summary>
    /// Queues the analyses; returns how many. <paramref name="uploadCaseOnly"/>: only the case the
    /// debug kernel was uploaded to — for a duplicate (its build-id is in the library already, so the
    /// other cases had their re-analysis when that one became ready), which is still the case's own
    /// debug kernel and may be of another build than its dump (a mismatch the case must show).
    /// </summary>
    public async Task<int> QueueAsync(DebugKernelEntry entry, CancellationToken cancellationToken, bool uploadCaseOnly = false)
    {
        var uploadCase = entry.ArtifactId is { } artifactId
            ? await db.Artifacts.Where(a => a.Id == artifactId).Select(a => (Guid?)a.CaseId).FirstOrDefaultAsync(cancellationToken)
            : null;
        var targets = await db.Reports
            .Where(r => db.Cases.Any(c => c.Id == r.CaseId && c.OrganizationId == entry.OrganizationId)
                && r.Version == db.Reports.Where(r2 => r2.CaseId == r.CaseId).Max(r2 => r2.Version)
                && r.UsedDebugKernelId == null
                // A console-log report has no dump to pair with a debug kernel: re-running it only adds a version.
                && !r.IsLog
                // An excerpt reads no symbols or types: a debug kernel changes nothing in it (the whole dump's analysis will use it).
                && !r.IsExcerpt
                && ((!uploadCaseOnly && r.BuildId == entry.BuildId) || (r.CaseId == uploadCase && !r.RefusedDebugKernelIds.Contains(entry.Id)))
                && !db.AnalysisJobs.Any(j => j.CaseId == r.CaseId && (j.Status == AnalysisJobStatus.Queued || j.Status == AnalysisJobStatus.Running)))
            .Select(r => new ReanalysisTarget(r.CaseId, r.ArtifactId))
            .ToListAsync(cancellationToken);
        if (targets.Count == 0)
            return 0;
        string reason = entry.Origin == DebugKernelEntry.UploadOrigin
            ? $"debug kernel {entry.FileName} ({entry.BuildId}) became ready"
            // The URL is in the library entry and the report; the reason column stays short.
            : $"debug kernel {entry.BuildId} fetched from debuginfod became ready";
        if (uploadCaseOnly)
            reason = $"debug kernel {entry.FileName} was added to the case";
        var jobs = targets.Select(t => new AnalysisJob { CaseId = t.CaseId, ArtifactId = t.ArtifactId, Reason = reason }).ToList();
        db.AnalysisJobs.AddRange(jobs);
        await db.SaveChangesAsync(cancellationToken);
        foreach (var job in jobs)
            await queue.EnqueueAsync<AnalyzeArtifactWork>(job.Id, cancellationToken);
        return jobs.Count;
    }

    /// <summary>
    /// Closes the window <see cref="QueueAsync"/> leaves: an analysis that chose its debug kernel
    /// before one became ready (so it ran without it) and was still running when the planner looked.
    /// Queues one more analysis of the same dump when a debug kernel of the case's organisation with
    /// the dump's build-id, or one attached to the case, became ready after the analysis started and
    /// the result did not use or refuse it. Returns true when it queued one.
    /// </summary>
    public async Task<bool> QueueIfMissedAsync(Guid analysisJobId, ArtifactAnalysisResult result, CancellationToken cancellationToken)
    {
        if (result.DebugKernel is not { Used: false })
            return false;
        var job = await db.AnalysisJobs.AsNoTracking().FirstAsync(j => j.Id == analysisJobId, cancellationToken);
        if (job.StartedAt is not { } started)
            return false;
        var organizationId = await db.Cases.Where(c => c.Id == job.CaseId).Select(c => c.OrganizationId).FirstAsync(cancellationToken);
        string? buildId = result.BuildId;
        var seen = result.RefusedDebugKernelIds.ToList();
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
        var again = new AnalysisJob { CaseId = job.CaseId, ArtifactId = job.ArtifactId, Reason = "a debug kernel became ready while the previous analysis ran" };
        db.AnalysisJobs.Add(again);
        await db.SaveChangesAsync(cancellationToken);
        return await queue.EnqueueAsync<AnalyzeArtifactWork>(again.Id, cancellationToken);
    }

    /// <summary>One case to analyse again, and the artifact its latest report was made from.</summary>
    public sealed record ReanalysisTarget(Guid CaseId, Guid ArtifactId);
}
