using Crashdesk.Core.Data;
using Crashdesk.Core.DataProtection;
using Crashdesk.Core.Storage;
using Microsoft.EntityFrameworkCore;

namespace Crashdesk.Core.Services;

/// <summary>
/// The one path by which an upload becomes an object and the rows that name it (a case's artifact, a
/// library's debug kernel): the body is streamed to the store within the upload limit and the room the
/// organisation's quota leaves (<see cref="WriteAsync"/>), then the rows are saved with the quota confirmed
/// in the same transaction (<see cref="CommitAsync"/>). An upload that is refused or fails to commit leaves no
/// object behind: the rows are the only reference to it.
/// </summary>
internal sealed class StoredUpload(CrashdeskDbContext db, IBlobStore store)
{
    /// <summary>What <see cref="WriteAsync"/> did: the object written, or why nothing was kept.</summary>
    public sealed record Outcome(BlobWriteResult? Written, UploadStatus Status, string? Problem);

    /// <summary>
    /// Streams <paramref name="content"/> to <paramref name="key"/>. Over the upload limit: <see cref="UploadStatus.TooLarge"/>;
    /// over the quota's room: <see cref="QuotaExceededException"/> (answered 413); the store's disk full:
    /// <see cref="StoreFullException"/> (answered 507); the store unreachable: <see cref="StoreUnreachableException"/>
    /// (answered 503); no bytes: <see cref="UploadStatus.Empty"/>.
    /// The quota lowers the store's limit to the room left, so an upload over it stops as soon as it crosses.
    /// </summary>
    public async Task<Outcome> WriteAsync(Guid organizationId, string key, string fileName, Stream content, long maxBytes, CancellationToken cancellationToken)
    {
        var quota = await StorageQuota.RoomAsync(db, organizationId, maxBytes, cancellationToken);
        long started = System.Diagnostics.Stopwatch.GetTimestamp();
        BlobWriteResult written;
        try
        {
            written = await store.WriteAsync(key, content, quota.Limit, cancellationToken);
        }
        catch (BlobTooLargeException) when (quota.LimitedByQuota)
        {
            throw new QuotaExceededException(fileName, quota.QuotaBytes!.Value, quota.UsedBytes);
        }
        catch (BlobTooLargeException e)
        {
            return new Outcome(null, UploadStatus.TooLarge, $"the upload is larger than the limit of {e.MaxBytes} bytes");
        }
        catch (Exception e) when (StoreFullException.IsNoSpace(e))
        {
            // The store removed its partial file; the caller is told which file and why, not an internal path.
            throw new StoreFullException(fileName, e);
        }
        catch (Exception e) when (StoreUnreachableException.IsUnreachable(e))
        {
            throw new StoreUnreachableException(fileName, e);
        }
        if (written.Size == 0)
        {
            // Known only once the body ended (a chunked upload announces no length): an empty file is no evidence of anything.
            await store.DeleteAsync(key, CancellationToken.None);
            return new Outcome(null, UploadStatus.Empty, $"{fileName} is empty (0 bytes); nothing was stored");
        }
        Telemetry.CrashdeskTelemetry.UploadBytes.Add(written.Size);
        Telemetry.CrashdeskTelemetry.UploadDuration.Record(System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalSeconds);
        return new Outcome(written, UploadStatus.Stored, null);
    }

    /// <summary>
    /// Saves the rows added to the context for the object at <paramref name="key"/>. Uploads of one
    /// organisation stream side by side, each within the room it saw when it began; their commits take
    /// turns on the organisation's quota (a transaction-scoped advisory lock) and each counts the bytes
    /// committed before it, so two uploads that each fit alone cannot both land over the quota. A refusal
    /// or a failed save deletes the object.
    /// </summary>
    public async Task CommitAsync(Guid organizationId, string key, string fileName, long size, CancellationToken cancellationToken)
    {
        try
        {
            if (await StorageUsage.QuotaOfAsync(db, organizationId, cancellationToken) is null)
            {
                await db.SaveChangesAsync(cancellationToken);
                return;
            }
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            await db.Database.ExecuteSqlInterpolatedAsync(
                $"SELECT pg_advisory_xact_lock(hashtextextended({"crashdesk.quota:" + organizationId.ToString("N")}, 0))", cancellationToken);
            // Read again under the lock: an administrator may have changed it, and others committed meanwhile.
            if (await StorageUsage.QuotaOfAsync(db, organizationId, cancellationToken) is { } quota
                && await StorageUsage.OfAsync(db, organizationId, cancellationToken) is var used && used + size > quota)
                throw new QuotaExceededException(fileName, quota, used);
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        catch
        {
            await store.DeleteAsync(key, CancellationToken.None);
            throw;
        }
    }
}
