using System.Globalization;
using Crashdesk.Core.Audit;
using Crashdesk.Core.Data;
using Crashdesk.Core.Domain;
using Crashdesk.Core.Services;
using Microsoft.EntityFrameworkCore;

namespace Crashdesk.Core.DataProtection;

internal sealed class DataPolicyService(CrashdeskDbContext db, IAuditLog audit) : IDataPolicyService
{
    /// <summary>A hundred years: beyond that "keep for ever" (null) says it better.</summary>
    public const int MaxRetentionDays = 36500;

    /// <summary>The shortest audit retention (migrations/0015_log_retention.sql checks it too): a month of "who read this dump".</summary>
    public const int MinAuditRetentionDays = 30;

    public async Task<RetentionPolicyView> GetRetentionAsync(Caller caller, CancellationToken cancellationToken = default)
    {
        var policy = await FindAsync(caller, cancellationToken);
        return new RetentionPolicyView(policy?.RetentionDays, policy?.UpdatedAt);
    }

    public async Task<RetentionPolicyView> SetRetentionAsync(Caller caller, int? days, CancellationToken cancellationToken = default)
    {
        if (days is < 0 or > MaxRetentionDays)
            throw new ValidationException("days", $"days must be 0..{MaxRetentionDays} (null keeps raw dumps for ever); got {days}");
        var policy = await UpdateAsync(caller, "retentionDays", Text(days), p => p.RetentionDays = days, cancellationToken);
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
        var policy = await UpdateAsync(caller, "quotaBytes", bytes?.ToString(CultureInfo.InvariantCulture) ?? "none", p => p.QuotaBytes = bytes, cancellationToken);
        return new StorageQuotaView(policy.QuotaBytes, await StorageUsage.OfAsync(db, caller.OrganizationId, cancellationToken), policy.UpdatedAt);
    }

    public async Task<RetentionPolicyView> GetAuditRetentionAsync(Caller caller, CancellationToken cancellationToken = default)
    {
        var policy = await FindAsync(caller, cancellationToken);
        return new RetentionPolicyView(policy?.AuditRetentionDays, policy?.UpdatedAt);
    }

    public async Task<RetentionPolicyView> SetAuditRetentionAsync(Caller caller, int? days, CancellationToken cancellationToken = default)
    {
        if (days is < MinAuditRetentionDays or > MaxRetentionDays)
            throw new ValidationException("days",
                $"days must be {MinAuditRetentionDays}..{MaxRetentionDays} (null keeps the audit log for ever); got {days}");
        var policy = await UpdateAsync(caller, "auditRetentionDays", Text(days), p => p.AuditRetentionDays = days, cancellationToken);
        return new RetentionPolicyView(policy.AuditRetentionDays, policy.UpdatedAt);
    }

    public async Task<ConsoleAccessPolicyView> GetConsoleAccessAsync(Caller caller, CancellationToken cancellationToken = default)
    {
        var policy = await FindAsync(caller, cancellationToken);
        return new ConsoleAccessPolicyView(policy?.CustomerConsole ?? false, policy?.UpdatedAt);
    }

    public async Task<ConsoleAccessPolicyView> SetConsoleAccessAsync(Caller caller, bool customers, CancellationToken cancellationToken = default)
    {
        var policy = await UpdateAsync(caller, "customerConsole", customers ? "true" : "false", p => p.CustomerConsole = customers, cancellationToken);
        return new ConsoleAccessPolicyView(policy.CustomerConsole, policy.UpdatedAt);
    }

    private static string Text(int? days) => days?.ToString(CultureInfo.InvariantCulture) ?? "forever";

    private async Task<OrganizationDataPolicy?> FindAsync(Caller caller, CancellationToken cancellationToken)
    {
        RequireAdmin(caller);
        return await db.DataPolicies.AsNoTracking().FirstOrDefaultAsync(p => p.OrganizationId == caller.OrganizationId, cancellationToken);
    }

    private static void RequireAdmin(Caller caller)
    {
        if (!caller.IsAdmin)
            throw new ForbiddenException("only the organisation's administrators see and set its data policies");
    }

    /// <summary>The change and its audit event are saved together: no policy changes without a record of who changed it.</summary>
    private async Task<OrganizationDataPolicy> UpdateAsync(
        Caller caller, string setting, string value, Action<OrganizationDataPolicy> change, CancellationToken cancellationToken)
    {
        RequireAdmin(caller);
        // One statement creates the row if missing, so two first PUTs never collide on the key.
        await db.Database.ExecuteSqlInterpolatedAsync($"""
            INSERT INTO organization_data_policies (organization_id, updated_at) VALUES ({caller.OrganizationId}, now())
            ON CONFLICT (organization_id) DO NOTHING
            """, cancellationToken);
        var policy = await db.DataPolicies.FirstAsync(p => p.OrganizationId == caller.OrganizationId, cancellationToken);
        change(policy);
        policy.UpdatedAt = DateTimeOffset.UtcNow;
        policy.UpdatedByUserId = caller.UserId;
        await audit.AddAsync(caller, AuditAction.PolicyChange,
            new AuditTarget("policy", caller.OrganizationId, null, new Dictionary<string, string> { ["setting"] = setting, ["value"] = value }),
            cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        return policy;
    }
}
