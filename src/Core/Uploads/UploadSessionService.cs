using Crashdesk.Core.Data;
using Crashdesk.Core.DataProtection;
using Crashdesk.Core.Domain;
using Crashdesk.Core.Options;
using Crashdesk.Core.Services;
using Crashdesk.Core.Storage;
using Crashdesk.Core.Storage.Staging;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Crashdesk.Core.Uploads;

internal sealed class UploadSessionService(
    CrashdeskDbContext db,
    IUploadStaging staging,
    UploadAppender appender,
    IOptions<UploadOptions> options) : IUploadSessionService
{
    public long MaxUploadBytes => options.Value.MaxBytes;

    public Task<bool> CaseExistsAsync(Caller caller, Guid caseId, CancellationToken cancellationToken = default) =>
        db.Cases.AnyAsync(c => c.Id == caseId && c.OrganizationId == caller.OrganizationId, cancellationToken);

    public async Task<UploadSessionResult> CreateAsync(Caller caller, Guid caseId, NewUploadSession request, CancellationToken cancellationToken = default)
    {
        if (!ArtifactFileNames.TryValidate(request.FileName, out var problem))
            return UploadSessionResult.Failed(UploadSessionOutcome.InvalidFileName, problem);
        string fileName = request.FileName!;
        if (!ArtifactKinds.TryParse(request.Kind, out var kind))
            return UploadSessionResult.Failed(UploadSessionOutcome.InvalidKind,
                $"Upload-Metadata kind of {fileName} must be one of {string.Join(", ", ArtifactKinds.Names)} (got '{request.Kind}').");
        string? expected = request.ExpectedSha256?.Trim().ToLowerInvariant();
        if (expected is not null && (expected.Length != 64 || !expected.All(char.IsAsciiHexDigit)))
            return UploadSessionResult.Failed(UploadSessionOutcome.InvalidSha256,
                $"Upload-Metadata sha256 of {fileName} must be 64 hex digits (the file's SHA-256, as sha256sum prints it).");
        if (request.Length == 0)
            return UploadSessionResult.Failed(UploadSessionOutcome.Empty, $"{fileName} is empty (Upload-Length 0); nothing was stored.");
        if (request.Length > MaxUploadBytes)
            return UploadSessionResult.Failed(UploadSessionOutcome.TooLarge,
                $"{fileName} is {request.Length} bytes; artifacts may be at most {MaxUploadBytes} bytes. Nothing was stored.");
        var owner = await db.Cases.AsNoTracking().FirstOrDefaultAsync(c => c.Id == caseId && c.OrganizationId == caller.OrganizationId, cancellationToken);
        if (owner is null)
            return UploadSessionResult.Failed(UploadSessionOutcome.CaseNotFound, $"case {caseId} does not exist");
        await RequireRoomAsync(owner.OrganizationId, fileName, request.Length, cancellationToken);

        var now = DateTimeOffset.UtcNow;
        var session = new UploadSession
        {
            OrganizationId = owner.OrganizationId, CaseId = caseId, FileName = fileName, Kind = kind, Length = request.Length,
            ExpectedSha256 = expected, CreatedByUserId = caller.UserId, CreatedAt = now, UpdatedAt = now, ExpiresAt = now + Expiry,
        };
        string key = BlobKeys.ForArtifact(caseId, session.ArtifactId);
        try
        {
            session.StoreState = await staging.BeginAsync(key, request.Length, cancellationToken);
        }
        catch (BlobTooLargeException e)
        {
            return UploadSessionResult.Failed(UploadSessionOutcome.TooLarge,
                $"{fileName} is {request.Length} bytes; this object store takes at most {e.MaxBytes} bytes in one upload. Nothing was stored.");
        }
        db.UploadSessions.Add(session);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch
        {
            await staging.AbortAsync(key, session.StoreState, CancellationToken.None);
            throw;
        }
        return new UploadSessionResult(UploadSessionOutcome.Created, null, UploadSessionViews.Of(session));
    }

    public async Task<UploadSessionView?> GetAsync(Caller caller, Guid caseId, Guid sessionId, CancellationToken cancellationToken = default)
    {
        var session = await FindAsync(caller, caseId, sessionId, tracking: false, cancellationToken);
        if (session is null)
            return null;
        Guid? analysis = session.Status == UploadSessionStatus.Completed
            ? await db.AnalysisJobs.Where(j => j.ArtifactId == session.ArtifactId).OrderBy(j => j.Id).Select(j => (Guid?)j.Id).FirstOrDefaultAsync(cancellationToken)
            : null;
        return UploadSessionViews.Of(session, analysis);
    }

    public async Task<UploadSessionResult> AppendAsync(Caller caller, Guid caseId, Guid sessionId, UploadChunk chunk, CancellationToken cancellationToken = default)
    {
        var session = await FindAsync(caller, caseId, sessionId, tracking: true, cancellationToken);
        if (session is null)
            return UploadSessionResult.Failed(UploadSessionOutcome.SessionNotFound, $"There is no upload session {sessionId} on case {caseId} in your organisation.");
        // The limit and the quota again at every PATCH: either may have been lowered since the session began.
        if (session.Status == UploadSessionStatus.Active && session.Length > MaxUploadBytes)
            return UploadSessionResult.Failed(UploadSessionOutcome.TooLarge,
                $"{session.FileName} is {session.Length} bytes; artifacts may now be at most {MaxUploadBytes} bytes.", UploadSessionViews.Of(session));
        if (session.Status == UploadSessionStatus.Active)
            await RequireRoomAsync(session.OrganizationId, session.FileName, session.Length, cancellationToken);
        return await appender.AppendAsync(session, chunk, Expiry, cancellationToken);
    }

    public async Task<bool> TerminateAsync(Caller caller, Guid caseId, Guid sessionId, CancellationToken cancellationToken = default)
    {
        var session = await FindAsync(caller, caseId, sessionId, tracking: true, cancellationToken);
        if (session is null)
            return false;
        await appender.RemoveAsync(session, cancellationToken);
        return true;
    }

    private TimeSpan Expiry => TimeSpan.FromHours(options.Value.SessionExpiryHours);

    /// <summary>The quota's room for the whole file (nothing of it is counted until it lands; then the commit confirms it under the lock).</summary>
    private async Task RequireRoomAsync(Guid organizationId, string fileName, long length, CancellationToken cancellationToken)
    {
        var room = await StorageQuota.RoomAsync(db, organizationId, MaxUploadBytes, cancellationToken);
        if (room.LimitedByQuota && room.Limit < length)
            throw new QuotaExceededException(fileName, room.QuotaBytes!.Value, room.UsedBytes);
    }

    private Task<UploadSession?> FindAsync(Caller caller, Guid caseId, Guid sessionId, bool tracking, CancellationToken cancellationToken)
    {
        var query = db.UploadSessions.Where(s => s.Id == sessionId && s.CaseId == caseId && s.OrganizationId == caller.OrganizationId);
        return (tracking ? query : query.AsNoTracking()).FirstOrDefaultAsync(cancellationToken);
    }
}
