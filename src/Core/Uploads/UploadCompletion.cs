using System.Security.Cryptography;
using Crashdesk.Core.Data;
using Crashdesk.Core.DataProtection;
using Crashdesk.Core.Domain;
using Crashdesk.Core.Services;
using Crashdesk.Core.Storage;
using Crashdesk.Core.Storage.Staging;
using Microsoft.EntityFrameworkCore;

namespace Crashdesk.Core.Uploads;

/// <summary>
/// The end of a session: every byte staged → the object appears under the artifact's key, its SHA-256 is the
/// one computed as the bytes arrived (or, when this process did not see them all in order, read from the
/// finished object once), checked against the sha256 the client announced (a mismatch fails the session
/// and deletes the object), then the artifact becomes rows and its analysis is queued by
/// <see cref="ArtifactRegistration"/>, the same code as the PUT upload's. The session's completion is
/// saved in the same transaction as the artifact, so a session makes one artifact and one analysis.
/// </summary>
internal sealed class UploadCompletion(CrashdeskDbContext db, IUploadStaging staging, IBlobStore store, ArtifactRegistration registration, UploadHashes hashes)
{
    public async Task<UploadSessionResult> CompleteAsync(UploadSession session, IncrementalHash? hash, CancellationToken cancellationToken)
    {
        string key = BlobKeys.ForArtifact(session.CaseId, session.ArtifactId);
        // Past this point the request's end does not matter: the bytes are all here.
        await staging.CompleteAsync(key, session.StoreState, session.Length, CancellationToken.None);
        string sha256;
        if (hash is not null)
        {
            sha256 = Convert.ToHexStringLower(hash.GetHashAndReset());
            hash.Dispose();
        }
        else
        {
            await using var read = await store.OpenReadAsync(key, CancellationToken.None);
            sha256 = Convert.ToHexStringLower(await SHA256.HashDataAsync(read, CancellationToken.None));
        }
        hashes.Forget(session.Id);
        if (session.ExpectedSha256 is { } expected && expected != sha256)
        {
            await store.DeleteAsync(key, CancellationToken.None);
            await MarkFailedAsync(session,
                $"{session.FileName}: the SHA-256 of the {session.Length} bytes received is {sha256}, but Upload-Metadata said {expected}; nothing was kept. Upload the file again.");
            return UploadSessionResult.Failed(UploadSessionOutcome.DigestMismatch, session.Error!, UploadSessionViews.Of(session));
        }

        var owner = await db.Cases.FirstAsync(c => c.Id == session.CaseId, CancellationToken.None);
        session.Status = UploadSessionStatus.Completed;
        session.StoreState = null;
        session.UpdatedAt = DateTimeOffset.UtcNow;
        session.Revision++;
        UploadResult result;
        try
        {
            result = await registration.RegisterAsync(owner, session.CreatedByUserId, session.ArtifactId, key, session.FileName, session.Kind,
                new BlobWriteResult(session.Length, sha256), CancellationToken.None);
        }
        catch (QuotaExceededException e)
        {
            // The commit deleted the object; the session ends with the reason.
            db.ChangeTracker.Clear();
            db.Attach(session);
            session.Status = UploadSessionStatus.Active;
            await MarkFailedAsync(session, e.Message);
            throw;
        }
        return new UploadSessionResult(UploadSessionOutcome.Completed, null, UploadSessionViews.Of(session, result.Analysis?.Id), result);
    }

    /// <summary>The session fails with <paramref name="error"/>: its staged bytes go, the row stays to say why until it expires.</summary>
    public async Task FailAsync(UploadSession session, string error, CancellationToken cancellationToken)
    {
        await AbortQuietlyAsync(session);
        await MarkFailedAsync(session, error);
    }

    /// <summary>tus termination and expiry: staged bytes and row go.</summary>
    public async Task RemoveAsync(UploadSession session, CancellationToken cancellationToken)
    {
        if (session.Status == UploadSessionStatus.Active)
            await staging.AbortAsync(BlobKeys.ForArtifact(session.CaseId, session.ArtifactId), session.StoreState, cancellationToken);
        hashes.Forget(session.Id);
        db.UploadSessions.Remove(session);
        await db.SaveChangesAsync(CancellationToken.None);
    }

    private async Task AbortQuietlyAsync(UploadSession session) =>
        await staging.AbortAsync(BlobKeys.ForArtifact(session.CaseId, session.ArtifactId), session.StoreState, CancellationToken.None);

    private async Task MarkFailedAsync(UploadSession session, string error)
    {
        hashes.Forget(session.Id);
        session.Status = UploadSessionStatus.Failed;
        session.Error = error.Length > 1000 ? error[..1000] : error;
        session.StoreState = null;
        session.UpdatedAt = DateTimeOffset.UtcNow;
        session.Revision++;
        await db.SaveChangesAsync(CancellationToken.None);
    }
}
