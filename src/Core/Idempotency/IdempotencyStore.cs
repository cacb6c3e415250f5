using Crashdesk.Core.Data;
using Crashdesk.Core.Domain;
using Microsoft.EntityFrameworkCore;

namespace Crashdesk.Core.Idempotency;

/// <summary>
/// Idempotency keys in PostgreSQL: the claim is one INSERT … ON CONFLICT DO NOTHING, so of several
/// concurrent requests with one key exactly one runs (draft-ietf-httpapi-idempotency-key-header §2;
/// Stripe keeps keys 24 hours, as we do by default). Keys are per organisation: two customers may
/// choose the same one.
/// </summary>
public sealed class IdempotencyStore(CrashdeskDbContext db, TimeProvider clock)
{
    /// <summary>How long a key and its response are kept.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(24);

    /// <summary>A first request that has not finished after this long is taken to have died with its process.</summary>
    public static readonly TimeSpan Abandoned = TimeSpan.FromMinutes(10);

    public async Task<IdempotencyClaim> ClaimAsync(Guid organizationId, string key, string fingerprint, CancellationToken cancellationToken)
    {
        // The row can vanish between the INSERT and the SELECT (its first request failed and released it): try again, a few times.
        for (int attempt = 0; ; attempt++)
        {
            var claim = await TryClaimAsync(organizationId, key, fingerprint, cancellationToken);
            if (claim is not null || attempt == 3)
                return claim ?? new IdempotencyClaim(IdempotencyOutcome.InProgress);
        }
    }

    private async Task<IdempotencyClaim?> TryClaimAsync(Guid organizationId, string key, string fingerprint, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        // An expired key, or one whose first request died, is free again.
        await db.Database.ExecuteSqlInterpolatedAsync($"""
            DELETE FROM idempotency_keys
             WHERE organization_id = {organizationId} AND key = {key}
               AND (created_at < {now - Lifetime} OR (completed_at IS NULL AND created_at < {now - Abandoned}))
            """, cancellationToken);
        int inserted = await db.Database.ExecuteSqlInterpolatedAsync($"""
            INSERT INTO idempotency_keys (organization_id, key, fingerprint, created_at)
            VALUES ({organizationId}, {key}, {fingerprint}, {now})
            ON CONFLICT (organization_id, key) DO NOTHING
            """, cancellationToken);
        if (inserted == 1)
        {
            await RemoveExpiredAsync(now, cancellationToken);
            return new IdempotencyClaim(IdempotencyOutcome.Claimed);
        }
        var stored = await db.IdempotencyKeys.AsNoTracking()
            .FirstOrDefaultAsync(r => r.OrganizationId == organizationId && r.Key == key, cancellationToken);
        if (stored is null)
            return null;
        if (stored.Fingerprint != fingerprint)
            return new IdempotencyClaim(IdempotencyOutcome.Mismatch, stored);
        return stored.CompletedAt is null
            ? new IdempotencyClaim(IdempotencyOutcome.InProgress, stored)
            : new IdempotencyClaim(IdempotencyOutcome.Replay, stored);
    }

    /// <summary>Keeps the first request's response for the key's retries.</summary>
    public async Task CompleteAsync(Guid organizationId, string key, IdempotentResponse response, CancellationToken cancellationToken) =>
        await db.IdempotencyKeys.Where(r => r.OrganizationId == organizationId && r.Key == key)
            .ExecuteUpdateAsync(u => u
                .SetProperty(r => r.CompletedAt, clock.GetUtcNow())
                .SetProperty(r => r.StatusCode, response.StatusCode)
                .SetProperty(r => r.ContentType, response.ContentType)
                .SetProperty(r => r.Location, response.Location)
                .SetProperty(r => r.Etag, response.ETag)
                .SetProperty(r => r.Body, response.Body), cancellationToken);

    /// <summary>Frees the key (the first request failed on our side): a retry runs the request again.</summary>
    public async Task ReleaseAsync(Guid organizationId, string key, CancellationToken cancellationToken) =>
        await db.IdempotencyKeys.Where(r => r.OrganizationId == organizationId && r.Key == key && r.CompletedAt == null)
            .ExecuteDeleteAsync(cancellationToken);

    /// <summary>A few expired rows per claim, oldest first: the table stays small without a job of its own.</summary>
    private async Task RemoveExpiredAsync(DateTimeOffset now, CancellationToken cancellationToken) =>
        await db.Database.ExecuteSqlInterpolatedAsync($"""
            DELETE FROM idempotency_keys
             WHERE ctid IN (SELECT ctid FROM idempotency_keys WHERE created_at < {now - Lifetime} ORDER BY created_at LIMIT 100)
            """, cancellationToken);
}
