using Crashdesk.Core.Data;
using Crashdesk.Core.Domain;
using Crashdesk.Core.Storage;
using Crashdesk.Core.Storage.Staging;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Crashdesk.Core.Uploads;

/// <summary>
/// Removes sessions past their Upload-Expires (Uploads:SessionExpiryHours after the last PATCH): an active one's
/// staged bytes first (the staging file and its tail / AbortMultipartUpload and the part files), then the row;
/// failed and completed rows go at the same time. Idempotent: a session whose abort fails stays for the next run.
/// </summary>
public sealed class UploadSessionExpiry(CrashdeskDbContext db, IUploadStaging staging, ILogger<UploadSessionExpiry> logger)
{
    public async Task<int> RunAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var expired = await db.UploadSessions.Where(s => s.ExpiresAt < now).OrderBy(s => s.ExpiresAt).Take(1000).ToListAsync(cancellationToken);
        int removed = 0;
        foreach (var session in expired)
        {
            try
            {
                if (session.Status == UploadSessionStatus.Active)
                    await staging.AbortAsync(BlobKeys.ForArtifact(session.CaseId, session.ArtifactId), session.StoreState, cancellationToken);
            }
            catch (Exception e) when (e is IOException or HttpRequestException)
            {
                logger.LogWarning(e, "Could not remove the staged bytes of upload session {SessionId}; trying again at the next run", session.Id);
                continue;
            }
            db.UploadSessions.Remove(session);
            removed++;
        }
        await db.SaveChangesAsync(cancellationToken);
        return removed;
    }
}
