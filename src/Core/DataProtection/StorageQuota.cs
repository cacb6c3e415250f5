using Crashdesk.Core.Data;

namespace Crashdesk.Core.DataProtection;

/// <summary>
/// How much one upload may write: the upload limit, or less when the organisation's quota leaves less
/// room. Two uploads at once may each see the same room while they stream; their commits confirm the
/// quota one at a time (<see cref="Services.StoredUpload.CommitAsync"/>), so only those that fit land.
/// </summary>
internal sealed record StorageQuota(long Limit, bool LimitedByQuota, long? QuotaBytes, long UsedBytes)
{
    public static async Task<StorageQuota> RoomAsync(CrashdeskDbContext db, Guid organizationId, long uploadLimit, CancellationToken cancellationToken)
    {
        if (await StorageUsage.QuotaOfAsync(db, organizationId, cancellationToken) is not { } quota)
            return new StorageQuota(uploadLimit, false, null, 0);
        long used = await StorageUsage.OfAsync(db, organizationId, cancellationToken);
        long room = Math.Max(quota - used, 0);
        return room < uploadLimit ? new StorageQuota(room, true, quota, used) : new StorageQuota(uploadLimit, false, quota, used);
    }
}
