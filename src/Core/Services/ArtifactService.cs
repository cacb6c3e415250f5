using Crashdesk.Analysis.Formats.Detection;
using Crashdesk.Core.Archives;
using Crashdesk.Core.Data;
using Crashdesk.Core.Domain;
using Crashdesk.Core.Environments.Sosreport;
using Crashdesk.Core.Jobs;
using Crashdesk.Core.Options;
using Crashdesk.Core.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Crashdesk.Core.Services;

internal sealed class ArtifactService(
    CrashdeskDbContext db,
    IBlobStore store,
    IJobQueue queue,
    StoredUpload upload,
    IOptions<UploadOptions> uploadOptions) : IArtifactService
{
    public long MaxUploadBytes => uploadOptions.Value.MaxBytes;

    public async Task<ArtifactDownload?> OpenForDownloadAsync(Caller caller, Guid caseId, Guid artifactId, CancellationToken cancellationToken = default)
    {
        var artifact = await db.Artifacts.AsNoTracking()
            .FirstOrDefaultAsync(a => a.Id == artifactId && a.CaseId == caseId
                && db.Cases.Any(c => c.Id == caseId && c.OrganizationId == caller.OrganizationId), cancellationToken);
        if (artifact is null)
            return null;
        if (artifact.PurgedAt is { } purgedAt)
            throw new DataProtection.ArtifactPurgedException(artifact.FileName, purgedAt, artifact.PurgeReason);
        // Missing object: found now, not half-way through the response.
        if (!await store.ExistsAsync(artifact.StorageKey, cancellationToken))
            throw new BlobNotFoundException(artifact.StorageKey);
        string actor = await CaseTimeline.ActorNameAsync(db, caller, cancellationToken);
        CaseTimeline.Record(db, caseId, caller.UserId, actor, "artifact-downloaded", null, artifact.FileName);
        await db.SaveChangesAsync(cancellationToken);
        return new ArtifactDownload(artifact.FileName, artifact.Size, artifact.Sha256, artifact.UploadedAt,
            new SeekableBlobStream(store, artifact.StorageKey, artifact.Size));
    }

    public async Task<UploadResult> UploadAsync(
        Caller caller, Guid caseId, string fileName, ArtifactKind kind, Stream content, CancellationToken cancellationToken = default)
    {
        if (!ArtifactFileNames.TryValidate(fileName, out var problem))
            return UploadResult.Failed(UploadStatus.InvalidFileName, problem);
        var owner = await db.Cases.FirstOrDefaultAsync(c => c.Id == caseId && c.OrganizationId == caller.OrganizationId, cancellationToken);
        if (owner is null)
            return UploadResult.Failed(UploadStatus.CaseNotFound, $"case {caseId} does not exist");

        if (kind is ArtifactKind.Vmcore or ArtifactKind.Sosreport or ArtifactKind.Archive)
        {
            // What the first bytes already prove is refused now, not after the upload (nothing is stored).
            var head = new byte[UploadProbe.HeadBytes];
            int length = 0;
            while (length < head.Length && await content.ReadAsync(head.AsMemory(length), cancellationToken) is var read and > 0)
                length += read;
            kind = ArchiveKindOf(kind, head.AsSpan(0, length));
            var refusal = kind switch
            {
                ArtifactKind.Vmcore => UploadProbe.RefuseAsVmcore(head.AsSpan(0, length)) is { } notADump ? $"{fileName}: {notADump}" : null,
                ArtifactKind.Archive => ArchiveOpener.Refusal(head.AsSpan(0, length), fileName),
                _ => SosreportProbe.Refuse(head.AsSpan(0, length), fileName),
            };
            if (refusal is not null)
                return UploadResult.Failed(UploadStatus.NotADump, refusal);
            content = new PrefixedReadStream(head, length, content);
        }

        var artifactId = Guid.CreateVersion7();
        var key = BlobKeys.ForArtifact(caseId, artifactId);
        var outcome = await upload.WriteAsync(owner.OrganizationId, key, fileName, content, MaxUploadBytes, cancellationToken);
        if (outcome.Written is not { } written)
            return UploadResult.Failed(outcome.Status, outcome.Problem!);

        var artifact = new Artifact
        {
            Id = artifactId,
            CaseId = caseId,
            FileName = fileName,
            Kind = kind,
            StorageKey = key,
            Size = written.Size,
            Sha256 = written.Sha256,
            UploadedByUserId = caller.UserId,
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
                Size = written.Size, Sha256 = written.Sha256, UploadedByUserId = caller.UserId,
            }
            : null;
        if (debugKernel is not null)
            db.DebugKernels.Add(debugKernel);
        // A sosreport is imported into the case's environment by a job (read as a stream, never extracted).
        var import = kind == ArtifactKind.Sosreport
            ? new EnvironmentImport { CaseId = caseId, ArtifactId = artifactId, CreatedByUserId = caller.UserId }
            : null;
        if (import is not null)
            db.EnvironmentImports.Add(import);
        var unpack = AddArchiveUnpack(kind, caseId, artifactId, caller);
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

    /// <summary>
    /// An archive or compressed data sent as a vmcore (a kdump directory's .tar.xz, a vmcore.gz) is stored as an
    /// archive and unpacked, rather than refused: its first bytes say so, whatever its name.
    /// </summary>
    private static ArtifactKind ArchiveKindOf(ArtifactKind kind, ReadOnlySpan<byte> head) =>
        kind == ArtifactKind.Vmcore && ArchiveOpener.IsArchive(head) ? ArtifactKind.Archive : kind;

    /// <summary>An archive's unpack row (the job that streams its members into artifacts is queued after the commit), or null for other kinds.</summary>
    private ArchiveUnpack? AddArchiveUnpack(ArtifactKind kind, Guid caseId, Guid artifactId, Caller caller)
    {
        if (kind != ArtifactKind.Archive)
            return null;
        var unpack = new ArchiveUnpack { CaseId = caseId, ArtifactId = artifactId, CreatedByUserId = caller.UserId };
        db.ArchiveUnpacks.Add(unpack);
        return unpack;
    }
}
