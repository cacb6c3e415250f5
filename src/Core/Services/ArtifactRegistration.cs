using Crashdesk.Core.Data;
using Crashdesk.Core.Domain;
using Crashdesk.Core.Jobs;
using Crashdesk.Core.Storage;

namespace Crashdesk.Core.Services;

/// <summary>
/// What an object stored for a case becomes, whichever way it arrived (one PUT, or a resumable upload session):
/// its artifact row, for a vmcore or console log its one analysis, for a debug kernel its library entry, for a
/// sosreport its import, for an archive its unpacking — saved with the organisation's quota confirmed (<see cref="StoredUpload.CommitAsync"/>,
/// which deletes the object when that fails), then the jobs queued. Rows the caller added to the context
/// before (a completed upload session) are saved in the same transaction.
/// </summary>
internal sealed class ArtifactRegistration(CrashdeskDbContext db, IJobQueue queue, StoredUpload upload)
{
    public async Task<UploadResult> RegisterAsync(
        Case owner, Guid? uploadedBy, Guid artifactId, string key, string fileName, ArtifactKind kind, BlobWriteResult written, CancellationToken cancellationToken)
    {
        var caseId = owner.Id;
        var artifact = new Artifact
        {
            Id = artifactId,
            CaseId = caseId,
            FileName = fileName,
            Kind = kind,
            StorageKey = key,
            Size = written.Size,
            Sha256 = written.Sha256,
            UploadedByUserId = uploadedBy,
        };
        db.Artifacts.Add(artifact);
        AnalysisJob? job = null;
        // A console log gets an analysis too: its report is the log triage.
        if (kind is ArtifactKind.Vmcore or ArtifactKind.ConsoleLog)
        {
            job = new AnalysisJob { CaseId = caseId, ArtifactId = artifactId, Reason = "uploaded" };
            db.AnalysisJobs.Add(job);
        }
        // A debug kernel joins the organisation's library too: its profile is built once, for every case.
        var debugKernel = kind == ArtifactKind.DebugKernel
            ? new DebugKernelEntry
            {
                OrganizationId = owner.OrganizationId, ArtifactId = artifactId, FileName = fileName, StorageKey = key,
                Size = written.Size, Sha256 = written.Sha256, UploadedByUserId = uploadedBy,
            }
            : null;
        if (debugKernel is not null)
            db.DebugKernels.Add(debugKernel);
        // A sosreport is imported into the case's environment by a job (read as a stream, never extracted).
        var import = kind == ArtifactKind.Sosreport
            ? new EnvironmentImport { CaseId = caseId, ArtifactId = artifactId, CreatedByUserId = uploadedBy }
            : null;
        if (import is not null)
            db.EnvironmentImports.Add(import);
        // An archive is unpacked by a job that streams its members into artifacts of their own.
        var unpack = kind == ArtifactKind.Archive
            ? new ArchiveUnpack { CaseId = caseId, ArtifactId = artifactId, CreatedByUserId = uploadedBy }
            : null;
        if (unpack is not null)
            db.ArchiveUnpacks.Add(unpack);
        owner.UpdatedAt = DateTimeOffset.UtcNow;
        await upload.CommitAsync(owner.OrganizationId, key, fileName, written.Size, cancellationToken);

        // The artifact is stored whatever happens next: a queue that cannot take the job fails its row, with the reason.
        if (job is not null && !await queue.EnqueueAsync<AnalyzeArtifactWork>(job.Id, cancellationToken))
            await db.Entry(job).ReloadAsync(CancellationToken.None);
        if (debugKernel is not null && !await queue.EnqueueAsync<BuildKernelProfileWork>(debugKernel.Id, cancellationToken))
            await db.Entry(debugKernel).ReloadAsync(CancellationToken.None);
        if (import is not null && !await queue.EnqueueAsync<ImportSosreportWork>(import.Id, cancellationToken))
            await db.Entry(import).ReloadAsync(CancellationToken.None);
        if (unpack is not null && !await queue.EnqueueAsync<UnpackArchiveWork>(unpack.Id, cancellationToken))
            await db.Entry(unpack).ReloadAsync(CancellationToken.None);
        return new UploadResult(UploadStatus.Stored, null, Views.Of(artifact) with { Unpack = unpack is null ? null : Views.Of(unpack) },
            job is null ? null : Views.Of(job), import is null ? null : Views.Of(import, fileName));
    }
}
