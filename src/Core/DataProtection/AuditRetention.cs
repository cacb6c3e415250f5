using System.Globalization;
using System.Text.Json;
using Crashdesk.Core.Audit;
using Crashdesk.Core.Data;
using Crashdesk.Core.Domain;
using Crashdesk.Core.Services;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Crashdesk.Core.DataProtection;

/// <summary>
/// Deletes audit events older than their organisation's audit retention (none set: kept for ever). The
/// log's trigger (migrations/0015_log_retention.sql) lets a DELETE through only for such rows and only
/// in a transaction that set <c>crashdesk.audit_purge</c>; each organisation's purge is recorded as an
/// <see cref="AuditAction.AuditPurge"/> event in the same transaction, so the log says what left it and when.
/// </summary>
public sealed class AuditRetention(CrashdeskDbContext db, ILogger<AuditRetention> logger)
{
    /// <summary>Rows per DELETE: a long log leaves in short transactions that never hold the table for long.</summary>
    private const int Batch = 5000;

    private sealed record Due(Guid OrganizationId, int Days);

    public async Task<int> RunAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var due = await db.Database.SqlQuery<Due>($"""
            SELECT organization_id AS "OrganizationId", audit_retention_days AS "Days"
              FROM organization_data_policies WHERE audit_retention_days IS NOT NULL
            """).ToListAsync(cancellationToken);
        int total = 0;
        foreach (var policy in due)
            total += await PurgeAsync(policy, now, cancellationToken);
        if (total > 0)
            logger.LogInformation("Audit retention: {Count} event(s) older than their organisation's audit retention deleted", total);
        return total;
    }

    private async Task<int> PurgeAsync(Due policy, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var before = now.AddDays(-policy.Days);
        int deleted = 0;
        while (true)
        {
            db.ChangeTracker.Clear();
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            await db.Database.ExecuteSqlRawAsync("SET LOCAL crashdesk.audit_purge = 'on'", cancellationToken);
            int batch = await db.Database.ExecuteSqlInterpolatedAsync($"""
                DELETE FROM audit_events WHERE id IN (
                    SELECT id FROM audit_events WHERE organization_id = {policy.OrganizationId} AND at < {before} ORDER BY at LIMIT {Batch})
                """, cancellationToken);
            if (batch > 0)
            {
                db.AuditEvents.Add(new AuditEvent
                {
                    OrganizationId = policy.OrganizationId, At = now, ActorName = CaseTimeline.ServiceActor, Action = AuditAction.AuditPurge,
                    TargetKind = AuditAction.TargetKindOf(AuditAction.AuditPurge),
                    Detail = JsonSerializer.Serialize(new Dictionary<string, string>
                    {
                        ["events"] = batch.ToString(CultureInfo.InvariantCulture),
                        ["olderThan"] = before.ToString("O", CultureInfo.InvariantCulture),
                        ["reason"] = $"the organisation keeps its audit log {policy.Days} days",
                    }),
                });
                await db.SaveChangesAsync(cancellationToken);
            }
            await transaction.CommitAsync(cancellationToken);
            deleted += batch;
            if (batch < Batch)
                return deleted;
        }
    }
}
