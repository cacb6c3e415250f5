using Crashdesk.Core.Data;
using Crashdesk.Core.Domain;
using Crashdesk.Core.Services;
using Microsoft.EntityFrameworkCore;

namespace Crashdesk.Core.DataProtection;

internal sealed class DataPolicyService(CrashdeskDbContext db) : IDataPolicyService
{
    /// <summary>A hundred years: beyond that "keep for ever" (null) says it better.</summary>
    public const int MaxRetentionDays = 36500;

    public async Task<RetentionPolicyView> GetRetentionAsync(Caller caller, CancellationToken cancellationToken = default)
    {
        var policy = await FindAsync(caller, cancellationToken);
        return new RetentionPolicyView(policy?.RetentionDays, policy?.UpdatedAt);
    }

    public async Task<RetentionPolicyView> SetRetentionAsync(Caller caller, int? days, CancellationToken cancellationToken = default)
    {
        if (days is < 0 or > MaxRetentionDays)
            throw new ValidationException("days", $"days must be 0..{MaxRetentionDays} (null keeps raw dumps for ever); got {days}");
        var policy = await UpdateAsync(caller, p => p.RetentionDays = days, cancellationToken);
        return new RetentionPolicyView(policy.RetentionDays, policy.UpdatedAt);
    }

    public async Task<StorageQuotaView> GetQuotaAsync(Caller caller, CancellationToken cancellationToken = default)
    {
        var policy = await FindAsync(caller, cancellationToken);
        return new StorageQuotaView(policy?.QuotaBytes, await StorageUsage.OfAsync(db, caller.OrganizationId, cancellationToken), policy?.UpdatedAt);
    }

    public async Task<StorageQuotaView> SetQuotaAsync(Caller caller, long? bytes, CancellationToken cancellationToken = default)
    {
        if (bytes is < 0)
            throw new ValidationException("bytes", $"bytes must be 0 or more (null: no quota); got {bytes}");
        var policy = await UpdateAsync(caller, p => p.QuotaBytes = bytes, cancellationToken);
        return new StorageQuotaView(policy.QuotaBytes, await StorageUsage.OfAsync(db, caller.OrganizationId, cancellationToken), policy.UpdatedAt);
    }

    private Task<OrganizationDataPolicy?> FindAsync(Caller caller, CancellationToken cancellationToken) =>
        db.DataPolicies.AsNoTracking().FirstOrDefaultAsync(p => p.OrganizationId == caller.OrganizationId, cancellationToken);

    private async Task<OrganizationDataPolicy> UpdateAsync(Caller caller, Action<OrganizationDataPolicy> change, CancellationToken cancellationToken)
    {
        // One statement creates the row if missing, so two first PUTs never collide on the key.
        await db.Database.ExecuteSqlInterpolatedAsync($"""
            INSERT INTO organization_data_policies (organization_id, updated_at) VALUES ({caller.OrganizationId}, now())
            ON CONFLICT (organization_id) DO NOTHING
            """, cancellationToken);
        var policy = await db.DataPolicies.FirstAsync(p => p.OrganizationId == caller.OrganizationId, cancellationToken);
        change(policy);
        policy.UpdatedAt = DateTimeOffset.UtcNow;
        policy.UpdatedByUserId = caller.UserId;
        await db.SaveChangesAsync(cancellationToken);
        return policy;
    }
}
