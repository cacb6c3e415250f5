using Crashdesk.Analysis.Formats.Detection;
using Crashdesk.Core.Data;
using Crashdesk.Core.Domain;
using Crashdesk.Core.Options;
using Crashdesk.Core.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Crashdesk.Core.Services;

internal sealed class ArtifactService(
    CrashdeskDbContext db,
    IBlobStore store,
    StoredUpload upload,
    ArtifactRegistration registration,
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

        if (ArtifactProbe.Probes(kind))
        {
            // What the first bytes already prove is refused now, not after the upload (nothing is stored).
            var head = new byte[UploadProbe.HeadBytes];
            int length = 0;
            while (length < head.Length && await content.ReadAsync(head.AsMemory(length), cancellationToken) is var read and > 0)
                length += read;
            kind = ArtifactProbe.KindOf(kind, head.AsSpan(0, length));
            if (ArtifactProbe.Refuse(kind, head.AsSpan(0, length), fileName) is { } refusal)
                return UploadResult.Failed(UploadStatus.NotADump, refusal);
            content = new PrefixedReadStream(head, length, content);
        }

        var artifactId = Guid.CreateVersion7();
        var key = BlobKeys.ForArtifact(caseId, artifactId);
        var outcome = await upload.WriteAsync(owner.OrganizationId, key, fileName, content, MaxUploadBytes, cancellationToken);
        if (outcome.Written is not { } written)
            return UploadResult.Failed(outcome.Status, outcome.Problem!);

        return await registration.RegisterAsync(owner, caller.UserId, artifactId, key, fileName, kind, written, cancellationToken);
    }
}
