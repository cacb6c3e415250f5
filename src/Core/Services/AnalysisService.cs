using Crashdesk.Core.Data;
using Crashdesk.Core.Domain;
using Crashdesk.Core.Jobs;
using Microsoft.EntityFrameworkCore;

namespace Crashdesk.Core.Services;

internal sealed class AnalysisService(CrashdeskDbContext db, IJobQueue queue) : IAnalysisService
{
    public async Task<ReanalysisResult> ReanalyseAsync(Caller caller, Guid caseId, Guid? artifactId, CancellationToken cancellationToken = default)
    {
        caller.RequireStaff("re-analyse a dump");
        if (!await db.Cases.AnyAsync(c => c.Id == caseId && c.OrganizationId == caller.OrganizationId, cancellationToken))
            return new(ReanalysisStatus.CaseNotFound, $"case {caseId} does not exist", null);
        var analysable = db.Artifacts.AsNoTracking()
            .Where(a => a.CaseId == caseId && a.PurgedAt == null && (a.Kind == ArtifactKind.Vmcore || a.Kind == ArtifactKind.ConsoleLog));
        Artifact? artifact;
        if (artifactId is { } requested)
        {
            artifact = await db.Artifacts.AsNoTracking().FirstOrDefaultAsync(a => a.Id == requested && a.CaseId == caseId, cancellationToken);
            if (artifact is null)
                return new(ReanalysisStatus.ArtifactNotFound, $"artifact {requested} is not an artifact of this case", null);
            if (artifact.PurgedAt is not null)
                return new(ReanalysisStatus.NothingToAnalyse, $"{artifact.FileName} was {artifact.PurgeReason ?? "purged"}: its reports are kept, it cannot be analysed again", null);
            if (artifact.Kind is not (ArtifactKind.Vmcore or ArtifactKind.ConsoleLog))
                return new(ReanalysisStatus.NothingToAnalyse, $"{artifact.FileName} is a {ArtifactKinds.ToName(artifact.Kind)}: only a vmcore or a console log is analysed", null);
        }
        else
        {
            var lastRead = await db.AnalysisJobs.AsNoTracking().Where(j => j.CaseId == caseId)
                .OrderByDescending(j => j.CreatedAt).Select(j => (Guid?)j.ArtifactId).FirstOrDefaultAsync(cancellationToken);
            artifact = await analysable.FirstOrDefaultAsync(a => a.Id == lastRead, cancellationToken)
                ?? await analysable.OrderByDescending(a => a.UploadedAt).FirstOrDefaultAsync(cancellationToken);
            if (artifact is null)
                return new(ReanalysisStatus.NothingToAnalyse, "the case has no vmcore or console log to analyse (purged dumps cannot be analysed again)", null);
        }

        var pending = await db.AnalysisJobs.AsNoTracking()
            .FirstOrDefaultAsync(j => j.ArtifactId == artifact.Id && (j.Status == AnalysisJobStatus.Queued || j.Status == AnalysisJobStatus.Running), cancellationToken);
        if (pending is not null)
            return new(ReanalysisStatus.AlreadyPending, $"{artifact.FileName} is already being analysed", Views.Of(pending));

        var job = new AnalysisJob { CaseId = caseId, ArtifactId = artifact.Id, Reason = $"re-analysis asked for by {caller.Email}" };
        db.AnalysisJobs.Add(job);
        await db.SaveChangesAsync(cancellationToken);
        if (!await queue.EnqueueAsync<AnalyzeArtifactWork>(job.Id, cancellationToken))
            await db.Entry(job).ReloadAsync(CancellationToken.None);
        return new(ReanalysisStatus.Queued, null, Views.Of(job));
    }
}
